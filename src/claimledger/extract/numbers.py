"""Quantities in parsed text: numbers with their bounds, units and what they count.

``find_quantities`` walks the tokens of a parsed spaCy ``Doc`` once. It groups number
tokens into number phrases (``3,000``, ``12.5 million``, ``twenty-eight thousand six
hundred forty-two``, ``tens of thousands``), then reads outwards: bound words and a
currency sign before, a range or a unit after, and the noun phrase counted. Dates,
times, years, ordinals, phone numbers and numbers inside names are skipped. Lexicons
live in ``data/numbers.json``, ``data/bounds.json`` and ``data/units.json``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any

from spacy.tokens import Doc, Token

FIGURE_KINDS = frozenset({"count", "money", "percent", "physical"})

# A number token: optional currency sign, the digits, an optional glued suffix ("1.2bn", "50GB").
NUMBER_TOKEN = re.compile(
    r"(?P<cur>(?:[A-Z]{1,3})?[$€£¥₹₪₩₽₴])?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?P<suf>[A-Za-zµ°%²³/]+)?"
)
FRACTION_TOKEN = re.compile(r"(?P<a>\d+)[/⁄](?P<b>\d+)")
PHONE = re.compile(r"(?<![\d,.])(?:\+?\d{1,3}[ .-]?)?(?:\(\d{3}\)\s?|\d{3}[.-])\d{3}[.-]\d{4}(?!\d)")
CLOCK = re.compile(r"\d{1,2}[:.]\d{2}")
YEAR_RANGE = (1800, 2100)

MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan jan. feb feb. mar mar. apr apr. jun jun. jul jul. aug aug. sep sep. sept sept. oct oct. "
    "nov nov. dec dec.".split()
)
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
TIME_AFTER = frozenset("a.m. p.m. am pm a.m p.m gmt utc bst et est edt pst pdt cet o'clock hrs".split())
UP_WORDS = frozenset(
    "rise rose risen increase grow grew gain climb jump surge soar add boost up hike rally "
    "advance expand improve widen accelerate double triple spike".split()
)
DOWN_WORDS = frozenset(
    "fall fell fallen drop decline decrease cut lose lost shed slash plunge slide sink tumble down "
    "reduce lower shrink slump dip plummet contract ease narrow retreat slip cut".split()
)


@dataclass
class Quantity:
    text: str
    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    bound: str
    change: str
    unit: str | None
    quant_unit: str | None
    kind: str
    counted: str | None
    counted_start: int | None
    counted_end: int | None
    head: int | None

    @property
    def is_figure(self) -> bool:
        """Counts, money, percentages and physical amounts; not durations, ages or other numbers."""
        return self.kind in FIGURE_KINDS


@dataclass(frozen=True)
class Lexicon:
    words: dict[str, float]  # number words below a hundred
    scales: dict[str, float]
    dozen: float
    suffix_multipliers: dict[str, float]
    ambiguous_multipliers: frozenset[str]
    vague: dict[tuple[str, ...], tuple[float, float | None]]
    vague_prefixes: dict[tuple[str, ...], tuple[float, float]]
    bound_before: dict[tuple[str, ...], str]
    bound_after: dict[tuple[str, ...], str]
    currency: dict[str, tuple[str, str]]
    units: dict[tuple[str, ...], tuple[str, str, str]]
    glued_only: frozenset[str]
    age_before: frozenset[str]
    age_after: dict[tuple[str, ...], None]
    age_units: dict[str, str]
    max_unit_len: int
    max_bound_len: int
    starters: frozenset[str]  # lower-case words that can open a number phrase


def _load(name: str) -> Any:
    return json.loads(files("claimledger.data").joinpath(name).read_text(encoding="utf-8"))


def _key(phrase: str) -> tuple[str, ...]:
    return tuple(phrase.lower().split())


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The number, bound and unit lexicons, loaded once."""
    num, bounds, units = _load("numbers.json"), _load("bounds.json"), _load("units.json")
    unit_table = {_key(k): tuple(v) for k, v in units["after"].items()}
    starters = set(num["units"]) | set(num["tens"]) | set(num["scales"]) | {"a", "an", "dozen"}
    starters |= {_key(k)[0] for k in num["vague"]} | {_key(k)[0] for k in num["vague_prefixes"]}
    return Lexicon(
        words={**num["units"], **num["tens"]},
        scales=num["scales"],
        dozen=num["dozen"],
        suffix_multipliers=num["suffix_multipliers"],
        ambiguous_multipliers=frozenset(num["ambiguous_suffix_multipliers"]),
        vague={_key(k): (v[0], v[1]) for k, v in num["vague"].items()},
        vague_prefixes={_key(k): (v[0], v[1]) for k, v in num["vague_prefixes"].items()},
        bound_before={_key(k): v for k, v in bounds["before"].items()},
        bound_after={_key(k): v for k, v in bounds["after"].items()},
        currency={k: (v[0], v[1]) for k, v in units["currency_before"].items()},
        units=unit_table,
        glued_only=frozenset(units["glued_only"]),
        age_before=frozenset(units["age_before"]),
        age_after={_key(k): None for k in units["age_after"]},
        age_units=units["age_units"],
        max_unit_len=max(len(k) for k in unit_table),
        max_bound_len=max(len(_key(k)) for k in bounds["before"]),
        starters=frozenset(starters),
    )


