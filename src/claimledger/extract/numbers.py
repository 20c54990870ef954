"""Quantities in parsed text: numbers with their bounds, units and what they count.

``find_quantities`` walks the tokens of a parsed spaCy ``Doc`` once. It groups number
tokens into number phrases (``3,000``, ``12.5 million``, ``twenty-eight thousand six
hundred forty-two``, ``tens of thousands``), then reads outwards: bound words and a
currency sign before, a range or a unit after, and the noun phrase counted. Dates,
times, years, ordinals, phone numbers and numbers inside names are skipped. Lexicons
live in ``data/numbers.json``, ``data/bounds.json`` and ``data/units.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Token

from ..lexicon import load_json
from .offsets import text_of

FIGURE_KINDS = frozenset({"count", "money", "percent", "physical"})

# A number token: optional sign or tilde, currency, the digits, an optional glued suffix ("1.2bn", "50GB").
# {codes} is filled with the alphabetic currency codes of data/units.json ("EUR50m", "RM79").
NUMBER_TOKEN_PATTERN = (
    r"(?P<sign>[~+\-−±]|minus-|sub-)?"
    r"(?P<cur>(?:[A-Z]{{1,3}})?[$€£¥₹₪₩₽₴](?:US|NZ|HK|A|C|S)?|{codes})?"
    r"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?P<suf>[A-Za-zµμ°%²³/.″′\"]+[23]?)?"
)
FRACTION_TOKEN = re.compile(r"(?P<a>\d+)[/⁄](?P<b>\d+)")
FRACTION_DENOMINATORS = frozenset({2, 3, 4, 5, 8, 10, 16, 32, 64, 100, 128})
PHONE = re.compile(r"(?<![\d,.])(?:\+?\d{1,3}[ .-]?)?(?:\(\d{3}\)\s?|\d{3}[.-])\d{3}[.-]\d{4}(?!\d)")
CLOCK = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
YEAR_RANGE = (1000, 2100)
MAX_UNIT_TOKENS = 6
SIGNS = frozenset("$€£¥₹₪₩₽₴")
INHERIT_WINDOW = 10  # tokens from a counted noun to a bare count that may share it
DASHES = frozenset({"-", "–", "—"})


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
    unit_from_counted: bool = False  # quant_unit is the counted phrase lemmatised, not a unit of its own

    @property
    def is_figure(self) -> bool:
        """Counts, money, percentages and physical amounts; not durations, ages or other numbers."""
        return self.kind in FIGURE_KINDS


@dataclass(frozen=True, eq=False)
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
    units: dict[str, tuple[str, str, str]]  # unit as written, lower case, single spaces
    glued_only: frozenset[str]
    case_units: dict[str, tuple[str, str, str]]  # units matched as written, case and all ("5G", "0.5 WAR")
    weak_codes: frozenset[str]  # currency codes that are also names ("PS5"): money only with grouped digits or a multiplier
    fractions: dict[str, int]  # fraction word (singular and plural) -> denominator: "third" -> 3, "quarters" -> 4
    index_cues: frozenset[str]  # words that make a bare two-decimal level an index level in points
    name_before: frozenset[str]  # lower-case words a bare number after which is part of a name ("S&P 500", "Big 12")
    age_before: dict[tuple[str, ...], str]
    age_after: dict[tuple[str, ...], None]
    age_units: dict[str, str]
    max_bound_len: int
    starters: frozenset[str]  # lower-case words that can open a number phrase
    number_token: re.Pattern[str]
    months: frozenset[str]
    weekdays: frozenset[str]
    era: frozenset[str]
    time_after: frozenset[str]
    up: frozenset[str]
    down: frozenset[str]
    up_by_only: frozenset[str]




def _key(phrase: str) -> tuple[str, ...]:
    return tuple(phrase.lower().split())


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The number, bound and unit lexicons, loaded once."""
    num, bounds, units = load_json("numbers.json"), load_json("bounds.json"), load_json("units.json")
    starters = set(num["units"]) | set(num["tens"]) | {"a", "an", "dozen", "minus", "half"}
    starters |= {_key(k)[0] for k in num["vague"]} | {_key(k)[0] for k in num["vague_prefixes"]}
    codes = sorted((k for k in units["currency_before"] if re.fullmatch(r"[A-Za-z]+=?", k)), key=len, reverse=True)
    dates, change = num["not_quantities"], num["change"]
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
        units={" ".join(k.lower().split()): (v[0], v[1], v[2]) for k, v in units["after"].items()},
        glued_only=frozenset(units["glued_only"]),
        case_units={k: (v[0], v[1], v[2]) for k, v in units["after_exact_case"].items()},
        weak_codes=frozenset(units["weak_currency_codes"]),
        name_before=frozenset(num["name_before"]),
        index_cues=frozenset(num["index_cues"]),
        fractions={**{k + "s": v for k, v in num["fractions"].items() if k != "half"}, **num["fractions"]},
        age_before={_key(k): "age" for k in units["age_before"]},
        age_after={_key(k): None for k in units["age_after"]},
        age_units=units["age_units"],
        max_bound_len=max(len(_key(k)) for k in bounds["before"]),
        starters=frozenset(starters),
        number_token=re.compile(NUMBER_TOKEN_PATTERN.format(codes="|".join(map(re.escape, codes)))),
        months=frozenset(dates["months"]),
        weekdays=frozenset(dates["weekdays"]),
        era=frozenset(dates["era"]),
        time_after=frozenset(dates["time_after"]),
        up=frozenset(change["up"]),
        down=frozenset(change["down"]),
        up_by_only=frozenset(change["up_by_only"]),
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
    scale: float = 1.0  # the multiplier applied last ("five thousand" -> 1000), for ranges
    sign: str = ""  # "+", "-" or "~" written before the digits
    end_char: int | None = None  # when the last token holds a trailing full stop ("€40m.")
    fraction: bool = False  # "a third of", "two-thirds of", "one out of three"


def _is_word_number(low: str, lex: Lexicon) -> bool:
    if low in lex.words:
        return True
    if "-" in low:
        return all(p in lex.words for p in low.split("-"))
    return False


def _word_value(low: str, lex: Lexicon) -> float:
    if "-" in low:
        return sum(lex.words[p] for p in low.split("-"))
    return lex.words[low]


