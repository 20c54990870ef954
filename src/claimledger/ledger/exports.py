"""Exports of a ledger: claims-format JSON lines, figure tables, schema.org, PLOVER- and UCDP-style data.

Each format is one generator over a ``Ledger`` (usable from Python) and ``write_export`` writes
any of them to a file or stdout. What each field comes from, and what a format cannot carry,
is in docs/exports.md.
"""

from __future__ import annotations

import csv
import json
import statistics
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from sqlalchemy import select, text
from sqlalchemy.orm import aliased

from ..lexicon import load_json
from ..model import Article, ArticleClaims, Claim, Figure, Location, Period, Source
from .schema import ArticleRow, ClaimRow, FigureRow, PlaceRow, SourceRow

if TYPE_CHECKING:
    from .api import Ledger
    from .series import Estimate

FORMATS = ("jsonl", "csv", "parquet", "claimreview", "plover", "ucdp")
PARQUET_EXTRA = "pip install 'claimledger[parquet]'"
# Articles read per query when rebuilding claims-format output, so memory stays flat.
ARTICLE_CHUNK = 200
JSONLD_CONTEXT = "https://schema.org"
ID_PREFIX = "urn:claimledger"
UNATTRIBUTED = "(unattributed)"

# One row per figure: the columns of the ``claims_flat`` view, in its order.
FIGURE_COLUMNS: dict[str, str] = {
    "figure_id": "int", "figure_text": "str", "value": "float", "low": "float", "high": "float",
    "bound": "str", "unit": "str", "counted": "str", "measure": "str", "subject": "str",
    "period_start": "str", "period_end": "str", "figure_start": "int", "figure_end": "int",
    "location_name": "str", "place": "str", "place_country": "str", "lat": "float", "lon": "float",
    "claim_id": "int", "claim_key": "str", "kind": "str", "claim_text": "str", "cue": "str",
    "direct": "bool", "hedged": "bool", "stated_on": "str", "source_mention": "str",
    "source_as_given": "str", "source_type_given": "str", "source_id": "int", "source": "str",
    "source_type": "str", "source_role": "str", "source_affiliation_id": "int", "source_affiliation": "str",
    "article_id": "int", "article_hash": "str", "url": "str", "outlet": "str", "title": "str",
    "published": "str", "series_id": "int",
}

UCDP_COLUMNS = (
    "series_id", "series", "subject", "measure", "unit", "place", "date_start", "date_end",
    "low", "best", "high", "estimates", "number_of_sources", "sources", "outlets", "articles", "urls",
)


class ExportError(ValueError):
    """An export that cannot be written as asked; the message says what to do."""


# --- claims format ------------------------------------------------------------------------

def article_claims(ledger: Ledger) -> Iterator[ArticleClaims]:
    """Every stored article as the extraction gave it (claims format, with its text), in storage order.

    Sources are the names the extraction gave (not the ledger's merged sources), so that the
    output can be ingested into another ledger and resolved there again.
    """
    with ledger.session() as s:
        last = 0
        while True:
            articles = s.scalars(
                select(ArticleRow).where(ArticleRow.id > last).order_by(ArticleRow.id).limit(ARTICLE_CHUNK)
            ).all()
            if not articles:
                return
            first, last = articles[0].id, articles[-1].id
            in_chunk = ClaimRow.article_id.between(first, last)
            claims: dict[int, list[ClaimRow]] = {}
            for c in s.scalars(select(ClaimRow).where(in_chunk).order_by(ClaimRow.id)):
                claims.setdefault(c.article_id, []).append(c)
            figures: dict[int, list[tuple[FigureRow, PlaceRow | None]]] = {}
            for f, p in s.execute(
                select(FigureRow, PlaceRow).join(ClaimRow, ClaimRow.id == FigureRow.claim_id)
                .outerjoin(PlaceRow, PlaceRow.id == FigureRow.place_id).where(in_chunk).order_by(FigureRow.id)
            ):
                figures.setdefault(f.claim_id, []).append((f, p))
            for a in articles:
                yield ArticleClaims(
                    article=Article(id=a.content_hash, url=a.url, title=a.title, outlet=a.outlet,
                                    published=a.published, language=a.language),
                    claims=[_claim(c, figures.get(c.id, [])) for c in claims.get(a.id, [])],
                    text=a.text, input_id=a.input_id,
                )


