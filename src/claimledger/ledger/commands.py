"""Click commands for the ledger (``ingest``, ``sources``, ``series``, ``claims``, ``export``).

The main CLI adds them with ``main.add_command(...)``. Each one opens ``Ledger(--db)`` and
calls one of its methods; formatting is all that happens here.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from ..errors import ClaimledgerError
from .api import Ledger, LedgerError
from .db import DEFAULT_DB, ENV_VAR
from .exports import FORMATS, ExportError, write_export
from .queries import CLAIM_COLUMNS
from .store import IngestSummary


class RateColumn(ProgressColumn):
    """Articles per second."""

    def render(self, task: Task) -> Text:
        return Text(f"{task.speed:.1f}/s" if task.speed else "")


MEASURE_HELP = "e.g. killed, wounded, killed_or_wounded, deployed (see the claims format)"


def db_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db", envvar=ENV_VAR, default=DEFAULT_DB, show_default=True, metavar="PATH|URL",
        help=f"Ledger database: a SQLite file or a postgresql:// URL (env {ENV_VAR}).",
    )(f)


def _open(db: str) -> Ledger:
    try:
        return Ledger(db)
    except Exception as exc:  # noqa: BLE001 - connection and migration errors all end the same way
        raise click.ClickException(f"cannot open the ledger {db!r}: {exc}") from exc


@click.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--model", metavar="NAME", help="Installed English spaCy pipeline instead of the default.")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar (default: when stderr is a terminal).")
@click.option("--allow-private", is_flag=True,
              help="Fetch URLs on private, loopback and link-local addresses.")
def ingest(paths: tuple[str, ...], db: str, model: str | None, progress: bool | None,
           allow_private: bool) -> None:
    """Extract and store the articles in PATHS (files, directories recursively, URLs).

    Reads .txt, .html, .jsonl and .jsonl.gz (JSON lines of articles, or of claims-format
    output written with --include-text, stored without extracting again). Articles already
    in the ledger are skipped, so running the same command again continues where it stopped.
    A URL is a page (its main text is extracted) or an RSS/Atom feed (each entry is fetched).
    Exits 1 when any input failed.

    Example:

    \b
        claimledger ingest articles/ more.jsonl.gz https://example.org/feed.xml --db claimledger.db
    """
    ledger = _open(db)
    err = Console(stderr=True)
    show = progress if progress is not None else err.is_terminal
    try:
        if show:
            with Progress(
                TextColumn("ingest"), BarColumn(), MofNCompleteColumn(),
                TextColumn("new {task.fields[new]} dup {task.fields[dup]} failed {task.fields[failed]}"),
                RateColumn(), TimeElapsedColumn(), console=err,
            ) as bar:
                task = bar.add_task("ingest", total=None, new=0, dup=0, failed=0)

                def tick(_status: str, s: IngestSummary) -> None:
                    bar.update(task, advance=1, new=s.new, dup=s.duplicate, failed=s.failed)

                summary = ledger.ingest(paths, model=model, allow_private=allow_private, on_article=tick)
        else:
            summary = ledger.ingest(paths, model=model, allow_private=allow_private)
    except ClaimledgerError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        ledger.close()
    for failure in summary.failures:
        click.echo(f"failed: {failure.where}: {failure.reason}", err=True)
    click.echo(
        f"new {summary.new}, duplicate {summary.duplicate}, failed {summary.failed}; "
        f"claims {summary.claims}, figures {summary.figures}"
    )
    sys.exit(0 if summary.ok else 1)


@click.group(invoke_without_command=True)
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def sources(ctx: click.Context, db: str, fmt: str) -> None:
    """List the sources in the ledger with their aliases and claim counts.

    Example:

    \b
        claimledger sources --db claimledger.db
    """
    ctx.obj = {"db": db}
    if ctx.invoked_subcommand is not None:
        return
    with _open(db) as ledger:
        rows = ledger.sources()
    if fmt == "json":
        click.echo(json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=2))
        return
    table = Table("id", "source", "type", "affiliation", "claims", "aliases")
    for r in rows:
        table.add_row(str(r.id), r.name, r.type, r.affiliation or "", str(r.claims), "; ".join(r.aliases))
    _console().print(table)


@sources.command("merge")
@click.argument("a")
@click.argument("b")
@click.pass_context
def sources_merge(ctx: click.Context, a: str, b: str) -> None:
    """Fold source A into source B (ids, names or aliases); later ingests keep them one.

    Example:

    \b
        claimledger sources merge "the army chief" "Oren Vask"
    """
    with _open(ctx.obj["db"]) as ledger:
        try:
            merged = ledger.merge_sources(a, b)
        except LedgerError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"merged into {merged.name} (id {merged.id}): {merged.claims} claims; aliases: "
               + "; ".join(merged.aliases))


@sources.command("split")
@click.argument("source")
@click.argument("aliases", nargs=-1, required=True)
@click.pass_context
def sources_split(ctx: click.Context, source: str, aliases: tuple[str, ...]) -> None:
    """Make a new source of ALIASES of SOURCE (named after the first); later ingests keep them apart.

    Example:

    \b
        claimledger sources split "Oren Vask" "the army chief"
    """
    with _open(ctx.obj["db"]) as ledger:
        try:
            new = ledger.split_source(source, list(aliases))
        except LedgerError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"new source {new.name} (id {new.id}): {new.claims} claims; aliases: "
               + "; ".join(new.aliases))


@click.group(invoke_without_command=True)
@db_option
@click.pass_context
def series(ctx: click.Context, db: str) -> None:
    """List the series: figures grouped by what they count (subject, measure, place).

    Example:

    \b
        claimledger series --db claimledger.db
    """
    ctx.obj = {"db": db}
    if ctx.invoked_subcommand is not None:
        return
    with _open(db) as ledger:
        rows = ledger.series()
    table = Table("id", "series", "figures", "sources", "first", "last")
    for r in rows:
        table.add_row(str(r.id), r.label, str(r.figures), str(r.sources), r.first or "", r.last or "")
    _console().print(table)


@series.command("show")
@click.argument("series_id", type=int, required=False)
@click.option("--measure", help="Without SERIES_ID: the largest series with this measure. " + MEASURE_HELP)
@click.option("--place", help="Without SERIES_ID: the largest series whose place contains this.")
@click.option("--subject", help="Without SERIES_ID: the largest series whose subject contains this.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False), metavar="FILE.png|FILE.svg",
              help="Also draw the timeline (estimates over time by source, bounds as intervals) to this file.")
@click.pass_context
def series_show(ctx: click.Context, series_id: int | None, measure: str | None, place: str | None,
                subject: str | None, fmt: str, plot_path: str | None) -> None:
    """Print the timeline of series SERIES_ID: estimates with revisions and disagreements marked.

    Instead of SERIES_ID, --measure, --place and --subject pick the largest matching series
    (the first one `claimledger series` lists), whose id may change from ledger to ledger.

    Example:

    \b
        claimledger series show 1
        claimledger series show --measure killed --place Dessany --plot series.png
    """
    if plot_path is not None and not plot_path.lower().endswith((".png", ".svg")):
        raise click.BadParameter("give a file name ending in .png or .svg", param_hint="--plot")
    with _open(ctx.obj["db"]) as ledger:
        try:
            if series_id is None:
                series_id = _pick_series(ledger, measure, place, subject)
            timeline = ledger.series_timeline(series_id)
            label = next(s.label for s in ledger.series() if s.id == series_id)
        except LedgerError as exc:
            raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        click.echo(json.dumps([e.to_dict() for e in timeline], ensure_ascii=False, indent=2))
    else:
        table = Table("#", "date", "source", "figure", "low", "high", "period", "outlets", "marks",
                      title=f"series {series_id}: {label}")
        for e in timeline:
            marks = []
            if e.superseded_by is not None:
                marks.append(f"revised by #{e.superseded_by}")
            if e.revises:
                marks.append("revises " + ", ".join(f"#{i}" for i in e.revises))
            if e.disagrees_with:
                marks.append("disagrees with " + ", ".join(f"#{i}" for i in e.disagrees_with))
            low, high = e.interval()
            period = ""
            if e.period_start or e.period_end:
                period = f"{e.period_start or '…'} to {e.period_end or '…'}"
            table.add_row(
                str(e.index), e.stated_on or "", e.source or "(unattributed)", e.text, _num(low), _num(high),
                period, ", ".join(e.outlets), "; ".join(marks),
            )
        _console().print(table)
    if plot_path is not None:
        from .plot import save_plot

        try:
            written = save_plot([e.to_dict() for e in timeline], plot_path, title=f"Series {series_id}: {label}")
        except (ValueError, OSError) as exc:
            raise click.ClickException(f"cannot draw the plot: {exc}") from exc
        click.echo(f"plot written to {written}", err=fmt == "json")


def _pick_series(ledger: Ledger, measure: str | None, place: str | None, subject: str | None) -> int:
    if not (measure or place or subject):
        raise LedgerError("give a SERIES_ID, or --measure/--place/--subject to pick one; "
                          "`claimledger series` lists them")
    for s in ledger.series():  # largest first, then by id
        if measure and s.measure != measure:
            continue
        if place and place.lower() not in (s.place or "").lower():
            continue
        if subject and subject.lower() not in s.subject.lower():
            continue
        return s.id
    raise LedgerError("no series matches; `claimledger series` lists them")


def _console() -> Console:
    console = Console()
    # Piped output is not cut to 80 columns: rows stay whole for grep and less.
    return console if console.is_terminal else Console(width=200)


def _num(x: float) -> str:
    if x == float("inf"):
        return ""
    return f"{x:,.0f}" if x == int(x) else f"{x:,}"


@click.command()
@db_option
@click.option("--source", help="A source's id, name or alias (or part of its name).")
@click.option("--measure", help=MEASURE_HELP)
@click.option("--place", help="Part of a place name.")
@click.option("--since", metavar="YYYY-MM-DD", help="Stated (or published) on or after this date.")
@click.option("--until", metavar="YYYY-MM-DD", help="Stated (or published) on or before this date.")
@click.option("--search", metavar="WORDS", help="Full-text search in the claim text (all words).")
@click.option("--limit", type=int, help="At most this many rows.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True)
def claims(db: str, source: str | None, measure: str | None, place: str | None, since: str | None,
           until: str | None, search: str | None, limit: int | None, fmt: str) -> None:
    """List claims, one row per figure, filtered.

    Example:

    \b
        claimledger claims --measure killed --since 2026-01-01 --search "border village" --format csv
    """
    with _open(db) as ledger:
        rows = ledger.claims(source=source, measure=measure, place=place, since=since, until=until,
                             search=search, limit=limit)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(CLAIM_COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        table = Table("date", "outlet", "source", "figure", "measure", "place", "claim")
        for r in rows:
            table.add_row(r["stated_on"] or r["published"] or "", r["outlet"] or "", r["source"] or "",
                          r["figure"] or "", r["measure"] or "", r["place"] or "", r["text"])
        _console().print(table)


@click.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True,
              help="jsonl: claims format, one article per line; csv, parquet: one row per figure; "
                   "claimreview: schema.org Claim JSON-LD; plover: PLOVER-style event JSON lines; "
                   "ucdp: UCDP-style CSV of series (low, best, high per period).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write to FILE instead of stdout (required for parquet).")
@click.option("--include-text", is_flag=True,
              help="jsonl: add article.text, so that the lines can be ingested into another ledger.")
def export(db: str, fmt: str, output: str | None, include_text: bool) -> None:
    """Write the whole ledger in one format (see docs/exports.md for every field).

    Example:

    \b
        claimledger export --format csv -o figures.csv
        claimledger export --format jsonl --include-text -o ledger.jsonl
    """
    with _open(db) as ledger:
        try:
            n = write_export(ledger, fmt, output, include_text=include_text)
        except ExportError as exc:
            raise click.ClickException(str(exc)) from exc
    if output is not None:
        click.echo(f"{n} {fmt} records written to {output}")


COMMANDS = (ingest, sources, series, claims, export)
