"""The extraction pipeline: text in, ArticleClaims out.

Stages run in order over one parsed spaCy Doc: structure (a spaCy component, before the
parser), then attribution, speakers, figures, dates, places and non-responses
(``claims.build_claims``). ``extract_many`` streams many articles through ``nlp.pipe``,
parses a very long text in pieces, and adds warnings about the input itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from spacy.tokens import Doc

from .. import nlp as nlp_loader
from ..ingest.chunks import RUN_ARTICLES, checked, merge, split_text
from ..model import Article, ArticleClaims, article_id, normalise_text
from .offsets import text_of

# spaCy holds a whole batch of parses in memory: 8 news articles stay under 500 MB, and in one
# process a batch also closes at BATCH_CHARS characters, so that a run of long articles does too.
DEFAULT_BATCH_SIZE = 8
BATCH_CHARS = 40_000

__all__ = ["extract", "extract_many", "analyse", "article_id", "normalise_text", "DEFAULT_BATCH_SIZE"]


def extract(
    text: str,
    *,
    published: str | None = None,
    url: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    model: str | None = None,
) -> ArticleClaims:
    """Every attributed claim and figure in one article's text."""
    record = {"text": text, "published": published, "url": url, "title": title, "outlet": outlet}
    return next(extract_many([record], model=model))


def extract_many(
    articles: Iterable[str | dict[str, Any]],
    n_process: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    model: str | None = None,
    max_chars: int | None = None,
) -> Iterator[ArticleClaims]:
    """Stream ArticleClaims for many articles, in input order, parsing with ``nlp.pipe``.

    Each article is a string (its text) or a dict with ``text`` or ``html`` and optional
    ``url``, ``title``, ``outlet``, ``published``, ``id``. A text longer than ``max_chars``
    (default ``chunks.MAX_CHUNK_CHARS``) is parsed piece by piece, one piece at a time, and
    merged with every offset pointing into the whole text.
    """
    nlp = nlp_loader.load(model or nlp_loader.DEFAULT_MODEL)
    for run in _runs(articles, max_chars):
        if isinstance(run, list):
            # Worker processes take whole runs (starting them is slow); one process parses batch by batch.
            for batch in [run] if n_process > 1 else _batches(run, batch_size):
                docs = nlp.pipe(((r["text"], r) for r in batch), as_tuples=True, n_process=n_process,
                                batch_size=batch_size)
                for doc, record in docs:
                    yield checked(analyse(doc, record))
            continue
        record, spans = run
        text = record["text"]
        pieces = (({**record, "text": text[s:e]}) for s, e in spans)
        docs = nlp.pipe(((p["text"], p) for p in pieces), as_tuples=True, batch_size=1)
        parts = [(start, analyse(doc, piece)) for (start, _), (doc, piece) in zip(spans, docs, strict=True)]
        yield checked(merge(text, parts))


def _runs(
    articles: Iterable[str | dict[str, Any]], max_chars: int | None
) -> Iterator[list[dict[str, Any]] | tuple[dict[str, Any], list[tuple[int, int]]]]:
    """Runs of ordinary records (lists), and each long record alone with its piece spans (tuples)."""
    run: list[dict[str, Any]] = []
    for article in articles:
        record = _as_record(article)
        spans = split_text(record["text"], max_chars)
        if len(spans) == 1:
            run.append(record)
            if len(run) < RUN_ARTICLES:
                continue
        if run:
            yield run
            run = []
        if len(spans) > 1:
            yield record, spans
    if run:
        yield run


def _batches(run: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    """The run in batches of at most ``size`` records and, past the first record, ``BATCH_CHARS`` characters."""
    batch: list[dict[str, Any]] = []
    chars = 0
    for record in run:
        if batch and (len(batch) == size or chars + len(record["text"]) > BATCH_CHARS):
            yield batch
            batch, chars = [], 0
        batch.append(record)
        chars += len(record["text"])
    if batch:
        yield batch


def _as_record(article: str | dict[str, Any]) -> dict[str, Any]:
    """An article as a record with its ``text``: HTML is extracted here, its metadata filling gaps."""
    if isinstance(article, str):
        return {"text": article}
    record = dict(article)
    if not isinstance(record.get("text"), str) and isinstance(record.get("html"), str):
        from ..ingest.html import article_from_html  # trafilatura loads only for HTML input

        for key, value in article_from_html(record["html"]).items():
            if record.get(key) is None:
                record[key] = value
    record.pop("html", None)
    if not isinstance(record.get("text"), str):
        raise ValueError("each article needs a 'text' or 'html' string")
    return record


def analyse(doc: Doc, record: dict[str, Any]) -> ArticleClaims:
    """Run the claim stages over a parsed Doc."""
    from .claims import build_claims  # noqa: PLC0415  (stages load with the first article)

    text = text_of(doc)
    article = Article(
        id=article_id(text),
        url=record.get("url"),
        title=record.get("title"),
        outlet=record.get("outlet"),
        published=record.get("published"),
    )
    result = ArticleClaims(article=article, text=text, input_id=record.get("id"))
    result.claims = build_claims(doc, published=article.published)
    return result
