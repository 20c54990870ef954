"""Storing ArticleClaims: one transaction per article, idempotent by content hash.

An article whose normalised text is already stored is a duplicate and is skipped (before
extraction when the text is known up front). A new text under a URL already stored is a
new version, linked to the previous one through ``articles.previous_id``.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from ..errors import ClaimledgerError, InputError, ModelNotFound
from ..ingest.readers import HTML_SUFFIXES, JSONL_SUFFIXES, TEXT_SUFFIXES, parse_jsonl_line, read_path
from ..model import Article, ArticleClaims, Claim, Figure, Location, Period, Source, article_id
from .db import writer
from .schema import ArticleRow, ClaimRow, FigureRow, PlaceRow, SeriesMemberRow, SeriesRow, SourceRow
from .series import normalise_subject, place_key, series_key
from .sources import SourceInput, SourceResolver, identifiable, name_key

INPUT_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES
BATCH_SIZE = 16
# Concurrent ingests may both create the same source, place or series: the loser retries.
RETRIES = 5
# Bulk inserts render NULLs instead of leaving those columns out: otherwise the ORM splits the
# rows into one statement per set of non-null columns, which is most of the rows.
ALL_COLUMNS = {"render_nulls": True}


@dataclass
class Failure:
    where: str
    reason: str


@dataclass
class IngestSummary:
    new: int = 0
    duplicate: int = 0
    failed: int = 0
    claims: int = 0
    figures: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def to_dict(self) -> dict[str, Any]:
        return {"new": self.new, "duplicate": self.duplicate, "failed": self.failed, "claims": self.claims,
                "figures": self.figures, "failures": [f.__dict__ for f in self.failures]}


@dataclass
class Record:
    """One input: a dict for ``extract_many``, or an already extracted article."""

    where: str
    data: dict[str, Any] | None = None
    extracted: ArticleClaims | None = None


# --- reading inputs ---------------------------------------------------------------------

def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path | Failure]:
    """Files to read: each path, directories recursively (sorted), only known suffixes."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and _suffix_ok(child):
                    yield child
        elif path.is_file():
            yield path if _suffix_ok(path) else Failure(str(path), f"unknown file type; use {INPUT_SUFFIXES}")
        else:
            yield Failure(str(path), "no such file or directory")


def _suffix_ok(path: Path) -> bool:
    return path.name.lower().endswith(INPUT_SUFFIXES)


def is_url(path: str | Path) -> bool:
    return isinstance(path, str) and path.lower().startswith(("http://", "https://"))


def iter_records(paths: Iterable[str | Path], *, allow_private: bool = False) -> Iterator[Record | Failure]:
    """Inputs from files: text and HTML files are one article each, JSON lines one per line.

    A JSON line is either an input record (``text`` or ``html`` with optional ``id``, ``url``,
    ``title``, ``outlet``, ``published``) or an already extracted article in the claims format
    written with ``--include-text``, which is stored without extracting again. A URL is
    fetched: a page is one article, a feed one per entry.
    """
    paths = list(paths)
    for url in (p for p in paths if is_url(p)):
        from .fetch import FetchError, url_records

        for rec in url_records(str(url), allow_private=allow_private):
            if isinstance(rec, FetchError):
                yield Failure(str(url), str(rec))
            else:
                yield Record(rec["id"], rec)
    for item in iter_paths(p for p in paths if not is_url(p)):
        if isinstance(item, Failure):
            yield item
        elif item.name.lower().endswith(JSONL_SUFFIXES):
            yield from _jsonl_records(item)
        else:
            try:
                for record in read_path(item):
                    yield Record(str(item), {**record, "id": str(item)})
            except InputError as exc:
                yield Failure(str(item), str(exc))


def _jsonl_records(path: Path) -> Iterator[Record | Failure]:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as fh:
            for lineno, raw in enumerate(fh, 1):
                if raw.strip():
                    yield _jsonl_record(raw, str(path), lineno)
    except (OSError, EOFError, zlib.error) as exc:
        yield Failure(str(path), f"cannot read it: {exc}")


def _jsonl_record(raw: bytes, name: str, lineno: int) -> Record | Failure:
    where = f"{name}:{lineno}"
    try:
        obj = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        obj = None
    if isinstance(obj, dict) and "claims" in obj and isinstance(obj.get("article"), dict):
        try:
            return Record(where, extracted=article_claims_from_dict(obj))
        except (KeyError, TypeError, ValueError) as exc:
            return Failure(where, f"not in the claims format: {exc}")
    try:
        record = parse_jsonl_line(raw, name, lineno)
    except InputError as exc:
        return Failure(where, str(exc).removeprefix(f"{name}, line {lineno}: "))
    record.setdefault("id", where)
    return Record(where, record)