# ---------------------------------------------------------------- number phrases


@dataclass
class _Num:
    """A number phrase: tokens [i, j) and its value (or a vague interval)."""

    i: int
    j: int
    value: float | None
    low: float | None = None
    high: float | None = None
    currency: tuple[str, str] | None = None
    glued_unit: tuple[str, str, str] | None = None
    multiplied: bool = False  # has a scale word or suffix multiplier


def _lower(token: Token) -> str:
    return token.lower_


def _is_word_number(low: str, lex: Lexicon) -> bool:
    if low in lex.words or low in lex.scales or low == "dozen":
        return True
    if "-" in low:
        parts = low.split("-")
        return all(p in lex.words for p in parts)
    return False


def _word_value(low: str, lex: Lexicon) -> float:
    if "-" in low:
        return sum(lex.words[p] for p in low.split("-"))
    return lex.words[low]


def _digits(text: str) -> float:
    return float(text.replace(",", ""))


def _read_number(doc: Doc, i: int, end: int, lex: Lexicon) -> _Num | None:
    """Read the number phrase starting at token i, or None."""
    tok = doc[i]
    low = tok.lower_
    # Vague amounts: "dozens", "tens of thousands", "several hundred".
    for key, (lo, hi) in lex.vague.items():
        n = len(key)
        if i + n <= end and tuple(t.lower_ for t in doc[i : i + n]) == key:
            # "hundreds of thousands" must win over "hundreds"
            longer = [k for k in lex.vague if len(k) > n and k[:n] == key]
            if any(i + len(k) <= end and tuple(t.lower_ for t in doc[i : i + len(k)]) == k for k in longer):
                continue
            return _Num(i, i + n, None, lo, hi)
    for key, (lo, hi) in lex.vague_prefixes.items():
        n = len(key)
        if i + n < end and tuple(t.lower_ for t in doc[i : i + n]) == key:
            nxt = doc[i + n].lower_
            if nxt in lex.scales or nxt == "dozen":
                scale = lex.scales.get(nxt, lex.dozen)
                return _Num(i, i + n + 1, None, lo * scale, hi * scale, multiplied=True)
    m = NUMBER_TOKEN.fullmatch(tok.text)
    if m:
        return _read_digits(doc, i, end, m, lex)
    f = FRACTION_TOKEN.fullmatch(tok.text)
    if f and int(f["b"]) != 0 and tok.ent_type_ != "DATE":
        return _Num(i, i + 1, int(f["a"]) / int(f["b"]))
    if low in ("a", "an") and i + 1 < end:
        nxt = doc[i + 1].lower_
        if nxt in lex.scales or nxt == "dozen":
            return _read_words(doc, i + 1, end, lex, start=i)
        return None
    if _is_word_number(low, lex):
        if low == "one" and tok.tag_ != "CD":
            return None
        return _read_words(doc, i, end, lex, start=i)
    return None


