"""Time stage: the article's anchor date, when a statement was made, and the period a count covers.

Small explicit rules over the text (time words in data/time.json), resolved only against the
anchor: the publication date, else the latest full date the article writes. The system clock is
never read, so the same text always gives the same dates.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from spacy.tokens import Doc

from ..lexicon import load_json
from .offsets import text_of

Span = tuple[int, int]


@dataclass(frozen=True)
class TimeWords:
    months: dict[str, int]
    weekdays: dict[str, int]
    day_parts: tuple[str, ...]
    numbers: dict[str, int]
    units: dict[str, str]
    statement_days: dict[str, int]
    statement_vague: tuple[str, ...]
    period_days: dict[str, int]
    start_nouns: tuple[str, ...]
    start_verbs: tuple[str, ...]
    start_words: tuple[str, ...]


@lru_cache(maxsize=1)
def time_words() -> TimeWords:
    """The lexicon in data/time.json, loaded once."""
    raw = load_json("time.json")
    return TimeWords(
        months=raw["months"],
        weekdays=raw["weekdays"],
        day_parts=tuple(raw["day_parts"]),
        numbers=raw["number_words"],
        units=raw["units"],
        statement_days=raw["statement_days"],
        statement_vague=tuple(raw["statement_vague"]),
        period_days=raw["period_days"],
        start_nouns=tuple(raw["period_since_start_nouns"]),
        start_verbs=tuple(raw["period_since_start_verbs"]),
        start_words=tuple(raw["period_since_start_words"]),
    )


def _alt(words) -> str:
    """Regex alternation, longest first, spaces and hyphens matching any run of either."""
    parts = sorted({w for w in words}, key=len, reverse=True)
    return "|".join(r"[\s-]+".join(re.escape(p) for p in re.split(r"[\s-]+", w)) for w in parts)


@dataclass(frozen=True)
class Patterns:
    full_dmy: re.Pattern
    full_mdy: re.Pattern
    iso: re.Pattern
    day_month: re.Pattern
    month_day: re.Pattern
    month_year: re.Pattern
    month: re.Pattern
    weekday: re.Pattern
    statement_days: re.Pattern
    statement_vague: re.Pattern
    rolling_the: re.Pattern
    rolling_bare: re.Pattern
    rolling_number: re.Pattern
    since_start: re.Pattern
    since_began: re.Pattern
    weekend: re.Pattern
    since_start_of: re.Pattern
    since: re.Pattern
    between: re.Pattern
    so_far: re.Pattern
    year: re.Pattern
    in_month: re.Pattern
    period_days: re.Pattern


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    w = time_words()
    month = rf"(?P<month>{_alt(w.months)})\.?"
    day = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    year = r"(?P<year>(?:19|20)\d\d)"
    num = rf"(?P<num>\d{{1,3}}|{_alt(w.numbers)})"
    unit = rf"(?P<unit>{_alt(w.units)})"
    weekday = rf"(?P<weekday>{_alt(w.weekdays)})"
    flags = re.IGNORECASE
    nouns, verbs, starts = _alt(w.start_nouns), _alt(w.start_verbs), _alt(w.start_words)
    return Patterns(
        full_dmy=re.compile(rf"\b(?:on\s+)?{day}\s+(?:of\s+)?{month},?\s+{year}\b", flags),
        full_mdy=re.compile(rf"\b(?:on\s+)?{month}\s+{day},?\s+{year}\b", flags),
        iso=re.compile(r"\b(?:on\s+)?(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)\b"),
        day_month=re.compile(rf"\b(?:on\s+)?{day}\s+(?:of\s+)?{month}(?![\w.]*,?\s+\d)", flags),
        month_day=re.compile(rf"\b(?:on\s+)?{month}\s+{day}\b(?!,?\s+\d)", flags),
        month_year=re.compile(rf"\b{month}\s+{year}\b", flags),
        month=re.compile(rf"\b{month}(?!\s+\d)", flags),
        weekday=re.compile(
            rf"\b(?:(?P<on>on|last)\s+)?{weekday}(?:['’]s)?(?:\s+(?P<part>{_alt(w.day_parts)}))?\b", flags
        ),
        statement_days=re.compile(rf"\b(?:{_alt(w.statement_days)})\b", flags),
        # "in the last week" is a period, not when something was said.
        statement_vague=re.compile(rf"(?<!the )\b(?:{_alt(w.statement_vague)})\b", flags),
        rolling_the=re.compile(
            rf"\b(?:(?:in|over|during|for|within|throughout)\s+)?the\s+(?:last|past|previous|preceding)\s+"
            rf"(?:{num}\s+)?{unit}\b(?:\s+alone)?",
            flags,
        ),
        rolling_bare=re.compile(
            rf"\b(?:in\s+)?(?P<which>last|past)\s+(?:{num}\s+)?{unit}\b(?:\s+alone)?", flags
        ),
        rolling_number=re.compile(rf"\b(?:over|in|within|during|for)\s+{num}\s+{unit}\b", flags),
        since_start=re.compile(
            rf"\bsince\s+(?:the\s+)?(?:{starts})\s+of\s+(?:the\s+|this\s+|[\w-]+['’]s\s+)?"
            rf"(?:[\w-]+\s+){{0,2}}?(?:{nouns})\b",
            flags,
        ),
        # "since the war began", "since the invasion", "since Russia's full-scale invasion"
        since_began=re.compile(
            rf"\bsince\s+(?:the\s+|this\s+|[\w-]+['’]s\s+)(?:[\w-]+\s+)?(?:{nouns})\b(?:\s+(?:{verbs})\b)?",
            flags,
        ),
        weekend=re.compile(
            r"\b(?:over|at|during|on)\s+the\s+weekend\b|\bthis\s+(?:past\s+)?weekend\b", flags
        ),
        since_start_of=re.compile(
            rf"\bsince\s+the\s+(?:{starts})\s+of\s+(?:the\s+|this\s+)?(?P<unit>year|month)\b", flags
        ),
        since=re.compile(r"\bsince\s+", flags),
        between=re.compile(
            rf"\b(?:between|from)\s+(?P<m1>{_alt(w.months)})\.?(?:\s+(?P<y1>(?:19|20)\d\d))?\s+"
            rf"(?:and|to|until|through|till)\s+(?P<m2>{_alt(w.months)})\.?(?:\s+(?P<y2>(?:19|20)\d\d))?\b",
            flags,
        ),
        so_far=re.compile(
            r"\b(?:so\s+far\s+|earlier\s+)?this\s+(?P<unit>year|month|week)\b|\byear\s+to\s+date\b", flags
        ),
        year=re.compile(rf"\b(?:in|during|throughout|for|over)\s+(?:all\s+of\s+)?{year}\b(?![-–/]\d)", flags),
        in_month=re.compile(
            rf"\b(?:in|during|throughout)\s+(?:early\s+|late\s+|mid-?)?{month}(?:\s+{year})?\b", flags
        ),
        period_days=re.compile(rf"\b(?:{_alt(w.period_days)})\b", flags),
    )


def _month_number(text: str) -> int | None:
    return time_words().months.get(text.lower().rstrip("."))


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _full_dates(text: str) -> list[tuple[int, int, date]]:
    """Explicit full dates ("27 December 2024", "Dec. 27, 2024", "2024-12-27") with their spans."""
    p = patterns()
    found = []
    for rx in (p.full_dmy, p.full_mdy, p.iso):
        for m in rx.finditer(text):
            month = int(m.group("month")) if m.group("month").isdigit() else _month_number(m.group("month"))
            d = _safe_date(int(m.group("year")), month or 0, int(m.group("day")))
            if d is not None:
                found.append((m.start(), m.end(), d))
    return found


def anchor_date(text: str, published: str | None) -> date | None:
    """The publication date if given, else the latest full date written in the article, else None."""
    if published:
        try:
            return date.fromisoformat(published[:10])
        except ValueError:
            pass
    dates = [d for _, _, d in _full_dates(text)]
    return max(dates) if dates else None


def _year_for(month: int, day: int, anchor: date) -> date | None:
    """A day-month without a year: the latest such day on or before the anchor."""
    d = _safe_date(anchor.year, month, day)
    if d is None or d > anchor:
        d = _safe_date(anchor.year - 1, month, day)
    return d


def _last_weekday(weekday: int, anchor: date, strictly_before: bool = False) -> date:
    back = (anchor.weekday() - weekday) % 7
    if back == 0 and strictly_before:
        back = 7
    return anchor - timedelta(days=back)


def _capitalised(m: re.Match, group: str) -> bool:
    return m.group(group)[:1].isupper()


def _in_a_name(text: str, m: re.Match) -> bool:
    """A capitalised time word inside a title or name ("Business Today"), not starting a sentence."""
    if not m.group()[:1].isupper():
        return False
    before = text[: m.start()].rstrip()
    return bool(before) and before[-1] not in ".!?:;\"“”'‘’(-–—\n" and before.split()[-1][:1].isupper()


def _day_phrases(text: str, anchor: date | None) -> list[tuple[int, int, date | None]]:
    """Phrases naming one day (or vaguely a time), resolved against the anchor where they need it."""
    p, w = patterns(), time_words()
    found: list[tuple[int, int, date | None]] = list(_full_dates(text))
    if anchor is not None:
        for rx in (p.day_month, p.month_day):
            for m in rx.finditer(text):
                month = _month_number(m.group("month"))
                # Without a year only "on 20 December" dates a statement; "its 24 February invasion" does not.
                if month and _capitalised(m, "month") and m.group().lower().startswith("on"):
                    found.append((m.start(), m.end(), _year_for(month, int(m.group("day")), anchor)))
        for m in p.weekday.finditer(text):
            if _capitalised(m, "weekday"):
                last = (m.group("on") or "").lower() == "last"
                found.append(
                    (m.start(), m.end(), _last_weekday(w.weekdays[m.group("weekday").lower()], anchor, last))
                )
        for m in p.statement_days.finditer(text):
            if _in_a_name(text, m):
                continue
            key = " ".join(m.group().lower().split())
            found.append((m.start(), m.end(), anchor + timedelta(days=w.statement_days[key])))
    for m in p.statement_vague.finditer(text):
        found.append((m.start(), m.end(), None))
    return found


NOT_STATEMENT_BEFORE = re.compile(
    r"\b(?:since|from|until|till|between|and|to|before|after|by)\s+$", re.IGNORECASE
)


def _earliest(found: list[tuple[int, int, date | None]]) -> tuple[int, int, date | None] | None:
    # First phrase in the text; among phrases starting together, the longest.
    return min(found, key=lambda f: (f[0], -(f[1] - f[0]))) if found else None


def statement_date(doc: Doc, start: int, end: int, anchor: date | None) -> tuple[date | None, Span | None]:
    """When the statement in ``text_of(doc)[start:end]`` was made, if the text says so, and the phrase's span.

    A phrase that fixes no day ("earlier this month", "last week") gives (None, its span).
    """
    text = text_of(doc)[start:end]
    # "since 24 February 2022", "from Monday to": bounds of a period, not when the words were said.
    found = [
        f
        for f in _day_phrases(text, anchor)
        if not NOT_STATEMENT_BEFORE.search(text[max(0, f[0] - 12) : f[0]])
    ]
    first = _earliest(found)
    if first is None:
        return None, None
    s, e, d = first
    return d, (start + s, start + e)


def _minus_months(d: date, months: int) -> date:
    y, m = divmod(d.year * 12 + d.month - 1 - months, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _rolling(amount: int, unit: str, reference: date) -> date:
    if unit == "hours":
        return reference - timedelta(days=max(1, -(-amount // 24)))
    if unit == "days":
        return reference - timedelta(days=amount)
    if unit == "weeks":
        return reference - timedelta(weeks=amount)
    if unit == "fortnight":
        return reference - timedelta(days=14 * amount)
    if unit == "months":
        return _minus_months(reference, amount)
    return _minus_months(reference, 12 * amount)


def _amount(m: re.Match) -> int:
    raw = (m.group("num") or "1").lower()
    return int(raw) if raw.isdigit() else time_words().numbers.get(re.sub(r"[\s-]+", "-", raw), 1)


def _month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _recent_year(month: int, reference: date | None, explicit: str | None) -> int | None:
    if explicit:
        return int(explicit)
    if reference is None:
        return None
    return reference.year if month <= reference.month else reference.year - 1


def _cap(end: date, reference: date | None) -> date:
    return min(end, reference) if reference is not None and end >= reference else end


Period = tuple[date | None, date | None]


def _periods(text: str, reference: date | None) -> list[tuple[int, int, int, Period]]:
    """(priority, start, end, period) for every period phrase; lower priority wins."""
    p, w = patterns(), time_words()
    out: list[tuple[int, int, int, Period]] = []

    def add(m: re.Match, period: Period, priority: int = 0) -> None:
        out.append((priority, m.start(), m.end(), period))

    if reference is not None:
        for m in p.rolling_the.finditer(text):
            add(m, (_rolling(_amount(m), w.units[m.group("unit").lower()], reference), reference))
        for m in p.rolling_bare.finditer(text):
            unit = w.units[m.group("unit").lower()]
            if m.group("which").lower() == "last" and not m.group("num") and unit in ("months", "years"):
                # "last month", "last year": the previous calendar month or year.
                if unit == "months":
                    prev = _minus_months(reference.replace(day=1), 1)
                    add(m, _month_span(prev.year, prev.month))
                else:
                    add(m, (date(reference.year - 1, 1, 1), date(reference.year - 1, 12, 31)))
            else:
                add(m, (_rolling(_amount(m), unit, reference), reference))
        for m in p.rolling_number.finditer(text):
            add(m, (_rolling(_amount(m), w.units[m.group("unit").lower()], reference), reference))
        for m in p.since_start_of.finditer(text):
            first = (
                reference.replace(month=1, day=1)
                if m.group("unit").lower() == "year"
                else reference.replace(day=1)
            )
            add(m, (first, reference))
        for m in p.so_far.finditer(text):
            unit = (m.group("unit") or "year").lower()
            if unit == "year":
                add(m, (reference.replace(month=1, day=1), reference))
            elif unit == "month":
                add(m, (reference.replace(day=1), reference))
            else:
                add(m, (reference - timedelta(days=reference.weekday()), reference))
        for m in p.weekend.finditer(text):
            saturday = _last_weekday(5, reference)
            add(m, (saturday, min(saturday + timedelta(days=1), reference)))
        for m in p.period_days.finditer(text):
            if _in_a_name(text, m):
                continue
            d = reference + timedelta(days=w.period_days[" ".join(m.group().lower().split())])
            add(m, (d, d), priority=1)
        for m in p.weekday.finditer(text):
            if _capitalised(m, "weekday") and (m.group("on") or "").lower() == "on":
                d = _last_weekday(w.weekdays[m.group("weekday").lower()], reference)
                add(m, (d, d), priority=1)

    for m in p.since_start.finditer(text):
        add(m, (None, reference))
    for m in p.since_began.finditer(text):
        add(m, (None, reference))
    for m in p.since.finditer(text):
        since = _since_date(text[m.end() :], reference)
        if since is not None:
            length, d = since
            out.append((0, m.start(), m.end() + length, (d, reference)))
    for m in p.between.finditer(text):
        m1, m2 = _month_number(m.group("m1")), _month_number(m.group("m2"))
        if not (m1 and m2 and m.group("m1")[:1].isupper() and m.group("m2")[:1].isupper()):
            continue
        y2 = _recent_year(m2, reference, m.group("y2"))
        if y2 is None:
            continue
        y1 = int(m.group("y1")) if m.group("y1") else (y2 if m1 <= m2 else y2 - 1)
        add(m, (_month_span(y1, m1)[0], _cap(_month_span(y2, m2)[1], reference)))
    for m in p.year.finditer(text):
        y = int(m.group("year"))
        add(m, (date(y, 1, 1), _cap(date(y, 12, 31), reference)))
    for m in p.in_month.finditer(text):
        month = _month_number(m.group("month"))
        year = _recent_year(month, reference, m.group("year")) if month else None
        if month and year and _capitalised(m, "month"):
            first, last = _month_span(year, month)
            add(m, (first, _cap(last, reference)))
    return out


def _since_date(rest: str, reference: date | None) -> tuple[int, date] | None:
    """The date after "since ": a full date, a day and month, a month (and year), or a year."""
    p = patterns()
    for rx in (p.full_dmy, p.full_mdy, p.iso):
        m = rx.match(rest)
        if m:
            return m.end(), _full_dates(m.group())[0][2]
    for rx in (p.day_month, p.month_day):
        m = rx.match(rest)
        if m and reference is not None and _capitalised(m, "month"):
            d = _year_for(_month_number(m.group("month")) or 0, int(m.group("day")), reference)
            return (m.end(), d) if d else None
    m = p.month_year.match(rest)
    if m and _capitalised(m, "month"):
        return m.end(), date(int(m.group("year")), _month_number(m.group("month")) or 1, 1)
    m = p.month.match(rest)
    if m and _capitalised(m, "month"):
        month = _month_number(m.group("month")) or 1
        year = _recent_year(month, reference, None)
        return (m.end(), date(year, month, 1)) if year else None
    m = re.match(r"(?P<year>(?:19|20)\d\d)\b", rest)
    if m:
        return m.end(), date(int(m.group("year")), 1, 1)
    return None


def period_for(
    doc: Doc, start: int, end: int, reference: date | None
) -> tuple[str | None, str | None] | None:
    """The period a count in ``text_of(doc)[start:end]`` covers, as ISO (start, end); None if none is named.

    ``reference`` is the statement or publication date that relative phrases count back from.
    """
    found = _periods(text_of(doc)[start:end], reference)
    if not found:
        return None
    _, _, _, (first, last) = min(found, key=lambda f: (f[0], f[1], -(f[2] - f[1])))
    if first is None and last is None:
        return None
    return (first.isoformat() if first else None, last.isoformat() if last else None)
