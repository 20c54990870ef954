"""The command line: parses arguments, calls the Python API, formats what it returns."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from collections.abc import Iterator
from typing import Any

import click
from rich.console import Console

import claimledger

from . import __version__
from .errors import ClaimledgerError, InputError
from .ingest.readers import holds_many, read_path
from .model import ArticleClaims
from .render import article_view

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@click.group()
@click.version_option(__version__, "--version", prog_name="claimledger")
def main() -> None:
    """Turn news articles into a ledger of attributed claims and figures.

    Example:

    \b
        claimledger extract src/claimledger/data/sample/sample_article.txt --format table
    """


def _published(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        if ISO_DATE.match(value):
            return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD (for example 2026-03-12).")


@main.command()
@click.argument("path")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "jsonl", "table"]),
    default="json",
    show_default=True,
    help="json: one object (an array for .jsonl input); jsonl: one line per article; table: for reading.",
)
@click.option(
    "--published",
    callback=_published,
    metavar="YYYY-MM-DD",
    help="Publication date, used for every article in place of any date in the input.",
)
@click.option(
    "--include-text", is_flag=True, help="Add the analysed text as article.text (offsets point into it)."
)
@click.option(
    "--model", metavar="NAME", help="Installed English spaCy pipeline to use instead of the default."
)
@click.option(
    "--keep-going",
    is_flag=True,
    help="Skip bad lines of a .jsonl input (reported on stderr), exit 1 at the end.",
)
def extract(
    path: str, fmt: str, published: str | None, include_text: bool, model: str | None, keep_going: bool
) -> None:
    """Extract the attributed claims and figures of the articles in PATH.

    PATH is a .txt, .html/.htm, .jsonl or .jsonl.gz file (one JSON object per line with
    "text" or "html" and optional id, url, title, outlet, published), or - for text on stdin.

    Example:

    \b
        claimledger extract src/claimledger/data/sample/sample_article.txt --published 2026-03-12
        cat src/claimledger/data/sample/sample_article.txt | claimledger extract - --format jsonl
    """
    skipped: list[InputError] = []

    def report(error: InputError) -> None:
        skipped.append(error)
        click.echo(f"skipped: {error}", err=True)

    try:
        records = read_path(path, keep_going=keep_going, on_error=report)
        if published is not None:
            records = ({**record, "published": published} for record in records)
        results = claimledger.extract_many(records, model=model)
        _write(results, fmt, include_text, as_array=holds_many(path))
    except ClaimledgerError as exc:
        raise click.ClickException(str(exc)) from None
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, without a second error on exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    if skipped:
        raise click.ClickException(f"{len(skipped)} bad input line(s) skipped; see the messages above.")


def _write(results: Iterator[ArticleClaims], fmt: str, include_text: bool, as_array: bool) -> None:
    if fmt == "jsonl":
        for result in results:
            line: dict[str, Any] = {"_doc": result.input_id, **result.to_dict(include_text)}
            click.echo(json.dumps(line, ensure_ascii=False))
    elif fmt == "table":
        console = Console()
        for result in results:
            console.print(article_view(result))
    elif as_array:
        # Collected first so that an error half-way leaves no truncated array behind.
        click.echo(json.dumps([r.to_dict(include_text) for r in results], ensure_ascii=False, indent=2))
    else:
        for result in results:
            click.echo(result.to_json(include_text))


def _add_ledger_commands() -> None:
    from .ledger.commands import COMMANDS

    for command in COMMANDS:
        main.add_command(command)


_add_ledger_commands()
