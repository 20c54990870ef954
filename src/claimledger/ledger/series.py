"""Series: figures that count the same thing, and the estimates they make over time.

A series is keyed by normalised subject, measure, unit and place. Within a series, figures
from the same source with the same numbers and period are one *estimate* (corroboration:
it lists every outlet and article that carried it). A source's later estimate *supersedes*
its earlier ones for overlapping periods (a revision). Estimates of different sources whose
periods overlap but whose value intervals do not are *disagreements*.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

# An estimate with no stated period covers the days before its statement, up to this many.
PERIODLESS_WINDOW_DAYS = 7
# "about 1,000" with no stated interval is taken as 1,000 +/- this fraction.
APPROX_TOLERANCE = 0.1


@dataclass(frozen=True)
class SubjectRules:
    canonical_group: str
    group_nouns: tuple[str, ...]  # longest first
    drop: frozenset[str]
    irregular: dict[str, str]
    speaks_for_roles: tuple[str, ...]


@cache
def load_subject_rules() -> SubjectRules:
    raw = json.loads(resources.files("claimledger.data").joinpath("ledger_subjects.json").read_text("utf-8"))
    nouns = tuple(sorted((n.lower() for n in raw["group_nouns"]), key=len, reverse=True))
    return SubjectRules(raw["canonical_group"], nouns, frozenset(raw["drop"]), dict(raw["irregular"]),
                        tuple(raw["speaks_for_roles"]))


def normalise_subject(subject: str | None) -> str:
    """'North Korean soldiers', 'North Korean troops', 'North Koreans' -> 'north korean'."""
    if not subject:
        return ""
    rules = load_subject_rules()
    text = unicodedata.normalize("NFKD", subject)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"[\u2019']s\b", "", text)
    text = " ".join(re.sub(r"[^\w\- ]+", " ", text).split())
    words = [w for w in text.split() if w not in rules.drop and not w.replace(",", "").isdigit()]
    text = " ".join(words)
    for noun in rules.group_nouns:
        if text == noun:
            return rules.canonical_group
        if text.endswith(" " + noun):
            text = text[: -len(noun) - 1]
            break
    if not text:
        return ""
    words = text.split()
    last = words[-1]
    if last in rules.irregular:
        words[-1] = rules.irregular[last]
    elif len(last) > 3 and last.endswith("s") and not last.endswith("ss"):
        words[-1] = last[:-1]
    return " ".join(words)


def place_key(name: str | None) -> str:
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"^the\s+", "", " ".join(text.split()))
    return text


def series_key(subject: str, measure: str, unit: str | None, place: str) -> str:
    return "|".join([subject, measure, unit or "", place])


@dataclass
class Estimate:
    """One estimate in a series timeline (figures from one source with the same numbers and period).

    ``index`` is its position in the timeline; ``superseded_by``, ``revises`` and
    ``disagrees_with`` refer to other estimates by that index.
    """

    index: int
    source: str | None  # who the estimate is from: a person's organisation, else the source itself
    source_id: int | None
    source_type: str | None
    stated_on: str | None  # the earliest statement (or publication) date of its figures
    period_start: str | None
    period_end: str | None
    value: float | None
    low: float | None
    high: float | None
    bound: str
    text: str
    outlets: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)  # article content hashes
    urls: list[str] = field(default_factory=list)
    figure_ids: list[int] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)  # the people or bodies quoted for it
    superseded_by: int | None = None
    revises: list[int] = field(default_factory=list)
    disagrees_with: list[int] = field(default_factory=list)

    @property
    def corroborated(self) -> bool:
        return len(self.outlets) > 1

    @property
    def flags(self) -> list[str]:
        out = []
        if self.corroborated:
            out.append("corroborated")
        if self.revises:
            out.append("revision")
        if self.superseded_by is not None:
            out.append("superseded")
        if self.disagrees_with:
            out.append("disagreement")
        return out

    def interval(self) -> tuple[float, float]:
        """The values the estimate allows, as a closed interval."""
        inf = float("inf")
        value, low, high = self.value, self.low, self.high
        if self.bound in ("gt", "ge"):
            return _first(low, value, 0.0), _first(high, inf)
        if self.bound in ("lt", "le"):
            return _first(low, 0.0), _first(high, value, inf)
        if value is not None and low is None and high is None:
            if self.bound == "approx":
                return value * (1 - APPROX_TOLERANCE), value * (1 + APPROX_TOLERANCE)
            return value, value
        return _first(low, value, 0.0), _first(high, value, inf)

    def span(self) -> tuple[date, date] | None:
        """The days the estimate covers (a stated period, else the window before its statement)."""
        end_s = self.period_end or self.stated_on
        if end_s is None:
            return None
        end = _day(end_s)
        start = _day(self.period_start) if self.period_start else end - timedelta(days=PERIODLESS_WINDOW_DAYS)
        return (start, end) if start <= end else (end, start)

    def to_dict(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in self.__dataclass_fields__}
        out["flags"] = self.flags
        out["corroborated"] = self.corroborated
        out["superseded"] = self.superseded_by is not None
        out["disagrees"] = bool(self.disagrees_with)
        return out


def _first(*values: float | None) -> float:
    return next(v for v in values if v is not None)


def _day(text: str) -> date:
    return date.fromisoformat(text[:10])


def _overlap(a: tuple[Any, Any], b: tuple[Any, Any]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def build_timeline(rows: list[dict[str, Any]]) -> list[Estimate]:
    """Estimates from one series' figure rows (dicts from ``claims_flat``-like selects)."""
    # Same speaker and numbers make one estimate, unless both state different periods.
    groups: list[tuple[tuple[Any, ...], list[dict[str, Any]]]] = []
    for r in sorted(rows, key=lambda r: r["figure_id"]):
        # A spokesperson speaks for their organisation; unidentified sources ("officials said")
        # are not one speaker across outlets.
        who = ("source", _voice_id(r)) if r["source_id"] is not None else ("outlet", r["outlet"])
        key = (who, r["value"], r["low"], r["high"], r["bound"])
        for group_key, members in groups:
            if group_key == key and all(_same_period(r, m) for m in members):
                members.append(r)
                break
        else:
            groups.append((key, [r]))
    estimates = []
    for _key, members in groups:
        members.sort(key=lambda r: (_when(r) or "9999", r["figure_id"]))
        first = members[0]
        dated = next((m for m in members if m["period_start"] or m["period_end"]), first)
        estimates.append(Estimate(
            index=0,
            source=first["source_affiliation"] if _speaks_for(first) else (
                first["source"] or first.get("source_as_given")),
            source_id=_voice_id(first),
            source_type="organization" if _speaks_for(first) else (
                first["source_type"] or first.get("source_type_given")),
            stated_on=_when(first),
            period_start=dated["period_start"],
            period_end=dated["period_end"],
            value=first["value"],
            low=first["low"],
            high=first["high"],
            bound=first["bound"],
            text=first["figure_text"],
            outlets=sorted({m["outlet"] for m in members if m["outlet"]}),
            articles=sorted({m["article_hash"] for m in members}),
            urls=sorted({m["url"] for m in members if m["url"]}),
            figure_ids=sorted(m["figure_id"] for m in members),
            speakers=sorted({s for m in members if (s := m["source"] or m.get("source_as_given"))}),
        ))
    estimates = _fold_restatements(estimates)
    estimates.sort(key=lambda e: (e.stated_on or "9999", e.source or "", e.interval()[0], e.figure_ids[0]))
    for i, e in enumerate(estimates):
        e.index = i
    _mark_revisions(estimates)
    _mark_disagreements(estimates)
    return estimates