def _glued(doc: Doc, a: int, b: int) -> bool:
    """Tokens a and b touch (no whitespace between them)."""
    return doc[a].idx + len(doc[a].text) == doc[b].idx


def _words(doc: Doc, i: int, n: int) -> tuple[str, ...]:
    return tuple(t.lower_ for t in doc[i : i + n])


def _read_number(doc: Doc, i: int, end: int, lex: Lexicon) -> _Num | None:
    """Read the number phrase starting at token i, or None."""
    tok = doc[i]
    low = tok.lower_
    if low == "minus" and i + 1 < end:
        k = i + 2 if doc[i + 1].text in DASHES and i + 2 < end else i + 1  # "minus-130"
        num = _read_number(doc, k, end, lex)
        if num is not None and num.value is not None:
            num.i, num.value = i, -num.value
        return num
    fraction = _read_fraction(doc, i, end, lex)
    if fraction is not None:
        return fraction
    # Vague amounts, longest first: "hundreds of thousands" before "hundreds".
    best: tuple[int, tuple[float, float | None]] | None = None
    for key, interval in lex.vague.items():
        n = len(key)
        if key[0] == low and i + n <= end and _words(doc, i, n) == key and (best is None or n > best[0]):
            best = (n, interval)
    if best is not None:
        return _Num(i, i + best[0], None, best[1][0], best[1][1])
    for key, (lo, hi) in lex.vague_prefixes.items():
        n = len(key)
        if key[0] == low and i + n < end and _words(doc, i, n) == key:
            nxt = doc[i + n].lower_
            if nxt in lex.scales or nxt == "dozen":
                scale = lex.scales.get(nxt, lex.dozen)
                return _Num(i, i + n + 1, None, lo * scale, hi * scale, multiplied=True, scale=scale)
    f = FRACTION_TOKEN.fullmatch(tok.text)
    if f:
        # "1/2", "3/4", "1/16"; not "9/11" or "24/7", which are names and dates
        if int(f["b"]) not in FRACTION_DENOMINATORS or int(f["a"]) >= int(f["b"]) or tok.ent_type_ == "DATE":
            return None
        return _Num(i, i + 1, int(f["a"]) / int(f["b"]))
    m = lex.number_token.fullmatch(tok.text)
    if m:
        return _read_digits(doc, i, end, m, lex)
    if i > 0 and doc[i - 1].text in SIGNS and _glued(doc, i - 1, i) and tok.text[:1].isalpha():
        # "$US113 trillion", "$A82,615,680": the tokenizer splits the sign from its country letters
        m = lex.number_token.fullmatch(doc[i - 1].text + tok.text)
        if m and m["cur"]:
            num = _read_digits(doc, i, end, m, lex)
            if num is not None:
                num.i = i - 1
            return num
    if low in ("a", "an"):
        if i + 1 < end and (doc[i + 1].lower_ in lex.scales or doc[i + 1].lower_ == "dozen"):
            return _read_words(doc, i + 1, end, lex, start=i)
        return None
    if _is_word_number(low, lex):
        if low == "one" and tok.tag_ != "CD":
            return None
        return _read_words(doc, i, end, lex, start=i)
    return None


def _read_fraction(doc: Doc, i: int, end: int, lex: Lexicon) -> _Num | None:
    """'a third of', 'two-thirds of', 'three quarters of', 'half the condos', 'almost half of them'."""
    low = doc[i].lower_
    if low == "half":
        nxt = doc[i + 1] if i + 1 < end else None
        before = doc[i - 1] if i > 0 else None
        if before is not None and (before.pos_ in ("DET", "ADJ", "NUM") or before.lower_ in lex.fractions):
            return None  # "the second half", "a half", "one and a half"
        if nxt is not None and (nxt.lower_ == "of" or nxt.lower_ in ("the", "its", "their", "his", "her", "our", "these")):
            return _Num(i, i + 1, 0.5, fraction=True)
        return None
    if low in ("a", "an", "one"):
        numerator = 1.0
    elif low in lex.words and 1 < lex.words[low] < 10:
        numerator = float(lex.words[low])
    else:
        return None
    k = i + 1
    if k < end and doc[k].text in DASHES and _glued(doc, k - 1, k):
        k += 1
    if k + 1 >= end or doc[k].lower_ not in lex.fractions or doc[k + 1].lower_ != "of":
        return None
    word = doc[k].lower_
    if (numerator > 1) != (word.endswith("s") and word != "halves" or word == "halves"):
        return None  # "two-third", "one thirds": not a fraction
    return _Num(i, k + 1, numerator / lex.fractions[word], fraction=True)


def _read_out_of(doc: Doc, num: _Num, end: int, lex: Lexicon) -> _Num:
    """'one out of three', '9 out of 10': the fraction, when 'out of' and a second number follow."""
    j = num.j
    if num.value is None or num.fraction or j + 2 >= end or _words(doc, j, 2) != ("out", "of"):
        return num
    second = _read_number(doc, j + 2, end, lex)
    if second is None or not second.value or second.value <= num.value or second.fraction:
        return num
    return _Num(num.i, second.j, num.value / second.value, fraction=True)


def _currency_key(cur: str) -> str:
    """'$US' and '$A' are written for 'US$' and 'A$'."""
    for k, sign in enumerate(cur):
        if sign in SIGNS and k + 1 < len(cur):
            return cur[k + 1 :] + cur[: k + 1]
    return cur