def _read_digits(doc: Doc, i: int, end: int, m: re.Match[str], lex: Lexicon) -> _Num | None:
    value = _digits(m["num"])
    num = _Num(i, i + 1, value)
    if m["cur"]:
        if m["cur"] not in lex.currency:
            return None
        num.currency = lex.currency[m["cur"]]
    suf = m["suf"]
    if suf:
        low = suf.lower()
        if low in lex.suffix_multipliers and (num.currency or low not in lex.ambiguous_multipliers):
            num.value = value * lex.suffix_multipliers[low]
            num.multiplied = True
        elif (low,) in lex.units:
            num.glued_unit = lex.units[(low,)]
        else:
            return None  # "2nd", "5G", "1990s": not a plain number
    j = i + 1
    # "12.5 million", "3 billion"
    if not num.glued_unit and j < end and doc[j].lower_ in lex.scales and not (suf and num.multiplied):
        num.value = (num.value or 0) * lex.scales[doc[j].lower_]
        num.multiplied = True
        j += 1
        if j < end and doc[j].lower_ in lex.scales:  # "1 million million" is rare; "3 hundred thousand"
            num.value *= lex.scales[doc[j].lower_]
            j += 1
    num.j = j
    return num


def _read_words(doc: Doc, i: int, end: int, lex: Lexicon, start: int) -> _Num | None:
    """Read spelled-out numbers: 'twenty-eight thousand six hundred forty-two', 'one and a half million'."""
    total = 0.0
    current = 0.0
    last = ""  # kind of the previous word: unit (1-19), tens, hundred, scale
    j = last_j = i
    multiplied = False
    while j < end:
        low = doc[j].lower_
        if low in lex.words or ("-" in low and _is_word_number(low, lex)):
            v = _word_value(low, lex)
            kind = "tens" if v >= 20 and v % 10 == 0 else "unit"
            # "twenty five" joins; "five six" or "twenty thirty" are two numbers
            if last == "unit" or (last == "tens" and (kind == "tens" or v >= 10)):
                break
            current += v
            last = kind
        elif low in ("-", "–") and last == "tens" and j + 1 < end and doc[j + 1].lower_ in lex.words:
            j += 1
            continue
        elif low == "hundred" and last != "hundred":
            current = (current or 1) * 100
            last, multiplied = "hundred", True
        elif low in lex.scales and low != "hundred":
            total += (current or 1) * lex.scales[low]
            current = 0
            last, multiplied = "scale", True
        elif low == "dozen":
            current = (current or 1) * lex.dozen
            last, multiplied = "scale", True
        elif low == "and" and last and j + 1 < end:
            nxt = doc[j + 1].lower_
            if nxt in ("a", "one") and j + 2 < end and doc[j + 2].lower_ == "half":
                current += 0.5
                j += 3
                last_j = j
                last = "unit"
                continue
            if nxt in lex.words and last in ("hundred", "scale"):
                j += 1
                continue
            break
        elif low in ("a", "an") and not last and j + 1 < end and doc[j + 1].lower_ in lex.scales:
            j += 1
            continue
        else:
            break
        j += 1
        last_j = j
    if not last:
        return None
    return _Num(start, last_j, total + current, multiplied=multiplied)


# ---------------------------------------------------------------- context around a number


def _match_before(doc: Doc, i: int, floor: int, table: dict[tuple[str, ...], str], max_len: int) -> tuple[int, str] | None:
    """The longest phrase of ``table`` ending just before token i: (its first token, value)."""
    for n in range(min(max_len, i - floor), 0, -1):
        key = tuple(t.lower_ for t in doc[i - n : i])
        if key in table:
            return i - n, table[key]
    return None


def _match_after(doc: Doc, j: int, end: int, table: dict[tuple[str, ...], Any], max_len: int) -> tuple[int, Any] | None:
    for n in range(min(max_len, end - j), 0, -1):
        key = tuple(t.lower_ for t in doc[j : j + n])
        if key in table:
            return j + n, table[key]
    return None