def _claim(c: ClaimRow, figures: list[tuple[FigureRow, PlaceRow | None]]) -> Claim:
    source = None
    if c.source_name is not None:
        source = Source(name=c.source_name, mention=c.source_mention or c.source_name, start=c.source_start,
                        end=c.source_end, type=c.source_type or "organization",  # type: ignore[arg-type]
                        role=c.source_role, affiliation=c.source_affiliation)
    return Claim(id=c.claim_key, kind=c.kind, source=source, cue=c.cue,  # type: ignore[arg-type]
                 cue_start=c.cue_start, cue_end=c.cue_end, direct=bool(c.direct), text=c.text, start=c.start,
                 end=c.end, stated_on=c.stated_on, hedged=bool(c.hedged), figures=[_figure(f, p) for f, p in figures])


def _figure(f: FigureRow, p: PlaceRow | None) -> Figure:
    location = None
    if f.location_name is not None:
        location = Location(name=f.location_name)
        if p is not None:
            # A place is keyed by the resolved name, else the name as written: a place with the
            # same name and no gazetteer data was not resolved.
            resolved = p.name != f.location_name or p.country is not None or p.geonameid is not None
            if resolved:
                location = Location(name=f.location_name, resolved=p.name, country=p.country, admin1=p.admin1,
                                    geonameid=p.geonameid, lat=p.lat, lon=p.lon,
                                    precision=p.precision)  # type: ignore[arg-type]
    period = Period(f.period_start, f.period_end) if f.period_start or f.period_end else None
    return Figure(text=f.text, start=f.start, end=f.end, value=f.value, low=f.low, high=f.high,
                  bound=f.bound, unit=f.unit, counted=f.counted, measure=f.measure,  # type: ignore[arg-type]
                  subject=f.subject, location=location, period=period)


# --- one row per figure ---------------------------------------------------------------------

def figure_rows(ledger: Ledger) -> Iterator[dict[str, Any]]:
    """One dict per figure with FIGURE_COLUMNS (the ``claims_flat`` view), by figure id."""
    return _flat_rows(ledger)


def _flat_rows(ledger: Ledger, *, claim_offsets: bool = False) -> Iterator[dict[str, Any]]:
    columns = ", ".join(f"cf.{k}" for k in FIGURE_COLUMNS)
    sql = f"SELECT {columns} FROM claims_flat cf ORDER BY cf.figure_id"
    if claim_offsets:
        sql = (f"SELECT {columns}, c.start AS claim_start, c.\"end\" AS claim_end FROM claims_flat cf "
               "JOIN claims c ON c.id = cf.claim_id ORDER BY cf.figure_id")
    with ledger.session() as s:
        for row in s.execute(text(sql)).mappings():
            out = {k: _typed(FIGURE_COLUMNS[k], row[k]) for k in FIGURE_COLUMNS}
            if claim_offsets:
                out["claim_start"], out["claim_end"] = row["claim_start"], row["claim_end"]
            yield out


def _typed(kind: str, value: Any) -> Any:
    if value is None:
        return None
    # SQLite returns booleans as 0/1 and may return whole floats as ints.
    return {"bool": bool, "int": int, "float": float, "str": str}[kind](value)


# --- schema.org Claim ---------------------------------------------------------------------

def claim_jsonld(ledger: Ledger) -> Iterator[dict[str, Any]]:
    """A schema.org ``Claim`` for each statement (not the non-responses), by claim id."""
    org = aliased(SourceRow)
    stmt = (
        select(ClaimRow, ArticleRow.content_hash, ArticleRow.url, ArticleRow.title, ArticleRow.outlet,
               ArticleRow.published, SourceRow.name, SourceRow.type, org.name)
        .join(ArticleRow, ArticleRow.id == ClaimRow.article_id)
        .outerjoin(SourceRow, SourceRow.id == ClaimRow.source_id)
        .outerjoin(org, org.id == SourceRow.affiliation_id)
        .where(ClaimRow.kind == "statement")
        .order_by(ClaimRow.id)
    )
    with ledger.session() as s:
        for c, article_hash, url, title, outlet, published, name, type_, org_name in s.execute(stmt):
            appearance = _drop_none({
                "@type": "NewsArticle", "identifier": article_hash, "url": url, "headline": title,
                "datePublished": published,
                "publisher": {"@type": "Organization", "name": outlet} if outlet else None,
            })
            yield _drop_none({
                "@type": "Claim",
                "@id": f"{ID_PREFIX}:claim:{article_hash}:{c.claim_key}",
                "text": c.text,
                "author": _author(c, name, type_, org_name, outlet),
                "datePublished": c.stated_on,
                "appearance": appearance,
            })


