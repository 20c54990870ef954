"""PolNeAR: attributions (source, cue, content) in news articles, from BRAT standoff files.

Each predicted attribution takes the unused gold attribution whose content has the highest
character Jaccard with its content (ties: the gold that starts first); it matches when that
Jaccard is at least 0.5, and matches *with source* when its source span overlaps a source
span of that gold by at least one character. Gold is "direct" when its content contains a
quotation mark. Only gold with a Cue, a Content and a Source is counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import ArticleClaims
from .common import Score

Span = tuple[int, int]
QUOTE_MARKS = ('"', "\u201c", "\u201d")
MATCH_JACCARD = 0.5


@dataclass(frozen=True)
class GoldAttribution:
    id: str  # the E line's id
    content: tuple[Span, ...]  # pieces of Content (and Content2), in file order
    source: tuple[Span, ...]
    cue: tuple[Span, ...]
    content_text: str

    @property
    def direct(self) -> bool:
        return any(mark in self.content_text for mark in QUOTE_MARKS)

    @property
    def complete(self) -> bool:
        return bool(self.content and self.source and self.cue)


@dataclass(frozen=True)
class Attribution:
    """A predicted attribution: content span, and source and cue spans when known."""

    content: Span
    source: Span | None = None
    cue: Span | None = None
    pieces: tuple[Span, ...] = ()  # a quote split by its cue: the pieces of one attribution

    def chars(self) -> set[int]:
        return _chars(self.pieces or (self.content,))


@dataclass(frozen=True)
class PolnearArticle:
    name: str
    text: str
    gold: tuple[GoldAttribution, ...]


@dataclass
class PolnearResult:
    content: Score
    content_source: Score
    direct_gold: int
    indirect_gold: int
    direct_matched: int
    indirect_matched: int
    direct_matched_source: int
    indirect_matched_source: int
    characters: int
    rows: list[dict[str, Any]] = field(default_factory=list)  # per article: false positives, misses

    @property
    def direct_recall_source(self) -> float:
        return self.direct_matched_source / self.direct_gold if self.direct_gold else 0.0

    @property
    def indirect_recall_source(self) -> float:
        return self.indirect_matched_source / self.indirect_gold if self.indirect_gold else 0.0

    def to_dict(self) -> dict[str, Any]:
        def share(n: int, d: int) -> float:
            return round(n / d, 4) if d else 0.0

        return {
            "content": self.content.to_dict(),
            "content+source": self.content_source.to_dict(),
            "direct_gold": self.direct_gold,
            "indirect_gold": self.indirect_gold,
            "direct_recall": share(self.direct_matched, self.direct_gold),
            "indirect_recall": share(self.indirect_matched, self.indirect_gold),
            "direct_recall_with_source": round(self.direct_recall_source, 4),
            "indirect_recall_with_source": round(self.indirect_recall_source, 4),
            "characters": self.characters,
        }


def parse_ann(ann: str, text: str | None = None) -> list[GoldAttribution]:
    """Every attribution (E line) of a BRAT .ann file, with its spans (no Source: ``source=()``).

    With the article ``text``, each content's text is read from it by offset (a span's text in
    the .ann file may run over several lines when the span holds a line break).
    """
    spans: dict[str, tuple[Span, ...]] = {}
    texts: dict[str, str] = {}
    events: list[tuple[str, dict[str, list[str]]]] = []
    last_span = ""
    for line in ann.splitlines():
        if "\t" not in line:
            if last_span:  # continuation of the previous span's text, after a line break inside it
                texts[last_span] += "\n" + line
            continue
        last_span = ""
        if line.startswith("T"):
            tid, label_offsets, *rest = line.split("\t")
            _label, offsets = label_offsets.split(" ", 1)
            pieces = []
            for piece in offsets.split(";"):
                start, end = piece.split()
                pieces.append((int(start), int(end)))
            spans[tid] = tuple(pieces)
            texts[tid] = rest[0] if rest else ""
            last_span = tid
        elif line.startswith("E"):
            eid, arguments = line.split("\t")[:2]
            roles: dict[str, list[str]] = {}
            for argument in arguments.split():
                role, target = argument.split(":", 1)
                roles.setdefault(role.rstrip("0123456789"), []).append(target)
            events.append((eid, roles))
    gold = []
    for eid, roles in events:
        content_ids = roles.get("Content", [])
        gold.append(GoldAttribution(
            id=eid,
            content=tuple(p for t in content_ids for p in spans[t]),
            source=tuple(p for t in roles.get("Source", []) for p in spans[t]),
            cue=tuple(p for t in roles.get("Cue", []) for p in spans[t]),
            content_text=(
                " ".join(text[s:e] for t in content_ids for s, e in spans[t]) if text is not None
                else " ".join(texts[t] for t in content_ids)
            ),
        ))
    return gold


def annotation_file(folder: Path, name: str) -> Path | None:
    """The first annotation file of an article in name order (``NAME.ann`` or ``NAME_xxxx.ann``)."""
    candidates = sorted(
        p for p in folder.glob(f"{name}*.ann")
        if p.stem == name or (p.stem.startswith(name + "_") and "_" not in p.stem[len(name) + 1:])
    )
    return candidates[0] if candidates else None


def load_polnear(root: str | Path, split: str = "test") -> list[PolnearArticle]:
    """Articles of a split (``train``, ``dev``, ``test``) in name order, with their complete gold."""
    base = Path(root) / split
    articles = []
    for text_path in sorted((base / "text").glob("*.txt")):
        ann_path = annotation_file(base / "attributions", text_path.stem)
        if ann_path is None:
            continue
        text = text_path.read_text(encoding="utf-8")
        gold = [g for g in parse_ann(ann_path.read_text(encoding="utf-8"), text) if g.complete]
        gold.sort(key=lambda g: (min(g.content), g.id))
        articles.append(PolnearArticle(text_path.stem, text, tuple(gold)))
    return articles


def predicted_attributions(result: ArticleClaims) -> list[Attribution]:
    """The attributions among an article's claims: statements with a source or a cue, in text order.

    Claims with neither are the article's own assertions, which PolNeAR does not annotate.
    """
    found: list[Attribution] = []
    named: dict[str, Span] = {}
    previous = None
    for claim in result.claims:
        if claim.kind != "statement":
            continue
        if previous is not None and _continues_quote(result.text or "", previous, claim):
            last = found[-1]
            found[-1] = Attribution((last.content[0], claim.end), last.source, last.cue,
                                    (last.pieces or (last.content,)) + ((claim.start, claim.end),))
            previous = claim
            continue
        source = None
        if claim.source is not None and claim.source.start is not None and claim.source.end is not None:
            source = (claim.source.start, claim.source.end)
            named[claim.source.name] = source
        elif claim.source is not None:
            # A follow-on quote names nobody; PolNeAR marks the mention where its speaker was last named.
            source = named.get(claim.source.name)
        cue = None
        if claim.cue_start is not None and claim.cue_end is not None:
            cue = (claim.cue_start, claim.cue_end)
        if claim.source is None and cue is None:
            continue
        found.append(Attribution((claim.start, claim.end), source, cue))
        previous = claim
    return sorted(found, key=lambda a: (a.content, a.source or (-1, -1), a.cue or (-1, -1)))


QUOTE_GAP = 200  # characters between two pieces of one speaker's quote ('“A,” he said. “B.”')


def _continues_quote(text: str, previous, claim) -> bool:
    """A direct claim that goes on with the same speaker's previous direct claim is one PolNeAR attribution."""
    if not (previous.direct and claim.direct and previous.source and claim.source):
        return False
    gap = text[previous.end:claim.start]
    return previous.source.name == claim.source.name and len(gap) <= QUOTE_GAP and gap.count("\n") <= 1