def _read_digits(doc: Doc, i: int, end: int, m: re.Match[str], lex: Lexicon) -> _Num | None:
    value = float(m["num"].replace(",", ""))
    num = _Num(i, i + 1, value, sign=m["sign"] or "")
    tok = doc[i]
    if num.sign in ("-", "−", "+") and i > 0 and _glued(doc, i - 1, i) and not doc[i - 1].is_punct:
        return None  # "COVID-19" split oddly, "PAC-3"
    percent_after = m["suf"] == "%" or (i + 1 < end and doc[i + 1].text == "%")
    if num.sign in ("-", "−") and i > 0 and doc[i - 1].text[:1].isupper() and doc[i - 1].is_alpha and not percent_after:
        return None  # "COVID -19": a name, not minus nineteen; "FTSE -0.6%" is a fall
    if num.sign in ("-", "−", "minus-"):
        num.value = -value
        num.sign = "-"
    if m["cur"]:
        cur = _currency_key(m["cur"])
        if cur not in lex.currency:
            return None
        glued_multiplier = i + 1 < end and _glued(doc, i, i + 1) and doc[i + 1].lower_.rstrip(".") in lex.suffix_multipliers
        if cur in lex.weak_codes and not (_money_like(m) or glued_multiplier):
            return None  # "PS5" is a console; "PS6m" and "PS21,700" are pounds
        num.currency = lex.currency[cur]
    suf = m["suf"]
    if suf:
        if suf.endswith(".") and len(suf) > 1 and suf.lower() not in lex.units:
            suf = suf[:-1]
            num.end_char = tok.idx + len(tok.text) - 1
        elif suf == ".":
            suf = ""
            num.end_char = tok.idx + len(tok.text) - 1
    if suf in lex.case_units:
        num.glued_unit = lex.case_units[suf]  # "5G": a network generation, not grams
    elif suf:
        low = suf.lower()
        nxt = doc[i + 1] if i + 1 < end else None
        sign_before = i > 0 and doc[i - 1].text in lex.currency
        if low in lex.suffix_multipliers and (
            num.currency
            or sign_before
            or low not in lex.ambiguous_multipliers
            or _million_m(suf, m["num"], nxt)
        ):
            num.value = (num.value or 0) * lex.suffix_multipliers[low]
            num.multiplied, num.scale = True, lex.suffix_multipliers[low]
        elif low in lex.units:
            num.glued_unit = lex.units[low]
        else:
            return None  # "2nd", "5G", "1990s": not a plain number
    j = i + 1
    # "12.5 million", "3 billion", "2 dozen" (across runs of spaces left by PDF extraction)
    k = j + 1 if j + 1 < end and doc[j].is_space else j
    if not suf and k < end and (doc[k].lower_ in lex.scales or doc[k].lower_ == "dozen"):
        j = k
        scale = lex.scales.get(doc[j].lower_, lex.dozen)
        num.value = (num.value or 0) * scale
        num.multiplied, num.scale = True, scale
        j += 1
        if j < end and doc[j].lower_ in lex.scales and doc[j - 1].lower_ == "hundred":
            num.value *= lex.scales[doc[j].lower_]
            num.scale = lex.scales[doc[j].lower_]
            j += 1
    elif not suf and k < end and _spaced_multiplier(doc[k].lower_.rstrip("."), lex):
        # "7 bn roubles", "3 mln euros": an abbreviation set apart (never 'm', 'b' or 'k', which are units too)
        scale = lex.suffix_multipliers[doc[k].lower_.rstrip(".")]
        num.value = (num.value or 0) * scale
        num.multiplied, num.scale = True, scale
        j = k + 1
    num.j = j
    return num


def _spaced_multiplier(word: str, lex: Lexicon) -> bool:
    return word in lex.suffix_multipliers and len(word) > 1 and word not in lex.ambiguous_multipliers


def _money_like(m: re.Match[str]) -> bool:
    """Digits that read as an amount of money: grouped thousands, decimals, or a multiplier after them."""
    digits, suf = m["num"], (m["suf"] or "").lower().rstrip(".")
    return "," in digits or "." in digits or suf in lexicon().suffix_multipliers


def _million_m(suffix: str, digits: str, nxt: Token | None) -> bool:
    """Is a glued 'm' a million ('1.2m tons', '35m of its devices') rather than metres ('a 10m wall')?"""
    if suffix.lower() != "m":
        return False
    return (
        suffix == "M"
        or "." in digits
        or (nxt is not None and (nxt.lower_ == "of" or nxt.tag_ in ("NNS", "JJ")))
    )


def _read_words(doc: Doc, i: int, end: int, lex: Lexicon, start: int) -> _Num | None:
    """Read spelled-out numbers: 'twenty-eight thousand six hundred forty-two', 'one and a half million'."""
    total = 0.0
    current = 0.0
    last = ""  # kind of the previous word: unit (1-19), tens, hundred, scale
    j = last_j = i
    scale = 1.0
    while j < end:
        low = doc[j].lower_
        if _is_word_number(low, lex):
            v = _word_value(low, lex)
            kind = "tens" if v >= 20 and v % 10 == 0 else "unit"
            # "twenty five" joins; "five six" or "twenty thirty" are two numbers
            if last == "unit" or (last == "tens" and (kind == "tens" or v >= 10)):
                break
            current += v
            last = kind
        elif (
            low in DASHES
            and last == "tens"
            and j + 1 < end
            and doc[j + 1].lower_ in lex.words
            and _glued(doc, j, j + 1)
        ):
            j += 1
            continue
        elif low == "hundred" and last not in ("hundred", ""):
            current = (current or 1) * 100
            last, scale = "hundred", 100
        elif low in lex.scales and low != "hundred" and last:
            total += (current or 1) * lex.scales[low]
            current = 0
            last, scale = "scale", lex.scales[low]
        elif low in ("hundred", "dozen") and not last and j > start:  # "a hundred", "a dozen"
            current = lex.scales.get(low, lex.dozen)
            last, scale = "scale", current
        elif low == "dozen" and last:
            current = (current or 1) * lex.dozen
            last, scale = "scale", lex.dozen
        elif low in lex.scales and not last and j > start:  # "a million"
            total += lex.scales[low]
            last, scale = "scale", lex.scales[low]
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
        else:
            break
        j += 1
        last_j = j
    if not last:
        return None
    value = total + current
    if last == "unit" and current < 100 and total == 0:
        scale = 1.0
    return _Num(
        start, last_j, value, multiplied=scale > 1, scale=scale if current == 0 or last == "hundred" else 1.0
    )


# ---------------------------------------------------------------- context around a number


def _match_before(
    doc: Doc, i: int, floor: int, table: dict[tuple[str, ...], str], max_len: int
) -> tuple[int, str] | None:
    """The longest phrase of ``table`` ending just before token i: (its first token, value)."""
    while i - 1 > floor and doc[i - 1].is_space:
        i -= 1  # runs of spaces in extracted text: "about  26,000"
    for n in range(min(max_len, i - floor), 0, -1):
        key = _words(doc, i - n, n)
        if key in table:
            return i - n, table[key]
    return None