def _author(c: ClaimRow, name: str | None, type_: str | None, org_name: str | None,
            outlet: str | None) -> dict[str, Any] | None:
    if c.source_name is None:
        # The article asserts it itself: the outlet is the author.
        return {"@type": "Organization", "name": outlet} if outlet else None
    name = name or c.source_name
    type_ = type_ or c.source_type
    person = type_ in ("person", "anonymous")
    author: dict[str, Any] = {"@type": "Person" if person else "Organization", "name": name}
    if c.source_name != name:
        author["alternateName"] = c.source_name
    if person and c.source_role:
        author["jobTitle"] = c.source_role
    affiliation = org_name or c.source_affiliation
    if person and affiliation:
        author["affiliation"] = {"@type": "Organization", "name": affiliation}
    if type_ == "anonymous":
        author["description"] = "unnamed source"
    return author


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


# --- PLOVER-style events ------------------------------------------------------------------

def plover_events(ledger: Ledger) -> Iterator[dict[str, Any]]:
    """PLOVER-style event records: a claim's figures grouped by event category and place.

    ``actor`` (who did it) is null: claimledger records who *claims* a figure (``source``),
    not who caused it. The counted group is the ``recipient``.
    """
    measures = load_json("export_plover.json")["measures"]
    claim_id: int | None = None
    events: list[dict[str, Any]] = []
    for row in _flat_rows(ledger, claim_offsets=True):
        if row["claim_id"] != claim_id:
            yield from _finished(events)
            claim_id, events = row["claim_id"], []
        mapping = measures.get(row["measure"], measures["other"])
        size_key = mapping["size"]
        where = (row["location_name"], row["place"])
        event = next((e for e in events if e["event"] == mapping["event"] and e["_where"] == where
                      and size_key not in e["size"]), None)
        if event is None:
            event = _plover_event(row, mapping["event"], len(events) + 1)
            event["_where"] = where
            events.append(event)
        event["size"][size_key] = _best(row["value"], row["low"], row["high"], row["bound"])
        event["figures"].append({
            "text": row["figure_text"], "start": row["figure_start"], "end": row["figure_end"],
            "measure": row["measure"], "size_key": size_key, "value": row["value"], "low": row["low"],
            "high": row["high"], "bound": row["bound"], "unit": row["unit"], "counted": row["counted"],
        })
        if event["recipient"] is None:
            event["recipient"] = row["subject"] or row["counted"]
    yield from _finished(events)