def _chars(pieces: tuple[Span, ...] | list[Span]) -> set[int]:
    return {i for start, end in pieces for i in range(start, end)}


def jaccard(a: set[int], b: set[int]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def overlaps(span: Span | None, pieces: tuple[Span, ...]) -> bool:
    """At least one character in common between ``span`` and any of ``pieces``."""
    if span is None:
        return False
    return any(min(span[1], end) - max(span[0], start) >= 1 for start, end in pieces)


def score_polnear(articles: list[PolnearArticle], predictions: list[list[Attribution]]) -> PolnearResult:
    """Score predicted attributions (one list per article) against the articles' gold."""
    if len(articles) != len(predictions):
        raise ValueError(f"{len(articles)} articles but {len(predictions)} prediction lists")
    n_pred = sum(len(p) for p in predictions)
    n_gold = sum(len(a.gold) for a in articles)
    matched = matched_source = 0
    counts = {"direct": [0, 0, 0], "indirect": [0, 0, 0]}  # gold, matched, matched with source
    rows: list[dict[str, Any]] = []
    for article, predicted in zip(articles, predictions, strict=True):
        gold_chars = [_chars(g.content) for g in article.gold]
        used = [False] * len(article.gold)
        false_positives, no_source = [], []
        for g in article.gold:
            counts["direct" if g.direct else "indirect"][0] += 1
        for attribution in predicted:
            chars = attribution.chars()
            best, best_j = None, 0.0
            for i, gc in enumerate(gold_chars):
                j = jaccard(chars, gc) if not used[i] else 0.0
                if not used[i] and (best is None or j > best_j):
                    best, best_j = i, j
            if best is None or best_j < MATCH_JACCARD:
                false_positives.append(_describe_prediction(article.text, attribution, best_j))
                continue
            used[best] = True
            gold = article.gold[best]
            kind = counts["direct" if gold.direct else "indirect"]
            matched += 1
            kind[1] += 1
            if overlaps(attribution.source, gold.source):
                matched_source += 1
                kind[2] += 1
            else:
                no_source.append({"gold": _describe_gold(article.text, gold),
                                  "predicted": _describe_prediction(article.text, attribution, best_j)})
        misses = [_describe_gold(article.text, g) for i, g in enumerate(article.gold) if not used[i]]
        if false_positives or misses or no_source:
            rows.append({"article": article.name, "false_positives": false_positives, "missed": misses,
                         "source_wrong": no_source})
    return PolnearResult(
        content=Score(matched, n_pred, n_gold),
        content_source=Score(matched_source, n_pred, n_gold),
        direct_gold=counts["direct"][0], indirect_gold=counts["indirect"][0],
        direct_matched=counts["direct"][1], indirect_matched=counts["indirect"][1],
        direct_matched_source=counts["direct"][2], indirect_matched_source=counts["indirect"][2],
        characters=sum(len(a.text) for a in articles),
        rows=rows,
    )


def _piece_text(text: str, pieces: tuple[Span, ...]) -> str:
    return " … ".join(text[s:e] for s, e in pieces)


def _describe_gold(text: str, gold: GoldAttribution) -> dict[str, Any]:
    return {
        "id": gold.id, "direct": gold.direct, "content": list(gold.content),
        "source_text": _piece_text(text, gold.source), "cue_text": _piece_text(text, gold.cue),
        "content_text": _piece_text(text, gold.content),
    }


def _describe_prediction(text: str, a: Attribution, best_jaccard: float) -> dict[str, Any]:
    return {
        "content": list(a.content), "best_jaccard": round(best_jaccard, 3),
        "source_text": text[a.source[0]:a.source[1]] if a.source else None,
        "cue_text": text[a.cue[0]:a.cue[1]] if a.cue else None,
        "content_text": text[a.content[0]:a.content[1]],
    }