def _match_after(
    doc: Doc, j: int, end: int, table: dict[tuple[str, ...], Any], max_len: int
) -> tuple[int, Any] | None:
    for n in range(min(max_len, end - j), 0, -1):
        key = _words(doc, j, n)
        if key in table:
            return j + n, table[key]
    return None


def _unit_after(doc: Doc, j: int, end: int, lex: Lexicon) -> tuple[int, tuple[str, str, str]] | None:
    """A unit written after the number: '5 per cent', '40 km', '6.1-inch', '275 pound-feet'."""
    if j >= end:
        return None
    if doc[j].text in lex.case_units and (doc[j].text not in lex.glued_only or _glued(doc, j - 1, j)):
        return j + 1, lex.case_units[doc[j].text]
    for n in range(min(MAX_UNIT_TOKENS, end - j), 0, -1):
        last = doc[j + n - 1]
        written = " ".join(doc[j : j + n].text.lower().split())
        unit = lex.units.get(written)
        if unit is None and last.text.endswith(".") and len(last.text) > 1:
            unit = lex.units.get(written[:-1])
        if unit is not None:
            if n == 1 and written in lex.glued_only and not _glued(doc, j - 1, j):
                return None
            if written.startswith("-") and not _glued(doc, j - 1, j):
                return None
            return j + n, unit
    if doc[j].text in DASHES and _glued(doc, j - 1, j) and j + 1 < end and _glued(doc, j, j + 1):
        found = _unit_after(doc, j + 1, end, lex)  # "6.1-inch", "5-mpg"
        if found is not None and found[1][0] not in lex.glued_only:
            return found
    return None


def _per_unit(doc: Doc, k: int, end: int, lex: Lexicon) -> tuple[int, str] | None:
    """'per barrel', 'a month', 'an ounce' after a unit: (token end, the noun's lemma)."""
    if k + 1 >= end or doc[k].lower_ not in ("per", "a", "an"):
        return None
    if k + 2 < end and doc[k + 2].lower_ in ("earlier", "ago", "later", "before", "after", "previously"):
        return None  # "$6.78 billion a year earlier" is a date, not a rate
    noun = doc[k + 1]
    unit = _unit_after(doc, k + 1, end, lex)
    if unit is not None:
        return unit[0], unit[1][1]
    if noun.pos_ == "NOUN" and (doc[k].lower_ == "per" or k + 2 >= end or doc[k + 2].pos_ != "NOUN"):
        return k + 2, noun.lemma_.lower()
    return None


def _is_name_number(doc: Doc, num: _Num, floor: int) -> bool:
    """Numbers inside names: 'F-16', 'PAC-3', 'COVID-19', 'Resolution 2231', 'iPhone 14', 'S&P 500'."""
    lex = lexicon()
    i = num.i
    tok = doc[i]
    if num.currency or num.multiplied or num.value is None or not tok.text[:1].isdigit() or num.glued_unit:
        return False
    plain = "," not in tok.text and "." not in tok.text
    if i > floor:
        prev = doc[i - 1]
        if plain and prev.lower_ in lex.name_before:
            return True  # "the S&P 500 utilities", "Nasdaq 100 e-minis", "the Big 12"
        if prev.text in DASHES and i - 2 >= floor and _glued(doc, i - 1, i):
            before = doc[i - 2]
            if before.text[:1].isalpha() and (_glued(doc, i - 2, i - 1) or before.is_upper):
                return True  # PAC-3, COVID-19, "COVID -19"
        if prev.text[:1].isalpha() and _glued(doc, i - 1, i):
            return True
        has_capital = any(c.isupper() for c in prev.text) and any(c.isalpha() for c in prev.text)
        if (
            plain
            and has_capital
            and prev.pos_ in ("PROPN", "NOUN", "X", "NUM", "CCONJ")
            and not prev.is_sent_start
            and prev.lower_ not in lex.months
            and prev.lower_ not in lex.weekdays
            and prev.lower_ not in lex.era
            and prev.text not in lex.currency
            and prev.ent_type_ not in ("NORP", "DATE")
        ):
            nxt = doc[num.j] if num.j < len(doc) else None
            if nxt is None or not (nxt.tag_ in ("NNS",) or _unit_after(doc, num.j, len(doc), lex)):
                return True
        # "(4)" after a name: a shirt number or a reference
        if (
            prev.text == "("
            and num.j < len(doc)
            and doc[num.j].text == ")"
            and i - 2 >= floor
            and doc[i - 2].pos_ == "PROPN"
        ):
            return True
    if num.j < len(doc) and plain and num.value < 10000:
        nxt = doc[num.j]
        # "the 787 Dreamliner", "two new 737 Max jets": a bare number before a model name
        if (
            nxt.pos_ == "PROPN"
            and nxt.text[:1].isupper()
            and nxt.ent_type_ not in ("NORP", "GPE")
            and (i > floor and doc[i - 1].pos_ in ("DET", "ADJ", "PRON") or doc[i - 1].tag_ == "POS")
        ):
            return not _unit_after(doc, num.j, len(doc), lex)
    return False


def _index_level(doc: Doc, num: _Num, floor: int, end: int, lex: Lexicon) -> bool:
    """'the TA-125 climbed 0.1% to 1,333.18': a bare level with two decimals in a sentence about a stock index."""
    written = doc[num.i].text
    if num.value is None or num.value < 100 or not re.fullmatch(r"[\d,]+\.\d\d", written):
        return False
    stop = doc[num.i].sent.end if doc.has_annotation("SENT_START") else end
    return any(t.lower_ in lex.index_cues or t.lower_ in lex.name_before for t in doc[floor:stop])