def _unit_after(doc: Doc, j: int, end: int, lex: Lexicon) -> tuple[int, tuple[str, str, str]] | None:
    """A unit written after the number: '5 per cent', '40 km', '6.1-inch', '52,000 barrel-a-day'."""
    k = j
    if k < end and doc[k].text in ("-", "–") and k + 1 < end and doc[k].idx == doc[k - 1].idx + len(doc[k - 1].text):
        k += 1
    found = _match_after(doc, k, end, lex.units, lex.max_unit_len)
    if found is None:
        return None
    stop, unit = found
    words = [t.lower_ for t in doc[k:stop]]
    if len(words) == 1 and words[0] in lex.glued_only:
        return None
    # "the 1,000 feet" fine; "5 in Kursk" is not inches: glued_only handles 'in'.
    # Join hyphenated compounds such as "barrel-a-day" split by the tokenizer.
    return stop, unit


def _hyphen_glued(doc: Doc, a: int, b: int) -> bool:
    """Tokens a and b touch (no whitespace between them)."""
    return doc[a].idx + len(doc[a].text) == doc[b].idx


def _is_name_number(doc: Doc, num: _Num, start: int) -> bool:
    """Numbers inside names: 'F-16', 'PAC-3', 'COVID-19', 'G7', 'Resolution 2231', 'iPhone 14'."""
    i = num.i
    tok = doc[i]
    if num.currency or num.multiplied or num.value is None or not tok.text[:1].isdigit():
        return False
    if i > start:
        prev = doc[i - 1]
        # glued to a word by a hyphen: PAC-3, COVID-19
        if prev.text in ("-", "–") and i - 2 >= start and _hyphen_glued(doc, i - 2, i - 1) and _hyphen_glued(doc, i - 1, i):
            if doc[i - 2].is_alpha:
                return True
        if prev.text.startswith("-") is False and prev.is_alpha and _hyphen_glued(doc, i - 1, i):
            return True
        if prev.text == "-" and i - 2 >= start and doc[i - 2].text[:1].isupper() and doc[i - 2].is_alpha:
            return True  # "COVID -19"
        # Title-case word before a bare integer: "Resolution 2231", "Section 427", "Windows 11"
        if (
            (prev.is_title or prev.is_upper)
            and prev.is_alpha
            and not prev.is_sent_start
            and prev.lower_ not in MONTHS
            and prev.lower_ not in WEEKDAYS
            and prev.text not in lexicon().currency
            and "," not in tok.text
            and "." not in tok.text
        ):
            nxt = doc[num.j] if num.j < len(doc) else None
            if nxt is None or not (nxt.pos_ == "NOUN" and nxt.tag_ in ("NNS",)):
                return True
    if num.j < len(doc):
        nxt = doc[num.j]
        if nxt.text in ("-", "–") and num.j + 1 < len(doc) and _hyphen_glued(doc, num.j - 1, num.j) and _hyphen_glued(doc, num.j, num.j + 1):
            after = doc[num.j + 1]
            if after.is_upper and after.is_alpha and len(after.text) > 1:
                return True  # "3-D"? no: "4-H", "7-Eleven"-like codes
    return False


def _is_date_or_time(doc: Doc, num: _Num, start: int, end: int) -> bool:
    i, j = num.i, num.j
    tok = doc[i]
    if num.currency or num.value is None:
        return False
    text = tok.text
    if CLOCK.fullmatch(text):
        return True
    # Years: a bare four-digit integer.
    is_int = text.isdigit()
    if is_int and len(text) == 4 and YEAR_RANGE[0] <= int(text) <= YEAR_RANGE[1] and j == i + 1 and not num.glued_unit:
        nxt = doc[j] if j < len(doc) else None
        if nxt is None or not (nxt.tag_ == "NNS" and nxt.ent_type_ != "DATE"):
            return True
    if is_int and int(text) <= 31:
        if i > start and doc[i - 1].lower_ in MONTHS:
            return True
        if j < end and doc[j].lower_ in MONTHS:
            return True
        if j + 1 < end and doc[j].lower_ == "of" and doc[j + 1].lower_ in MONTHS:
            return True
    if j < end and doc[j].lower_ in TIME_AFTER:
        return True
    return False


