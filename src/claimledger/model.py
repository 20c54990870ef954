"""The claims format (version 1) as dataclasses; see docs/claims-format.md.

Field names and order mirror the JSON contract exactly, so ``to_dict`` is a plain
``dataclasses.asdict`` and nothing is renamed on the way out.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

FORMAT_VERSION = 1

ClaimKind = Literal["statement", "no_response"]
SourceType = Literal["person", "organization", "government", "group", "media", "anonymous", "document"]
Bound = Literal["exact", "approx", "gt", "ge", "lt", "le", "range", "vague"]
Precision = Literal["point", "admin2", "admin1", "country", "region"]

MEASURES = (
    "killed", "wounded", "killed_or_wounded", "dead_and_wounded_total", "captured", "missing",
    "surrendered", "deployed", "displaced", "evacuated", "trapped", "detained", "kidnapped",
    "released", "rescued", "attacks", "destroyed", "damaged", "lost", "other",
)
BOUNDS = ("exact", "approx", "gt", "ge", "lt", "le", "range", "vague")
SOURCE_TYPES = ("person", "organization", "government", "group", "media", "anonymous", "document")


def normalise_text(text: str) -> str:
    """The text whose hash identifies an article: NFC, whitespace runs folded."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def article_id(text: str) -> str:
    """``article.id``: sha256 of the normalised text, hex, first 16 characters."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:16]


def _whole_numbers(claim: dict[str, Any]) -> dict[str, Any]:
    """Counts print as 3000, not 3000.0; fractions stay as they are."""
    for figure in claim["figures"]:
        for key in ("value", "low", "high"):
            number = figure[key]
            if isinstance(number, float) and number.is_integer():
                figure[key] = int(number)
    return claim


@dataclass
class Location:
    name: str
    resolved: str | None = None
    country: str | None = None
    admin1: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    precision: Precision | None = None


@dataclass
class Period:
    start: str | None = None
    end: str | None = None


@dataclass
class Figure:
    text: str
    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    bound: Bound
    unit: str | None
    counted: str | None
    measure: str
    subject: str | None = None
    location: Location | None = None
    period: Period | None = None


@dataclass
class Source:
    name: str
    mention: str
    start: int | None
    end: int | None
    type: SourceType
    role: str | None = None
    affiliation: str | None = None


@dataclass
class Claim:
    id: str
    kind: ClaimKind
    source: Source | None
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    direct: bool
    text: str
    start: int
    end: int
    stated_on: str | None = None
    hedged: bool = False
    figures: list[Figure] = field(default_factory=list)


@dataclass
class Article:
    id: str
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    language: str = "en"


@dataclass
class ArticleClaims:
    article: Article
    claims: list[Claim] = field(default_factory=list)
    text: str | None = None  # the analysed text; written out only with include_text
    warnings: list[str] = field(default_factory=list)
    input_id: str | None = None  # the caller's id for this input (JSON lines `id`), not part of the format
    format_version: int = FORMAT_VERSION

    def to_dict(self, include_text: bool = False) -> dict[str, Any]:
        article = asdict(self.article)
        if include_text:
            article["text"] = self.text
        out: dict[str, Any] = {
            "format_version": self.format_version,
            "article": article,
            "claims": [_whole_numbers(asdict(c)) for c in self.claims],
        }
        if self.warnings:
            out["warnings"] = list(self.warnings)
        return out

    def to_json(self, include_text: bool = False, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(include_text), ensure_ascii=False, indent=indent)

    def figures(self) -> list[tuple[Claim, Figure]]:
        return [(c, f) for c in self.claims for f in c.figures]