def _is_year(doc: Doc, num: _Num, floor: int) -> bool:
    """A bare four-digit year: "in 2022", "A.D. 1000"; not "2000 people" or "about 1000"."""
    lex = lexicon()
    tok = doc[num.i]
    text = tok.text
    if not (text.isdigit() and len(text) == 4 and YEAR_RANGE[0] <= int(text) <= YEAR_RANGE[1]):
        return False
    if num.j != num.i + 1 or num.glued_unit or num.currency:
        return False
    if num.i > floor and doc[num.i - 1].lower_ in lex.era:
        return True
    if num.i > floor and (
        doc[num.i - 1].text in lex.currency or doc[num.i - 1].lower_ in ("about", "some", "nearly")
    ):
        return False
    if _unit_after(doc, num.j, len(doc), lex) is not None:
        return False
    nxt = doc[num.j] if num.j < len(doc) else None
    counts_something = (
        nxt is not None
        and nxt.tag_ in ("NNS", "NNPS")
        and nxt.head.i == num.i
        or (nxt is not None and nxt.tag_ == "NNS" and tok.head.i == nxt.i and tok.ent_type_ != "DATE")
    )
    return not counts_something


def _is_date_or_time(doc: Doc, num: _Num, floor: int, end: int) -> bool:
    lex = lexicon()
    i, j = num.i, num.j
    tok = doc[i]
    if num.currency or num.value is None:
        return False
    text = tok.text
    if CLOCK.fullmatch(text) or _is_year(doc, num, floor):
        return True
    if text.isdigit() and int(text) <= 31:
        if i > floor and doc[i - 1].lower_ in lex.months:
            return True
        if j < end and doc[j].lower_ in lex.months:
            return True
        if j + 1 < end and doc[j].lower_ == "of" and doc[j + 1].lower_ in lex.months:
            return True
    if j < end and doc[j].lower_ in lex.time_after:
        return True
    if text.isdigit() and ((j < end and doc[j].lower_ in lex.era) or (i > floor and doc[i - 1].lower_ in lex.era)):
        return True  # '15 B.C.', 'AD 14': a year of any length
    if (
        num.glued_unit is None
        and lex.number_token.fullmatch(text) is None
        and text[-2:].lower() in ("am", "pm")
    ):
        return True
    return False


def _counted(doc: Doc, k: int, end: int) -> tuple[int, int, int] | None:
    """The noun phrase counted, starting at token k: (first, last+1, head index)."""
    while k < end and doc[k].is_space:
        k += 1
    if k >= end:
        return None
    tok = doc[k]
    if tok.lower_ == "of" and k + 1 < end:
        # "thousands of people", "one of the students", "dozens of Kia and Hyundai vehicles"
        k2 = k + 1
        while k2 < end and (doc[k2].pos_ == "DET" or doc[k2].tag_ == "PRP$" or doc[k2].is_space):
            k2 += 1
        return _noun_run(doc, k2, end)
    if tok.lower_ in ("more", "fewer", "less", "additional", "extra") and k + 1 < end:
        k += 1  # "eight more picks", "5,000 additional troops": the picks and the troops are counted
        tok = doc[k]
    if tok.pos_ == "ADV" and tok.lower_.endswith("ly") and k + 1 < end and doc[k + 1].pos_ in ("ADJ", "VERB", "PROPN"):
        k += 1  # "120,000 mostly Rohingya people", "2,000 newly displaced people"
        tok = doc[k]
    if tok.pos_ in ("DET", "ADP", "AUX", "PRON", "PUNCT", "CCONJ", "SCONJ", "PART", "NUM", "ADV"):
        return None
    if tok.pos_ == "VERB" and not (tok.tag_ in ("VBN", "VBG") and tok.dep_ == "amod"):
        return None
    return _noun_run(doc, k, end)


def _noun_run(doc: Doc, k: int, end: int) -> tuple[int, int, int] | None:
    """A run of adjectives and nouns from k ending on a noun: 'North Korean soldiers'."""
    last_noun = -1
    j = k
    while j < end:
        t = doc[j]
        if t.is_space:
            if last_noun >= 0 and doc[last_noun].tag_ in ("NNS", "NNPS"):
                break
        elif t.pos_ in ("NOUN", "PROPN"):
            # A proper noun after a plural common noun starts something else ("soldiers Russia sent").
            if last_noun >= 0 and t.pos_ == "PROPN" and doc[last_noun].tag_ == "NNS":
                break
            last_noun = j
            if t.tag_ in ("NNS", "NNPS") and not (
                j + 1 < end and doc[j + 1].pos_ == "NOUN" and doc[j + 1].tag_ == "NNS"
            ):
                break
        elif t.pos_ == "ADJ" or (
            t.pos_ == "VERB" and t.tag_ in ("VBN", "VBG") and t.dep_ in ("amod", "compound")
        ):
            if last_noun >= 0:
                break
        elif t.text in DASHES and j > k and _glued(doc, j - 1, j):
            pass
        elif t.pos_ == "CCONJ" and j > k and doc[j - 1].pos_ == "PROPN":
            pass  # "Kia and Hyundai vehicles"
        else:
            break
        j += 1
    if last_noun < 0:
        return None
    return k, last_noun + 1, last_noun


def _counted_unit(doc: Doc, a: int, b: int) -> str:
    """NewsQuant's unit for a count: the counted phrase's words, lemmatised, without function words."""
    words = []
    for t in doc[a:b]:
        if t.pos_ in ("DET", "CCONJ", "PUNCT", "NUM", "ADP", "PART"):
            continue
        words.append(t.text if t.pos_ == "PROPN" or t.text[:1].isupper() else t.lemma_.lower())
    return " ".join(words)


def _change(doc: Doc, q_first: int, anchor: int, bound: str, sign: str, floor: int, kind: str) -> str:
    if bound in ("gt", "ge"):
        return ">"
    if bound in ("lt", "le"):
        return "<"
    if bound == "range":
        approx = _match_before(doc, q_first, floor, lexicon().bound_before, lexicon().max_bound_len)
        return "~" if approx is not None and approx[1] == "approx" or sign == "~" else "="
    if sign == "-" and kind != "percent":
        sign = ""  # "-5 yards" is a level; "-1.3%" is a fall
    direction = _direction(doc, q_first, anchor, sign, floor)
    if direction:
        return direction
    return "~" if bound == "approx" else "="