def article_claims_from_dict(obj: dict[str, Any]) -> ArticleClaims:
    """An ArticleClaims from claims-format JSON written with ``--include-text``."""
    art = dict(obj["article"])
    text = art.pop("text", None)
    if not isinstance(text, str):
        raise ValueError("article.text is missing (write the claims with --include-text)")
    claims = []
    for c in obj["claims"]:
        c = dict(c)
        src = Source(**c.pop("source")) if c.get("source") else None
        c.pop("source", None)
        figures = []
        for f in c.pop("figures", []):
            f = dict(f)
            loc = Location(**f.pop("location")) if f.get("location") else None
            per = Period(**f.pop("period")) if f.get("period") else None
            f.pop("location", None)
            f.pop("period", None)
            figures.append(Figure(**f, location=loc, period=per))
        claims.append(Claim(**c, source=src, figures=figures))
    return ArticleClaims(article=Article(**art), claims=claims, text=text,
                         warnings=list(obj.get("warnings", [])))


# --- storing ------------------------------------------------------------------------------

def known_hash(session: Session, content_hash: str) -> bool:
    return session.scalar(select(ArticleRow.id).where(ArticleRow.content_hash == content_hash)) is not None


def store_article(session: Session, ac: ArticleClaims, known: KnownIds | None = None) -> bool:
    """Add one article and its claims in ``session``; False when its text is already stored."""
    known = known if known is not None else KnownIds()
    text = ac.text
    if text is None:
        raise ValueError("ArticleClaims.text is needed to store an article")
    content_hash = article_id(text)
    if known_hash(session, content_hash):
        return False
    a = ac.article
    previous = None
    if a.url:
        previous = session.scalar(
            select(ArticleRow.id).where(ArticleRow.url == a.url).order_by(ArticleRow.id.desc()).limit(1)
        )
    row = ArticleRow(
        content_hash=content_hash, url=a.url, outlet=a.outlet, title=a.title, published=a.published,
        language=a.language or "en", text=text, input_id=ac.input_id,
        ingested_at=datetime.now(UTC).replace(tzinfo=None), previous_id=previous,
    )
    session.add(row)
    session.flush()
    # Sources first (each new one is flushed for its id), places and series in a few
    # statements for the whole article, then the claims and figures in one flush each.
    resolver = SourceResolver(session)
    sources: list[SourceRow | None] = []
    with session.no_autoflush:  # the resolver remembers what it added; queries need not flush it
        for claim in ac.claims:
            src = claim.source
            given = SourceInput(src.name, src.type, src.role, src.affiliation) if src is not None else None
            sources.append(resolver.resolve(given) if given is not None and identifiable(given) else None)
        all_figures = [fig for claim in ac.claims for fig in claim.figures]
        places = _places(session, [fig.location for fig in all_figures], known)
        members = _series_refs(session, all_figures, places, known)
    targets: list[list[tuple[Ref | None, Ref | None]]] = []
    pairs = iter(zip(places, members, strict=True))
    for claim in ac.claims:
        targets.append([next(pairs) for _ in claim.figures])
    session.flush()
    # Claims, figures and memberships as three multi-row INSERT ... RETURNING statements: the
    # ORM's per-object work costs more than the database here.
    claim_rows = []
    for claim, source_row in zip(ac.claims, sources, strict=True):
        src = claim.source
        claim_rows.append({
            "article_id": row.id, "claim_key": claim.id, "kind": claim.kind,
            "source_id": source_row.id if source_row else None,
            "source_name": src.name if src else None, "source_key": name_key(src.name) if src else None,
            "source_mention": src.mention if src else None, "source_type": src.type if src else None,
            "source_role": src.role if src else None, "source_affiliation": src.affiliation if src else None,
            "source_start": src.start if src else None, "source_end": src.end if src else None,
            "cue": claim.cue, "cue_start": claim.cue_start, "cue_end": claim.cue_end, "direct": claim.direct,
            "text": claim.text, "start": claim.start, "end": claim.end, "stated_on": claim.stated_on,
            "hedged": claim.hedged,
        })
    if not claim_rows:
        return True
    # Ids matched by claim key (unique in the article): RETURNING in parameter order would cost
    # one statement per row on SQLite, which SQLAlchemy cannot batch in order there.
    by_key = dict(session.execute(
        insert(ClaimRow).returning(ClaimRow.claim_key, ClaimRow.id), claim_rows, execution_options=ALL_COLUMNS,
    ).all())
    claim_ids = [by_key[row["claim_key"]] for row in claim_rows]
    figure_rows, series_ids = [], []
    for claim, claim_id, fig_targets in zip(ac.claims, claim_ids, targets, strict=True):
        for fig, (place, member) in zip(claim.figures, fig_targets, strict=True):
            figure_rows.append({
                "claim_id": claim_id, "text": fig.text, "start": fig.start, "end": fig.end,
                "value": fig.value, "low": fig.low, "high": fig.high, "bound": fig.bound, "unit": fig.unit,
                "counted": fig.counted, "measure": fig.measure, "subject": fig.subject,
                "location_name": fig.location.name if fig.location else None,
                "place_id": place.id if place else None,
                "period_start": fig.period.start if fig.period else None,
                "period_end": fig.period.end if fig.period else None,
            })
            series_ids.append(member.id if member else None)
    if not figure_rows:
        return True
    figure_ids = session.scalars(
        insert(FigureRow).returning(FigureRow.id, sort_by_parameter_order=True), figure_rows,
        execution_options=ALL_COLUMNS,
    ).all()
    members = [{"figure_id": f, "series_id": s} for f, s in zip(figure_ids, series_ids, strict=True) if s]
    if members:
        session.execute(insert(SeriesMemberRow), members)
    return True


