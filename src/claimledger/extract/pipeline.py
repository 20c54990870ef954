"""The extraction pipeline: text in, ArticleClaims out.

Stages run in order over one parsed spaCy Doc: structure (a spaCy component, before the
parser), then attribution, speakers, figures, dates, places and non-responses.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from spacy.tokens import Doc

from .. import nlp as nlp_loader
from ..model import Article, ArticleClaims

DEFAULT_BATCH_SIZE = 32


def normalise_text(text: str) -> str:
    """The text whose hash identifies an article: NFC, whitespace runs folded."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def article_id(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:16]


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
) -> Iterator[ArticleClaims]:
    """Stream ArticleClaims for many articles, in input order, parsing with ``nlp.pipe``.

    Each article is a string (its text) or a dict with ``text`` or ``html`` and optional
    ``url``, ``title``, ``outlet``, ``published``, ``id``.
    """
    nlp = nlp_loader.load(model or nlp_loader.DEFAULT_MODEL)
    records = (_as_record(a) for a in articles)
    pairs = ((r["text"], r) for r in records)
    for doc, record in nlp.pipe(pairs, as_tuples=True, n_process=n_process, batch_size=batch_size):
        yield analyse(doc, record)


def _as_record(article: str | dict[str, Any]) -> dict[str, Any]:
    if isinstance(article, str):
        return {"text": article}
    record = dict(article)
    if record.get("text") is None and record.get("html") is not None:
        from ..ingest.html import article_from_html

        extracted = article_from_html(record["html"])
        for key, value in extracted.items():
            if record.get(key) is None:
                record[key] = value
    if not isinstance(record.get("text"), str):
        raise ValueError("each article needs a 'text' or 'html' string")
    return record


def analyse(doc: Doc, record: dict[str, Any]) -> ArticleClaims:
    """Run the claim stages over a parsed Doc."""
    article = Article(
        id=article_id(doc.text),
        url=record.get("url"),
        title=record.get("title"),
        outlet=record.get("outlet"),
        published=record.get("published"),
    )
    result = ArticleClaims(article=article, text=doc.text, input_id=record.get("id"))
    from .claims import build_claims  # noqa: PLC0415  (stages load with the first article)

    result.claims = build_claims(doc, published=article.published)
    return result