def _direction(doc: Doc, q_first: int, anchor: int, sign: str, floor: int) -> str | None:
    """'up' or 'down' when the quantity is a change: '+3%', 'up 5%', 'rose by 2', 'cut 200 jobs'."""
    lex = lexicon()
    if sign == "+":
        return "up"
    if sign == "-":
        return "down"
    p = q_first - 1
    if p >= floor and doc[p].lower_ == "by":
        p -= 1
    if p >= floor:
        low = doc[p].lower_
        particle = doc[p].dep_ == "prt" and doc[p].head.lemma_.lower() not in (
            "end",
            "edge",
            "close",
            "trend",
            "finish",
        )
        if low in ("up", "higher", "upward", "upwards") and not particle:
            return "up"  # "up 5%", "revised upward by $4m"
        if low in ("down", "lower", "downward", "downwards") and not particle:
            return "down"
    tok = doc[anchor]
    via_by = False
    for _ in range(4):
        head = tok.head
        if head is tok:
            break
        if tok.dep_ == "pobj":
            if head.lower_ != "by":
                return None  # "rose to 6.7%" is the level reached, not the change
            via_by = True
        elif tok.dep_ == "prep" and not via_by:
            return None
        if head.pos_ == "VERB":
            lemma = head.lemma_.lower()
            direct = tok.dep_ in ("dobj", "npadvmod", "advmod") or via_by
            if direct and lemma in lex.up or via_by and lemma in lex.up_by_only:
                return "up"
            if direct and lemma in lex.down:
                return "down"
            return None
        tok = head
    return None


# ---------------------------------------------------------------- the scanner