@dataclass(frozen=True)
class Ref:
    """A stored place or series: its id and key."""

    id: int
    key: str


@dataclass
class KnownIds:
    """Place and series ids already committed, so that later articles need not look them up.

    Places and series are never deleted, so a committed id stays valid; ``pending`` holds the
    ones of the open transaction until it commits.
    """

    places: dict[str, Ref] = field(default_factory=dict)
    series: dict[str, Ref] = field(default_factory=dict)
    pending: list[tuple[str, Ref]] = field(default_factory=list)

    def commit(self) -> None:
        for kind, ref in self.pending:
            (self.places if kind == "place" else self.series)[ref.key] = ref
        self.pending.clear()


def _places(session: Session, locations: list[Location | None], known: KnownIds) -> list[Ref | None]:
    """The place of each location (None when it has no name), new ones created in one INSERT."""
    keys = [place_key(loc.resolved or loc.name) if loc is not None else "" for loc in locations]
    new: dict[str, Location] = {}
    for key, loc in zip(keys, locations, strict=True):
        if key and key not in known.places and key not in new and loc is not None:
            new[key] = loc
    if new:
        found = session.execute(select(PlaceRow.id, PlaceRow.key).where(PlaceRow.key.in_(list(new)))).all()
        refs = [Ref(row_id, key) for row_id, key in found]
        missing = [(key, loc) for key, loc in new.items() if key not in {r.key for r in refs}]
        if missing:
            rows = [{"key": key, "name": loc.resolved or loc.name, "country": loc.country, "admin1": loc.admin1,
                     "geonameid": loc.geonameid, "lat": loc.lat, "lon": loc.lon, "precision": loc.precision}
                    for key, loc in missing]
            created = session.execute(insert(PlaceRow).returning(PlaceRow.id, PlaceRow.key), rows).all()
            refs += [Ref(row_id, key) for row_id, key in created]
        for ref in refs:
            known.places[ref.key] = ref
            known.pending.append(("place", ref))
    return [known.places[key] if key else None for key in keys]


def _series_refs(session: Session, figures: list[Figure], places: list[Ref | None],
                 known: KnownIds) -> list[Ref | None]:
    """The series of each figure (None without a subject), new ones created in one INSERT."""
    keys: list[str] = []
    new: dict[str, dict[str, Any]] = {}
    for fig, place in zip(figures, places, strict=True):
        subject = normalise_subject(fig.subject or fig.counted)
        if not subject:
            keys.append("")
            continue
        key = series_key(subject, fig.measure, fig.unit, place.key if place else "")
        keys.append(key)
        if key not in known.series and key not in new:
            new[key] = {"key": key, "subject": subject, "measure": fig.measure, "unit": fig.unit,
                        "place_id": place.id if place else None}
    if new:
        found = session.execute(select(SeriesRow.id, SeriesRow.key).where(SeriesRow.key.in_(list(new)))).all()
        refs = [Ref(row_id, key) for row_id, key in found]
        missing = [row for key, row in new.items() if key not in {r.key for r in refs}]
        if missing:
            created = session.execute(insert(SeriesRow).returning(SeriesRow.id, SeriesRow.key), missing).all()
            refs += [Ref(row_id, key) for row_id, key in created]
        for ref in refs:
            known.series[ref.key] = ref
            known.pending.append(("series", ref))
    return [known.series[key] if key else None for key in keys]