def _fold_restatements(estimates: list[Estimate]) -> list[Estimate]:
    """A source's old figure quoted again beside its new one is the old estimate, not a new one.

    "The ministry now puts the toll at 57. It had previously put it at 40": the 40 is dated by the
    article, but it is the ministry's earlier "at least 40" carried again. An estimate is folded
    into an earlier one of the same source that states the same number when every article that
    carries it also carries an estimate of that source with other numbers (the new one).
    """
    kept: list[Estimate] = []
    for e in sorted(estimates, key=lambda e: (e.stated_on or "9999", e.figure_ids[0])):
        older = None
        if e.source_id is not None and e.stated_on is not None:
            older = next((k for k in kept if k.source_id == e.source_id and k.stated_on is not None
                          and k.stated_on < e.stated_on and _numbers(k) & _numbers(e)), None)
        if older is not None:
            own = [o for o in estimates if o is not e and o.source_id == e.source_id]
            if all(any(a in o.articles and not _numbers(o) & _numbers(older) for o in own) for a in e.articles):
                older.outlets = sorted(set(older.outlets) | set(e.outlets))
                older.articles = sorted(set(older.articles) | set(e.articles))
                older.urls = sorted(set(older.urls) | set(e.urls))
                older.figure_ids = sorted(older.figure_ids + e.figure_ids)
                older.speakers = sorted(set(older.speakers) | set(e.speakers))
                continue
        kept.append(e)
    return kept


def _numbers(e: Estimate) -> set[float]:
    return {n for n in (e.value, e.low, e.high) if n is not None}


def _speaks_for(row: dict[str, Any]) -> bool:
    """Whether the source speaks for its organisation (a spokesperson, a minister, a head of mission)."""
    role = (row.get("source_role") or "").lower()
    if not row.get("source_affiliation_id") or not role:
        return False
    return any(re.search(rf"\b{re.escape(r)}\b", role) for r in load_subject_rules().speaks_for_roles)


def _voice_id(row: dict[str, Any]) -> int | None:
    return row["source_affiliation_id"] if _speaks_for(row) else row["source_id"]


def _same_period(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two figures may count the same span: equal periods, or one not stated."""
    pa, pb = (a["period_start"], a["period_end"]), (b["period_start"], b["period_end"])
    return pa == pb or pa == (None, None) or pb == (None, None)


def _when(row: dict[str, Any]) -> str | None:
    return row["stated_on"] or row["published"]


def _same_speaker(a: Estimate, b: Estimate) -> bool:
    if a.source_id is not None or b.source_id is not None:
        return a.source_id == b.source_id
    return bool(set(a.outlets) & set(b.outlets))


def _mark_revisions(estimates: list[Estimate]) -> None:
    for i, older in enumerate(estimates):
        for newer in estimates[i + 1:]:
            if not _same_speaker(older, newer) or older.stated_on is None or newer.stated_on is None:
                continue
            if newer.stated_on <= older.stated_on:
                continue
            # Only two stated periods that do not overlap (last week vs the week before) are
            # separate counts; otherwise the source's newer figure replaces its older one.
            a, b = older.span(), newer.span()
            stated = (older.period_start or older.period_end) and (newer.period_start or newer.period_end)
            if stated and a is not None and b is not None and not _overlap(a, b):
                continue
            older.superseded_by = newer.index
            newer.revises.append(older.index)
            break


def _mark_disagreements(estimates: list[Estimate]) -> None:
    for i, a in enumerate(estimates):
        for b in estimates[i + 1:]:
            if _same_speaker(a, b):
                continue
            sa, sb = a.span(), b.span()
            if sa is None or sb is None or not _overlap(sa, sb):
                continue
            if not _overlap(a.interval(), b.interval()):
                a.disagrees_with.append(b.index)
                b.disagrees_with.append(a.index)