def find_quantities(doc: Doc, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every quantity whose words lie in ``text_of(doc)[start:end]``."""
    lex = lexicon()
    text = text_of(doc)  # built from the tokens on every access: read it once
    end_char = len(text) if end is None else end
    span = (
        doc[:] if (start == 0 and end is None) else doc.char_span(start, end_char, alignment_mode="contract")
    )
    if span is None or not len(span):
        return []
    t0, t1 = span.start, span.end
    phones = [m.span() for m in PHONE.finditer(text, start, end_char)]
    has_sents = doc.has_annotation("SENT_START")
    out: list[Quantity] = []
    i = t0
    while i < t1:
        tok = doc[i]
        first = tok.text[:1]
        if not (
            first.isdigit()
            or first in SIGNS
            or first in "~+-−."
            or tok.lower_ in lex.starters
            or (first.isalpha() and any(c.isdigit() for c in tok.text))  # "EUR50m", "RM79", "minus-5"
        ):
            i += 1
            continue
        num = _read_number(doc, i, t1, lex)
        if num is None:
            i += 1
            continue
        num = _read_out_of(doc, num, t1, lex)
        floor = max(tok.sent.start, t0) if has_sents else t0
        q, skip_to = _build(doc, text, num, floor, t1, lex, phones)
        if q is not None:
            # a restatement shares the change, but not "about": "about $5m (EUR4.6m)" converts an estimate
            if q.change == "=" and out and out[-1].change != "~" and _restated(text, out[-1], q):
                q.change = out[-1].change
            if out and q.kind == "count" and q.counted is None and q.quant_unit is None:
                _inherit_counted(doc, out[-1], q, floor)
            out.append(q)
        i = max(skip_to, i + 1)
    return out


def _compound_modifier(doc: Doc, num: _Num, end: int, lex: Lexicon) -> bool:
    """A spelled-out number glued to a word that is not a unit: "six-speed", "five-year plan"."""
    j = num.j
    if doc[num.i].text[:1].isdigit() or j + 1 >= end or doc[j].text not in DASHES:
        return False
    if not (_glued(doc, j - 1, j) and _glued(doc, j, j + 1) and doc[j + 1].is_alpha):
        return False
    unit = _unit_after(doc, j, end, lex)
    if unit is None:
        return True
    # "a five-year award": a duration used as an adjective
    return unit[1][2] == "duration" and unit[0] < end and doc[unit[0]].pos_ in ("NOUN", "PROPN", "ADJ")


def _inherit_counted(doc: Doc, before: Quantity, q: Quantity, floor: int) -> None:
    """'Eight people were killed and four wounded': a bare count shares the noun of the count before it."""
    if before.kind != "count" or before.counted is None or before.head is None:
        return
    if before.start < doc[floor].idx or q.head is None or q.head - before.head > INHERIT_WINDOW:
        return  # only within one sentence, and close by
    following = doc[q.head].nbor(1) if q.head is not None and q.head + 1 < len(doc) else None
    if following is not None and following.lower_ == "of":
        return  # "four of them" counts something else
    q.counted, q.counted_start, q.counted_end = before.counted, before.counted_start, before.counted_end
    q.head, q.quant_unit, q.unit_from_counted = before.head, before.quant_unit, before.unit_from_counted


def _restated(text: str, before: Quantity, q: Quantity) -> bool:
    """'fell 190 points, or 0.6%', 'under 296 hp (224 kW / 300 PS)': the second figure restates the first."""
    end = max(before.end, before.counted_end or 0)
    between = text[end : q.start].strip(" ,(").lower()
    return between in ("or", "or about", "or roughly", "or nearly", "", "/") and q.start - end < 12


def _skip_joined(doc: Doc, j: int, end: int) -> int:
    """After a number that is not a quantity, also skip a joined '-N' ('Sept. 20-24', 'ISO 3888-2')."""
    if j + 1 < end and doc[j].text in DASHES and _glued(doc, j - 1, j) and doc[j + 1].text[:1].isdigit():
        return j + 2
    return j


def _in_phone(doc: Doc, i: int, phones: list[tuple[int, int]]) -> bool:
    at = doc[i].idx
    return any(a <= at < b for a, b in phones)


@dataclass
class _Draft:
    """A quantity being assembled around a number phrase: its token span and what is known so far."""

    first: int
    last: int  # exclusive
    end_char: int | None
    value: float | None
    low: float | None
    high: float | None
    bound: str
    currency: tuple[str, str] | None
    unit: tuple[str, str, str] | None


def _build(
    doc: Doc, text: str, num: _Num, floor: int, t1: int, lex: Lexicon, phones: list[tuple[int, int]]
) -> tuple[Quantity | None, int]:
    """The quantity for number phrase ``num`` and the token to continue scanning from."""
    if phones and _in_phone(doc, num.i, phones):
        return None, num.j
    if _compound_modifier(doc, num, t1, lex):
        return None, num.j + 2
    sub = num.sign == "sub-" or (
        num.i - 2 >= floor and doc[num.i - 1].text in DASHES and doc[num.i - 2].lower_ == "sub"
    )
    sign_before = num.i > floor and doc[num.i - 1].text in lex.currency
    if (
        not sub
        and not sign_before
        and (_is_date_or_time(doc, num, floor, t1) or _is_name_number(doc, num, floor))
    ):
        return None, _skip_joined(doc, num.j, t1)
    d = _Draft(
        num.i - 2 if sub and num.sign != "sub-" else num.i,
        num.j,
        num.end_char,
        num.value,
        num.low,
        num.high,
        "exact" if num.value is not None else "vague",
        num.currency,
        num.glued_unit,
    )
    _attach_currency(doc, num, d, floor, t1, lex)
    if d.unit is None and not d.currency:
        found_unit = _unit_after(doc, d.last, t1, lex)
        if found_unit is not None:
            d.last, d.unit, d.end_char = found_unit[0], found_unit[1], None
    skip = _attach_range(doc, num, d, floor, t1, lex)
    if skip is not None:
        return None, skip  # a score or a label: "2-1", "89-89"
    _attach_bounds(doc, num, d, floor, t1, lex, sub)
    age = _attach_age(doc, num, d, floor, t1, lex)
    kind, unit, quant_unit = ("fraction" if num.fraction else "count"), None, None
    if num.fraction:
        pass  # a share of something: no unit; what it is a share of is counted below
    elif d.currency:
        kind, unit, quant_unit = "money", d.currency[0], d.currency[1]
    elif d.unit:
        unit, quant_unit, kind = d.unit
        if age:
            kind, quant_unit = "age", lex.age_units.get(unit, "year of age")
    elif age:
        kind, unit, quant_unit = "age", "year", "year of age"
    # Per-unit: "$58.24 per barrel", "$14.95 a month", "5% a year"
    if kind in ("money", "physical", "percent", "duration") or (kind == "count" and d.unit):
        per = _per_unit(doc, d.last, t1, lex)
        if per is not None:
            d.last, d.end_char = per[0], None
            quant_unit, unit = f"{quant_unit} per {per[1]}", f"{unit}/{per[1]}"
    if d.bound in ("gt", "ge"):
        d.low, d.high, d.value = d.value, None, None
    elif d.bound in ("lt", "le"):
        d.low, d.high, d.value = None, d.value, None
    # The counted noun phrase: "3,000 North Korean soldiers", "thousands of people", "$5m of aid"
    counted = None
    c_start = c_end = None
    from_counted = False
    head: int | None = num.j - 1
    if kind not in ("age", "duration"):
        k = d.last
        if kind == "count" and k + 1 < t1 and doc[k].text in DASHES and _glued(doc, k - 1, k):
            k += 2 if doc[k + 1].pos_ == "ADJ" else 1  # "a 3,000-strong force": the force is counted
        while kind == "fraction" and k < t1 and (doc[k].pos_ == "DET" or doc[k].tag_ == "PRP$"):
            k += 1  # "half the condos", "half their income"
        found_np = _counted(doc, k, t1)
        if found_np is not None and (kind in ("count", "fraction") or doc[k].lower_ == "of"):
            a, b, head = found_np
            counted = doc[a:b].text
            c_start, c_end = doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)
            if kind in ("count", "fraction") and d.unit is None:
                quant_unit = _counted_unit(doc, a, b)
                from_counted = True
                per = _per_unit(doc, b, t1, lex)  # "3,000 tests per day": a rate of the counted noun
                if per is not None and doc[b].lower_ == "per":
                    quant_unit, from_counted = f"{_counted_unit(doc, head, head + 1)} per {per[1]}", False
    change = _change(doc, d.first, head if head is not None else num.j - 1, d.bound, num.sign, floor, kind)
    start_c = doc[d.first].idx
    last_tok = doc[d.last - 1]
    end_c = d.end_char if d.end_char is not None and d.last == num.j else last_tok.idx + len(last_tok.text)
    if kind == "count" and counted is None and d.unit is None and _index_level(doc, num, floor, t1, lex):
        kind, unit, quant_unit = "index", "points", "point"
    quantity = Quantity(
        text=text[start_c:end_c],
        start=start_c,
        end=end_c,
        value=d.value,
        low=d.low,
        high=d.high,
        bound=d.bound,
        change=change,
        unit=unit,
        quant_unit=quant_unit,
        kind=kind,
        counted=counted,
        counted_start=c_start,
        counted_end=c_end,
        head=head,
        unit_from_counted=from_counted,
    )
    return quantity, d.last


def _attach_currency(doc: Doc, num: _Num, d: _Draft, floor: int, t1: int, lex: Lexicon) -> None:
    """A currency sign or code before the number, and a multiplier glued after it ('$ 40m', 'US $4.46')."""
    if d.currency is None and d.first > floor:
        prev = doc[d.first - 1].text
        key = prev
        if prev in SIGNS and d.first - 2 >= floor and doc[d.first - 2].text + prev in lex.currency:
            key = doc[d.first - 2].text + prev  # "US $4.46", "HK $3.7 billion"
        if key in lex.currency:
            d.currency = lex.currency[key]
            d.first -= 2 if key != prev else 1
    if num.multiplied or num.glued_unit is not None or num.j >= t1 or not _glued(doc, num.j - 1, num.j):
        return
    suffix = doc[num.j].lower_
    scale = None
    if d.currency:
        if suffix.endswith(".") and suffix[:-1] in lex.suffix_multipliers:
            suffix, d.end_char = suffix[:-1], doc[num.j].idx + len(doc[num.j].text) - 1
        scale = lex.suffix_multipliers.get(suffix)
    elif _million_m(doc[num.j].text, doc[num.j - 1].text, doc[num.j + 1] if num.j + 1 < t1 else None):
        scale = 1e6  # "1.2m tons"
    if scale:
        num.value = (num.value or 0) * scale
        num.multiplied, num.scale = True, scale
        num.j += 1
        d.value, d.last = num.value, num.j


def _attach_range(doc: Doc, num: _Num, d: _Draft, floor: int, t1: int, lex: Lexicon) -> int | None:
    """Make ``d`` a range when a second number follows; the token to skip to when it is a score."""
    if d.value is None or d.last >= t1:
        return None
    opener = doc[d.first - 1].lower_ if d.first > floor else ""
    second, joiner = _range_end(doc, num, d.last, t1, opener, lex)
    if second is None or second.value is None:
        return None
    if (d.unit or d.currency) and not _same_unit(doc, second, d.currency, d.unit, t1, lex, opener == "from"):
        return None  # "rose 6.5% to 164p" is a change and a level: a range has one unit for both ends
    lo, hi = d.value, second.value
    if second.multiplied and not num.multiplied and lo * second.scale <= hi:
        lo *= second.scale  # "between 1 and 2 million", "four to five thousand"
    if lo > hi and opener == "from" and joiner == "to":
        lo, hi = hi, lo  # "fell from $40 to $35": a falling range, stored low to high
    if lo >= hi:
        glued_dash = joiner in DASHES and _glued(doc, d.last - 1, d.last)
        return second.j if glued_dash and not d.unit and not d.currency else None
    if opener in ("between", "from"):
        d.first -= 1
    d.value, d.low, d.high, d.bound = None, lo, hi, "range"
    d.currency = d.currency or second.currency
    d.unit = d.unit or second.glued_unit
    d.last, d.end_char = second.j, second.end_char
    found_unit = None if d.currency and not d.unit else _unit_after(doc, d.last, t1, lex)
    if found_unit is not None and (d.unit is None or found_unit[1] == d.unit):
        d.last, d.unit, d.end_char = found_unit[0], found_unit[1], None
    return None


def _attach_bounds(doc: Doc, num: _Num, d: _Draft, floor: int, t1: int, lex: Lexicon, sub: bool) -> None:
    """Bound words before ('more than', 'at least', '~', 'sub-') or after ('or more', '-plus')."""
    if sub and d.bound == "exact":
        d.bound = "lt"
    elif num.sign == "~":
        d.bound = "approx" if d.bound == "exact" else d.bound
    elif d.bound == "exact":
        found = _match_before(doc, d.first, floor, lex.bound_before, lex.max_bound_len)
        if found is not None:
            d.first, d.bound = found
    if d.bound != "exact":
        return
    k = d.last
    if k < t1 and doc[k].text in DASHES and k + 1 < t1 and doc[k + 1].lower_ == "plus":
        k += 1
    found_after = _match_after(doc, k, t1, lex.bound_after, 2)
    # "plus" alone after a number is addition ("5 plus 3"); "3,000-plus" is a bound
    if found_after is not None and not (doc[k].lower_ == "plus" and k == d.last):
        d.last, d.bound = found_after
        d.end_char = None


def _attach_age(doc: Doc, num: _Num, d: _Draft, floor: int, t1: int, lex: Lexicon) -> bool:
    """Is this an age: 'aged 42', '42-year-old', '42 years old', 'Jamie Armstrong, 25,'?"""
    known = d.value is not None or d.low is not None
    age = known and _match_before(doc, d.first, floor, lex.age_before, 2) is not None
    if d.unit and d.unit[2] == "duration":
        after = _match_after(doc, d.last, t1, {("old",): None, ("-", "old"): None}, 2)
        if after is not None:
            age, d.last = True, after[0]
    if d.unit is None and not d.currency:
        k = d.last + 1 if d.last < t1 and doc[d.last].text in DASHES else d.last
        found_age = _match_after(doc, k, t1, lex.age_after, 4)
        if found_age is not None:
            age, d.last, d.end_char = True, found_age[0], None
            d.unit = ("year", "year", "duration")
        elif _appositive_age(doc, num, floor, t1):
            age = True
    return age


def _range_end(doc: Doc, num: _Num, k: int, end: int, opener: str, lex: Lexicon) -> tuple[_Num | None, str]:
    """The second number of a range whose joiner is at token k, if there is one."""
    k = _skip_spaces(doc, k, end)
    if k >= end:
        return None, ""
    joiner = doc[k].lower_
    if joiner in DASHES:
        ok = True
    elif joiner == "to":
        # "increased by $43.6 billion to $419.2 billion" is a change and a level, not a range
        ok = not (num.i > 0 and doc[num.i - 1].lower_ == "by")
    elif joiner == "and":
        ok = opener == "between"
    elif joiner == "or":
        ok = not doc[num.i].text[:1].isdigit()
    else:
        ok = False
    if not ok or k + 1 >= end:
        return None, joiner
    nk = _skip_spaces(doc, k + 1, end)
    if nk < end and doc[nk].text in lex.currency:
        nk += 1
    if nk >= end:
        return None, joiner
    second = _read_number(doc, nk, end, lex)
    if second is None or second.value is None or second.sign == "-":
        return None, joiner
    return second, joiner


def _same_unit(
    doc: Doc,
    second: _Num,
    currency: tuple[str, str] | None,
    unit: tuple[str, str, str] | None,
    end: int,
    lex: Lexicon,
    bare_ok: bool = False,
) -> bool:
    """Does the second number of a range carry the first one's currency or unit (or none of its own)?

    ``bare_ok``: a second number with no unit at all shares the first one's ("from 208 pounds to 193").
    """
    if currency:
        return second.currency in (None, currency) and second.glued_unit is None
    if second.currency:
        return False
    found = _unit_after(doc, second.j, end, lex)
    second_unit = second.glued_unit or (found[1] if found else None)
    return second_unit == unit or (bare_ok and second_unit is None)


def _skip_spaces(doc: Doc, k: int, end: int) -> int:
    """The first token from k that is not a run of extra spaces (common in PDF-extracted text)."""
    while k < end and doc[k].is_space:
        k += 1
    return k


def _appositive_age(doc: Doc, num: _Num, floor: int, end: int) -> bool:
    """'Jamie Armstrong, 25, said': a bare number set off by commas after a person's name."""
    i, j = num.i, num.j
    if j != i + 1 or num.value is None or not (0 < num.value < 120) or not doc[i].text.isdigit():
        return False
    before = (
        i - 1 >= floor
        and doc[i - 1].text == ","
        and i - 2 >= floor
        and (doc[i - 2].ent_type_ == "PERSON" or doc[i - 2].pos_ == "PROPN" and doc[i - 2].text[:1].isupper())
    )
    after = j >= end or doc[j].text in (",", ")", ".", ";")
    return before and after


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