def store_one(engine: Engine, ac: ArticleClaims, known: KnownIds | None = None) -> bool:
    """Store one article in its own transaction, retrying when a concurrent ingest races it."""
    for attempt in range(RETRIES):
        # A failed attempt's new places and series were rolled back: start from committed ids only.
        ids = KnownIds(dict(known.places), dict(known.series)) if known is not None else KnownIds()
        try:
            with Session(writer(engine)) as session, session.begin():
                stored = store_article(session, ac, ids)
        except (IntegrityError, OperationalError):
            if attempt == RETRIES - 1:
                raise
            continue
        if known is not None:
            known.pending = ids.pending
            known.commit()
        return stored
    return False


def ingest(
    engine: Engine,
    records: Iterable[Record | Failure],
    *,
    model: str | None = None,
    on_article: Callable[[str, IngestSummary], None] | None = None,
    known: KnownIds | None = None,
) -> IngestSummary:
    """Extract (where needed) and store every record; ``on_article(status, summary)`` after each."""
    summary = IngestSummary()
    known = known if known is not None else KnownIds()

    def done(status: str) -> None:
        if on_article is not None:
            on_article(status, summary)

    batch: list[Record] = []
    for item in records:
        if isinstance(item, Failure):
            summary.failed += 1
            summary.failures.append(item)
            done("failed")
            continue
        given_text = item.data.get("text") if item.extracted is None else None
        if isinstance(given_text, str) and not given_text.strip():
            summary.failed += 1
            summary.failures.append(Failure(item.where, "the text is empty"))
            done("failed")
            continue
        if isinstance(given_text, str):
            # Skip known texts before paying for extraction: a re-run continues where it stopped.
            with Session(engine) as session:
                if known_hash(session, article_id(given_text)):
                    summary.duplicate += 1
                    done("duplicate")
                    continue
        batch.append(item)
        if len(batch) >= BATCH_SIZE:
            _flush(engine, batch, summary, done, model, known)
            batch = []
    _flush(engine, batch, summary, done, model, known)
    return summary


def _flush(engine: Engine, batch: list[Record], summary: IngestSummary,
           done: Callable[[str], None], model: str | None, known: KnownIds) -> None:
    if not batch:
        return
    for record, result in _extract(batch, model):
        if isinstance(result, Failure):
            summary.failed += 1
            summary.failures.append(result)
            done("failed")
            continue
        try:
            stored = store_one(engine, result, known)
        except (ValueError, IntegrityError, OperationalError) as exc:
            summary.failed += 1
            summary.failures.append(Failure(record.where, f"cannot store: {exc}"))
            done("failed")
            continue
        if stored:
            summary.new += 1
            summary.claims += len(result.claims)
            summary.figures += sum(len(c.figures) for c in result.claims)
            done("new")
        else:
            summary.duplicate += 1
            done("duplicate")


def _load_pipeline(model: str | None) -> None:
    """Load the spaCy pipeline (once): a pipeline that cannot load stops the run, not each article."""
    from .. import nlp as nlp_loader

    try:
        nlp_loader.load(model or nlp_loader.DEFAULT_MODEL)
    except ClaimledgerError:
        raise
    except Exception as exc:  # noqa: BLE001 - spaCy raises ValueError, OSError, ImportError...
        raise ClaimledgerError(f"cannot load the extraction pipeline: {type(exc).__name__}: {exc}") from exc


def _extract(batch: list[Record], model: str | None) -> Iterator[tuple[Record, ArticleClaims | Failure]]:
    todo = [r for r in batch if r.extracted is None]
    results: dict[int, ArticleClaims | Failure] = {}
    if todo:
        _extract_into(todo, results, model)
    for r in batch:
        yield r, (r.extracted if r.extracted is not None else results[id(r)])


def _extract_into(todo: list[Record], results: dict[int, ArticleClaims | Failure], model: str | None) -> None:
    from ..extract.pipeline import extract_many

    _load_pipeline(model)
    try:
        for r, ac in zip(todo, extract_many([r.data for r in todo], model=model), strict=True):
            results[id(r)] = ac
    except ModelNotFound:
        raise
    except Exception:  # noqa: BLE001 - one bad article must not stop the run: retry one by one
        for r in todo:
            if id(r) in results:
                continue
            try:
                results[id(r)] = next(extract_many([r.data], model=model))
            except Exception as exc:  # noqa: BLE001
                results[id(r)] = Failure(r.where, f"extraction failed: {type(exc).__name__}: {exc}")