def _counted(doc: Doc, k: int, end: int) -> tuple[int, int, int] | None:
    """The noun phrase counted, starting at token k: (first, last+1, head index)."""
    if k >= end:
        return None
    tok = doc[k]
    if tok.lower_ == "of" and k + 1 < end:
        # "thousands of people", "one of the students", "dozens of Kia and Hyundai vehicles"
        k2 = k + 1
        while k2 < end and doc[k2].pos_ == "DET":
            k2 += 1
        found = _noun_run(doc, k2, end)
        return found
    if tok.pos_ == "DET" or tok.pos_ in ("ADP", "VERB", "AUX", "PRON", "PUNCT", "CCONJ", "SCONJ", "PART", "NUM"):
        return None
    return _noun_run(doc, k, end)


def _noun_run(doc: Doc, k: int, end: int) -> tuple[int, int, int] | None:
    """A run of adjectives and nouns from k ending on a noun: 'North Korean soldiers'."""
    last_noun = -1
    j = k
    while j < end:
        t = doc[j]
        if t.pos_ in ("NOUN", "PROPN"):
            # A proper noun after a common noun starts something else ("soldiers Russia sent").
            if last_noun >= 0 and t.pos_ == "PROPN" and doc[last_noun].pos_ == "NOUN":
                break
            last_noun = j
            if t.tag_ in ("NNS", "NNPS") and j + 1 < end and doc[j + 1].pos_ != "NOUN":
                break
        elif t.pos_ in ("ADJ",) or (t.pos_ == "VERB" and t.tag_ in ("VBN", "VBG") and t.dep_ == "amod"):
            if last_noun >= 0:
                break
        elif t.text == "-" and last_noun < 0 and j > k:
            pass
        elif t.pos_ == "CCONJ" and last_noun < 0 and j > k:
            pass  # "Kia and Hyundai vehicles"
        else:
            break
        j += 1
    if last_noun < 0:
        return None
    # Prefer the syntactic head if the parse ties the run together.
    return k, last_noun + 1, last_noun


def _change(doc: Doc, q_first: int, anchor: int, bound: str, start: int) -> str:
    if bound in ("gt", "ge"):
        return ">"
    if bound in ("lt", "le"):
        return "<"
    if bound == "approx":
        return "~"
    # "up 5%", "down 3 per cent", "up by 2"
    p = q_first - 1
    if p >= start and doc[p].lower_ == "by":
        p -= 1
    if p >= start:
        low = doc[p].lower_
        if low == "up" or (doc[p].lemma_.lower() in UP_WORDS and doc[p].pos_ == "VERB"):
            return "up"
        if low == "down" or (doc[p].lemma_.lower() in DOWN_WORDS and doc[p].pos_ == "VERB"):
            return "down"
    # The governing verb: "rose by 5%", "cut 200 jobs", "grew 3 per cent".
    tok = doc[anchor]
    via_by = False
    for _ in range(4):
        head = tok.head
        if head is tok:
            break
        if tok.dep_ == "pobj" and head.lower_ == "by":
            via_by = True
        elif tok.dep_ == "pobj":
            break
        if head.pos_ in ("VERB", "NOUN"):
            lemma = head.lemma_.lower()
            direct = tok.dep_ in ("dobj", "npadvmod", "nummod", "quantmod") or via_by
            if head.pos_ == "VERB" and (direct or tok.dep_ == "prep"):
                if lemma in UP_WORDS and (direct or via_by):
                    return "up"
                if lemma in DOWN_WORDS and (direct or via_by):
                    return "down"
            if head.pos_ == "VERB":
                break
        tok = head
    return "="


# ---------------------------------------------------------------- the scanner