def _finished(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for e in events:
        del e["_where"]
    return events


def _plover_event(row: dict[str, Any], category: str | None, n: int) -> dict[str, Any]:
    return {
        "id": f"{row['article_hash']}-{row['claim_key']}-{n}",
        "date": row["period_end"] or row["stated_on"] or row["published"],
        "date_start": row["period_start"],
        "date_reported": row["stated_on"] or row["published"],
        "event": category,
        "actor": None,
        "recipient": None,
        "source": {
            "name": row["source"] or row["source_as_given"], "as_written": row["source_as_given"],
            "type": row["source_type"] or row["source_type_given"], "role": row["source_role"],
            "affiliation": row["source_affiliation"],
        } if row["source_as_given"] is not None else None,
        "size": {},
        "location": {
            "name": row["location_name"], "place": row["place"], "country": row["place_country"],
            "lat": row["lat"], "lon": row["lon"],
        } if row["location_name"] is not None else None,
        "text": row["claim_text"],
        "text_start": row["claim_start"],
        "text_end": row["claim_end"],
        "hedged": row["hedged"],
        "figures": [],
        "cite": {
            "article_id": row["article_hash"], "url": row["url"], "outlet": row["outlet"], "title": row["title"],
            "published": row["published"], "claim": row["claim_key"], "cue": row["cue"],
        },
    }


def _best(value: float | None, low: float | None, high: float | None, bound: str) -> float | None:
    """One number for a figure: the stated value, an open bound's number, a range's midpoint."""
    if value is not None:
        return value
    if bound in ("gt", "ge"):
        return low if low is not None else high
    if bound in ("lt", "le"):
        return high if high is not None else low
    if low is not None and high is not None:
        return (low + high) / 2
    return low if low is not None else high


# --- UCDP-style series table --------------------------------------------------------------

def ucdp_rows(ledger: Ledger) -> Iterator[dict[str, Any]]:
    """One row per series and period: low, best and high over its estimates, and their sources.

    A period is a run of estimates whose spans (``Estimate.span()``: the stated period, else the
    days before the statement) overlap, as for disagreements. Within a period, an estimate that
    its source revised in the same period is left out.
    """
    for series in sorted(ledger.series(), key=lambda x: x.id):
        for (start, end), group in _periods(ledger.series_timeline(series.id)):
            in_group = {e.index for e in group}
            current = [e for e in group if e.superseded_by not in in_group]
            numbers = [n for n in map(_numbers, current) if n is not None]
            sources = sorted({e.source or UNATTRIBUTED for e in current})
            yield {
                "series_id": series.id, "series": series.label, "subject": series.subject,
                "measure": series.measure, "unit": series.unit, "place": series.place,
                "date_start": start, "date_end": end,
                "low": min(n[0] for n in numbers) if numbers else None,
                "best": statistics.median(n[1] for n in numbers) if numbers else None,
                "high": max(n[2] for n in numbers) if numbers else None,
                "estimates": len(current),
                "number_of_sources": len(sources),
                "sources": sources,
                "outlets": sorted({o for e in current for o in e.outlets}),
                "articles": sorted({a for e in current for a in e.articles}),
                "urls": sorted({u for e in current for u in e.urls}),
            }


def _periods(timeline: list[Estimate]) -> list[tuple[tuple[str | None, str | None], list[Estimate]]]:
    """Estimates in runs of overlapping spans, by date; undated estimates last, as one run."""
    dated = sorted((e.span(), e.index, e) for e in timeline if e.span() is not None)
    runs: list[tuple[list[Any], list[Estimate]]] = []
    for (start, end), _i, e in dated:
        if runs and start <= runs[-1][0][1]:
            runs[-1][0][1] = max(runs[-1][0][1], end)
            runs[-1][1].append(e)
        else:
            runs.append(([start, end], [e]))
    out = [((start.isoformat(), end.isoformat()), group) for (start, end), group in runs]
    undated = [e for e in timeline if e.span() is None]
    if undated:
        out.append(((None, None), undated))
    return out


def _numbers(e: Estimate) -> tuple[float, float, float] | None:
    """(low, best, high) an estimate states; an open bound counts as its stated number."""
    best = _best(e.value, e.low, e.high, e.bound)
    if best is None:
        return None
    if e.value is None and e.bound in ("range", "vague"):
        return (e.low if e.low is not None else best, best, e.high if e.high is not None else best)
    return best, best, best


# --- writing ------------------------------------------------------------------------------

def write_export(ledger: Ledger, fmt: str, out: str | Path | None = None, *, include_text: bool = False) -> int:
    """Write the ledger in ``fmt`` (one of FORMATS) to ``out`` (stdout when None); returns the records written.

    ``include_text`` adds ``article.text`` to ``jsonl`` lines, so they can be ingested into another ledger.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if out is None:
            raise ExportError("Parquet is a binary file: give one with -o FILE.parquet")
        return _write_parquet(figure_rows(ledger), Path(out))
    with _open_text(out) as fh:
        if fmt == "jsonl":
            return _write_lines(fh, (a.to_dict(include_text) for a in article_claims(ledger)))
        if fmt == "plover":
            return _write_lines(fh, plover_events(ledger))
        if fmt == "csv":
            return _write_csv(fh, list(FIGURE_COLUMNS), figure_rows(ledger))
        if fmt == "ucdp":
            rows = ({**r, **{k: "; ".join(r[k]) for k in ("sources", "outlets", "articles", "urls")}}
                    for r in ucdp_rows(ledger))
            return _write_csv(fh, list(UCDP_COLUMNS), rows)
        return _write_jsonld(fh, claim_jsonld(ledger))


@contextmanager
def _open_text(out: str | Path | None) -> Iterator[IO[str]]:
    if out is None:
        yield sys.stdout
        return
    with open(out, "w", encoding="utf-8", newline="") as fh:
        yield fh


def _write_lines(fh: IO[str], records: Iterable[dict[str, Any]]) -> int:
    n = 0
    for record in records:
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


def _write_jsonld(fh: IO[str], items: Iterable[dict[str, Any]]) -> int:
    # Written item by item: a large ledger is not held in memory as one document.
    fh.write('{\n "@context": "' + JSONLD_CONTEXT + '",\n "@graph": [')
    n = 0
    for item in items:
        fh.write(("," if n else "") + "\n  " + json.dumps(item, ensure_ascii=False))
        n += 1
    fh.write("\n ]\n}\n")
    return n


def _write_csv(fh: IO[str], columns: list[str], rows: Iterable[dict[str, Any]]) -> int:
    writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow({k: _cell(row[k]) for k in columns})
        n += 1
    return n


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _write_parquet(rows: Iterable[dict[str, Any]], path: Path) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ExportError(f"Parquet export needs pyarrow, which is not installed: {PARQUET_EXTRA}") from None
    types = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "str": pa.string()}
    schema = pa.schema([(k, types[t]) for k, t in FIGURE_COLUMNS.items()])
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        for chunk in _chunks(rows, 10_000):
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            n += len(chunk)
        if n == 0:
            writer.write_table(schema.empty_table())
    return n


def _chunks(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