def find_quantities(doc: Doc, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every quantity whose words lie in ``doc.text[start:end]``."""
    lex = lexicon()
    end_char = len(doc.text) if end is None else end
    span = doc.char_span(start, end_char, alignment_mode="contract") if (start or end is not None) else doc[:]
    if span is None or not len(span):
        return []
    t0, t1 = span.start, span.end
    starters = lex.starters
    phones = [m.span() for m in PHONE.finditer(doc.text, start, end_char)]
    out: list[Quantity] = []
    i = t0
    while i < t1:
        tok = doc[i]
        if not (tok.text[:1].isdigit() or tok.text[:1] in _SIGN_STARTS or tok.lower_ in starters):
            i += 1
            continue
        num = _read_number(doc, i, t1, lex)
        if num is None:
            i += 1
            continue
        q = _build(doc, num, t0, t1, lex, phones)
        if q is not None:
            out.append(q)
            i = max(q_end_token(doc, q), num.j)
        else:
            i = num.j
    return out


_SIGN_STARTS = frozenset("$€£¥₹₪₩₽₴.ACHNRSU")




def q_end_token(doc: Doc, q: Quantity) -> int:
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    return span.end if span is not None else 0


def _section_start(doc: Doc, i: int, t0: int) -> int:
    """Sentence start for token i, not before t0."""
    s = doc[i].sent.start if doc.has_annotation("SENT_START") else t0
    return max(s, t0)


def _build(doc: Doc, num: _Num, t0: int, t1: int, lex: Lexicon, phones: list[tuple[int, int]]) -> Quantity | None:
    first = doc[num.i]
    for a, b in phones:
        if a <= first.idx < b:
            return None
    floor = _section_start(doc, num.i, t0)
    if _is_date_or_time(doc, num, floor, t1) or _is_name_number(doc, num, floor):
        return None
    if num.value is not None and num.value == 1 and first.lower_ in ("a", "an"):
        return None
    q_first = num.i
    q_last = num.j  # exclusive token end of the quantity's words
    currency = num.currency
    # Currency sign or code before: "$ 5", "US$ 1.2 billion", "€40m"
    if currency is None and q_first > floor and doc[q_first - 1].text in lex.currency:
        prev = doc[q_first - 1].text
        if not prev.isalpha() or prev.isupper() or prev in ("Rs", "Rp"):
            currency = lex.currency[prev]
            q_first -= 1
            # suffix multipliers like "40m" arrive as two tokens after a separate sign
    if currency and num.j < t1 and doc[num.j].lower_.rstrip(".") in lex.suffix_multipliers and _hyphen_glued(doc, num.j - 1, num.j):
        num.value = (num.value or 0) * lex.suffix_multipliers[doc[num.j].lower_.rstrip(".")]
        num.multiplied = True
        num.j += 1
        q_last = num.j
    bound = "exact" if num.value is not None else "vague"
    value, low, high = num.value, num.low, num.high
    # Ranges: "between 20,000 and 25,000", "20,000-25,000", "from 20 to 25", "one to two"
    opener = doc[q_first - 1].lower_ if q_first > floor else ""
    k = num.j
    second: _Num | None = None
    if value is not None and k < t1:
        joiner = doc[k].lower_
        ok = joiner in ("-", "–", "—", "to") or (joiner == "and" and opener == "between") or (
            joiner == "or" and not first.text[:1].isdigit()
        )
        if ok and k + 1 < t1:
            nk = k + 1
            if doc[nk].text in lex.currency:
                nk += 1
            cand = _read_number(doc, nk, t1, lex)
            if cand is not None and cand.value is not None and not (joiner == "-" and not _hyphen_glued(doc, k - 1, k) and opener != "between"):
                second = cand
    if second is not None and second.value is not None and value is not None:
        lo, hi = value, second.value
        if second.multiplied and not num.multiplied and lo < hi and lo < 1000:
            # "between 1 and 2 million": the scale word belongs to both ends
            scale = hi / float(doc[second.i].text.replace(",", "")) if NUMBER_TOKEN.fullmatch(doc[second.i].text) else 1.0
            if scale > 1 and lo * scale <= hi:
                lo = lo * scale
        if lo < hi:
            if opener in ("between", "from"):
                q_first -= 1
            value, low, high, bound = None, lo, hi, "range"
            currency = currency or second.currency
            num = _Num(num.i, second.j, None, lo, hi, currency, second.glued_unit or num.glued_unit, num.multiplied)
            q_last = second.j
        else:
            second = None
    # Bound words before (not for ranges): "more than", "at least", "up to"
    if bound in ("exact", "vague"):
        found = _match_before(doc, q_first, floor, lex.bound_before, lex.max_bound_len)
        if found is not None:
            b_start, b = found
            # "some" and "about" only bind directly to a number; "over" must not follow a verb of motion? keep simple
            if bound == "vague":
                if b in ("gt", "ge"):
                    high = None
            else:
                q_first = b_start
                bound = b
    # Unit after the number (or glued to it)
    unit_info = num.glued_unit
    if unit_info is None:
        found_unit = _unit_after(doc, q_last, t1, lex)
        if found_unit is not None:
            q_last, unit_info = found_unit
    # Bound words after: "5,000 or more", "3,000-plus"
    if bound == "exact":
        k = q_last
        if k < t1 and doc[k].text == "-" and k + 1 < t1 and doc[k + 1].lower_ == "plus":
            k += 1
        found = _match_after(doc, k, t1, lex.bound_after, 2)
        if found is not None:
            q_last, bound = found
    # Ages: "aged 42", "42-year-old", "42 years old"
    kind = "count"
    unit: str | None = None
    quant_unit: str | None = None
    age = False
    if q_first > floor and doc[q_first - 1].lower_ in lex.age_before and num.value is not None:
        age = True
    if unit_info and unit_info[2] == "duration":
        k = q_last
        after = _match_after(doc, k, t1, {("old",): None, ("-", "old"): None}, 2)
        if after is not None:
            age = True
            q_last = after[0]
    if not age and unit_info is None:
        k = q_last
        if k < t1 and doc[k].text in ("-",):
            k += 1
        found = _match_after(doc, k, t1, lex.age_after, 4)
        if found is not None:
            age = True
            q_last = found[0]
            unit_info = ("year", "year", "duration")
    if currency:
        kind, unit, quant_unit = "money", currency[0], currency[1]
        if unit_info and unit_info[2] == "money":
            q_last_unit = unit_info  # "$5 dollars" is rare; keep the sign's currency
            del q_last_unit
    elif unit_info:
        unit, quant_unit, kind = unit_info
        if age:
            kind = "age"
            quant_unit = lex.age_units.get(unit, "year of age")
    elif age:
        kind, unit, quant_unit = "age", "year", "year of age"
    # Bound-only with value: claims-format intervals
    if bound in ("gt", "ge"):
        low, high, value = value, None, None
    elif bound in ("lt", "le"):
        low, high, value = None, value, None
    # The counted noun phrase
    counted = None
    c_start = c_end = None
    head: int | None = num.j - 1
    if kind in ("count", "money", "physical", "percent"):
        k = q_last
        if kind == "count" and k < t1 and doc[k].text == "-" and _hyphen_glued(doc, k - 1, k):
            k += 1  # "a 5-mile", "3,000-strong"
        found_np = _counted(doc, k, t1)
        if found_np is not None and (kind == "count" or doc[k].lower_ == "of"):
            a, b, h = found_np
            if kind == "count" and doc[h].lower_ in lex.units.keys() and False:
                pass
            counted = doc[a:b].text
            c_start, c_end = doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)
            head = h
    if kind == "count" and head is not None and counted is not None:
        quant_unit = doc[head].lemma_.lower() if doc[head].pos_ == "NOUN" else doc[head].text
    if kind == "count" and counted is None and num.value is not None and num.i == num.j - 1:
        # A lone small number with nothing counted after it and no bound is often a score, a rank or a label.
        pass
    change = _change(doc, q_first, head if head is not None else num.j - 1, bound, floor)
    start_c = doc[q_first].idx
    end_c = doc[q_last - 1].idx + len(doc[q_last - 1].text)
    return Quantity(
        text=doc.text[start_c:end_c],
        start=start_c,
        end=end_c,
        value=value,
        low=low,
        high=high,
        bound=bound,
        change=change,
        unit=unit,
        quant_unit=quant_unit,
        kind=kind,
        counted=counted,
        counted_start=c_start,
        counted_end=c_end,
        head=head,
    )


def quantities(text: str, model: str | None = None) -> list[dict[str, Any]]:
    """Parse ``text`` and return every quantity as a plain dict (the public ``claimledger.quantities``)."""
    from .. import nlp as nlp_loader

    doc = nlp_loader.load(model or nlp_loader.DEFAULT_MODEL)(text)
    return [_as_dict(q) for q in find_quantities(doc)]


def _as_dict(q: Quantity) -> dict[str, Any]:
    return {
        "text": q.text,
        "start": q.start,
        "end": q.end,
        "value": q.value,
        "low": q.low,
        "high": q.high,
        "bound": q.bound,
        "change": q.change,
        "unit": q.quant_unit,
        "counted": q.counted,
    }
