"""What a figure measures (killed, wounded, deployed…) and which group it counts.

``measure_for`` looks for the measure word nearest to the quantity in its sentence
(``57 killed and 169 injured`` gives killed for 57 and wounded for 169); the counted
noun decides first when it names the event itself (``casualties``, ``refugees``).
``subject_for`` normalises the counted noun phrase to a group (``North Korean
soldiers`` → ``North Korean troops``). Lexicons: ``data/measures.json`` and
``data/subjects.json``.

``describe_figures`` gives each figure its measure and its counted phrase, mending the counted
phrase where the text elides or garbles it: a noun glued or hyphen-broken by PDF extraction
(``peoplewere``, ``fami-lies``), ``the number of X ... stands at N``, ``N of the M villagers``,
``a population of N``, a bare count that takes the noun of an earlier figure of the same measure
in its paragraph, and, failing all of these, the noun its verb implies (``35,000 were displaced``
counts people: ``implied_counted`` in ``data/measures.json``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from ..lexicon import load_json
from ..model import MEASURES
from .numbers import Quantity, lexicon
from .structure import block_at

# A measure word across "and", "or" or ";" counts as this many words further away.
CLAUSE_PENALTY = 3
# Measures of people hurt or held in fighting: a bare demonym counted with these is a group of fighters.
MILITARY_MEASURES = frozenset(
    {
        "killed",
        "wounded",
        "killed_or_wounded",
        "dead_and_wounded_total",
        "captured",
        "missing",
        "surrendered",
        "deployed",
        "lost",
    }
)
# Stop words that are pieces of contractions ("we're"), never glued on as whole words.
CONTRACTION_PARTS = frozenset({"re", "ll", "ve", "nt"})
MAX_MODIFIERS = 4  # words between a number and the noun the parser attaches it to
MIN_GLUED_WORD = 5  # a measure word or counted noun found inside a glued token has at least this many letters
GLUED_NUMBER = re.compile(r"([A-Za-z]+)[,;:.]\d[\d,.]*")  # a noun and the next number with no space between
# The nouns whose "of" phrase names what a bare number counts: "the number of people displaced ... is 5,000".
NUMBER_NOUNS = frozenset({"number", "total", "tally"})
PARTITIVE = re.compile(r"\s+of\s+(?:(?:the|those|these|its|their)\s+)?")  # "500 of the 4,000 villagers"


@dataclass(frozen=True, eq=False)
class MeasureLexicon:
    phrases: dict[tuple[str, ...], str]
    words: dict[str, str]
    counted_nouns: dict[str, str]
    status_nouns: dict[str, str]
    deployed_nouns: frozenset[str]
    window: int
    max_phrase: int
    phrase_starts: frozenset[str]
    implied_counted: dict[str, str]
    causative_verbs: frozenset[str]
    glue: frozenset[str]  # words PDF extraction glues to a measure word or a counted noun


@dataclass(frozen=True, eq=False)
class SubjectLexicon:
    groups: dict[tuple[str, ...], str]
    nationalities: dict[tuple[str, ...], str]  # lower-case adjective words -> adjective as written
    demonyms: dict[tuple[str, ...], str]  # lower-case plural people noun -> adjective
    default_group: str
    drop: frozenset[str]
    max_group: int
    max_nationality: int
    people_nouns: frozenset[str]  # lower-case plural nouns that count people or homes
    collective_nouns: frozenset[str]


@lru_cache(maxsize=1)
def measure_lexicon() -> MeasureLexicon:
    data = load_json("measures.json")
    tables = ("phrases", "words", "counted_nouns", "status_nouns")
    for measure in [m for table in tables for m in data[table].values()]:
        if measure not in MEASURES:
            raise ValueError(f"data/measures.json: {measure!r} is not a claims-format measure")
    phrases = {tuple(k.lower().split()): v for k, v in data["phrases"].items()}
    return MeasureLexicon(
        phrases=phrases,
        words={k.lower(): v for k, v in data["words"].items()},
        counted_nouns={k.lower(): v for k, v in data["counted_nouns"].items()},
        status_nouns={k.lower(): v for k, v in data["status_nouns"].items()},
        deployed_nouns=frozenset(w.lower() for w in data["deployed_nouns"]),
        window=int(data["window"]),
        max_phrase=max(len(k) for k in phrases),
        phrase_starts=frozenset(k[0] for k in phrases),
        implied_counted=dict(data["implied_counted"]),
        causative_verbs=frozenset(data["causative_verbs"]),
        glue=frozenset(w for w in STOP_WORDS if w.isalpha() and len(w) > 1 and w not in CONTRACTION_PARTS)
        | frozenset(w.lower() for w in data["glue_modifiers"]),
    )


@lru_cache(maxsize=1)
def subject_lexicon() -> SubjectLexicon:
    data = load_json("subjects.json")
    groups = {tuple(k.lower().split()): v for k, v in data["groups"].items()}
    nationalities = {tuple(k.lower().split()): k for k in data["nationalities"]}
    demonyms = {tuple(v.lower().split()): k for k, v in data["nationalities"].items() if v}
    return SubjectLexicon(
        groups=groups,
        nationalities=nationalities,
        demonyms=demonyms,
        default_group=data["default_group"],
        drop=frozenset(w.lower() for w in data["drop"]),
        max_group=max(len(k) for k in groups),
        max_nationality=max(len(k) for k in nationalities),
        people_nouns=frozenset(w.lower() for w in data["people_nouns"])
        | frozenset(k[0] for k in groups if len(k) == 1 and k[0].endswith("s")),
        collective_nouns=frozenset(w.lower() for w in data["collective_nouns"]),
    )


def _token_range(doc: Doc, start: int, end: int) -> tuple[int, int]:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return 0, 0
    return span.start, span.end


@lru_cache(maxsize=1)
def _number_words() -> frozenset[str]:
    return lexicon().starters - {"a", "an"}


def _is_number(doc: Doc, i: int) -> bool:
    tok = doc[i]
    return tok.like_num or tok.text[:1].isdigit() or tok.lower_ in _number_words()


def measure_for(doc: Doc, q: Quantity) -> str:
    """One of ``model.MEASURES`` for quantity ``q`` of ``doc``, from the words around it."""
    lex = measure_lexicon()
    head = doc[q.head] if q.head is not None else None
    q0, q1 = _token_range(doc, q.start, q.end)
    # The counted noun after the number, not one shared with a count before it
    own_noun = head is not None and q.counted is not None and head.i >= q1
    if own_noun and head.lemma_.lower() in lex.counted_nouns:
        return lex.counted_nouns[head.lemma_.lower()]
    c1 = q1
    if q.counted_start is not None and q.counted_end is not None:
        c1 = max(c1, _token_range(doc, q.counted_start, q.counted_end)[1])
    sent = doc[q0].sent if doc.has_annotation("SENT_START") else doc[:]
    best: tuple[float, int, str] | None = None
    p = sent.start
    while p < sent.end:
        # The counted noun itself is judged by counted_nouns and status_nouns, not as a nearby word.
        if q0 <= p < q1 or (head is not None and q.counted and p == head.i):
            p += 1
            continue
        found: tuple[int, str] | None = None
        for n in range(min(lex.max_phrase, sent.end - p) if doc[p].lower_ in lex.phrase_starts else 0, 1, -1):
            key = tuple(t.lower_ for t in doc[p : p + n])
            if key in lex.phrases:
                found = (n, lex.phrases[key])
                break
        if found is None:
            tok = doc[p]
            measure = lex.words.get(tok.lower_) or (
                lex.words.get(tok.lemma_.lower()) if tok.pos_ == "VERB" else None
            ) or _glued_measure(tok.text)
            if measure:
                found = (1, measure)
        if found is None:
            p += 1
            continue
        n, measure = found
        if p + n <= q0:
            distance: float = q0 - (p + n) + 1
            between = range(p + n, q0)
        elif p >= c1:
            distance = p - c1 + 1
            between = range(c1, p)
        else:
            distance, between = 0, range(0)
        if any(doc[k].pos_ == "CCONJ" or doc[k].text == ";" for k in between):
            distance += CLAUSE_PENALTY  # "eight were killed and four wounded": "killed" belongs to the eight
        governs = head is not None and head.i >= q1 and (head.head.i == p or _had_done(doc, head, p, lex))
        if governs:
            distance = min(distance, 0.5)  # the verb that governs the counted noun
        # The governing verb counts across an aside: "300 households (1,100 people) were evacuated".
        if governs or (distance <= lex.window and not any(_is_number(doc, k) for k in between)):
            # Ties go to the word after the number ("3,000 killed") by ordering on position too.
            rank = (distance, 0 if p >= c1 else 1, measure)
            if best is None or rank[:2] < best[:2]:
                best = rank
        p += n
    if best is not None:
        return best[2]
    if own_noun and head.lemma_.lower() in lex.status_nouns:
        return lex.status_nouns[head.lemma_.lower()]
    if own_noun and (head.lemma_.lower() in lex.deployed_nouns or head.lower_ in lex.deployed_nouns):
        return "deployed"
    return "other"


def _had_done(doc: Doc, noun, p: int, lex: MeasureLexicon) -> bool:
    """'3,000 households had their homes destroyed': the measure word is the complement of the verb (have, see, get)
    whose subject is the counted noun."""
    verb = noun.head
    return (noun.dep_ in ("nsubj", "nsubjpass") and verb.lemma_.lower() in lex.causative_verbs
            and doc[p].head.i == verb.i and doc[p].dep_ in ("ccomp", "xcomp", "oprd"))


def subject_for(counted: str | None, measure: str | None = None) -> str | None:
    """The normalised group a counted phrase names, or None when unclear.

    A plural demonym alone (``North Koreans``) is read as that nation's troops unless
    ``measure`` says the count is of something other than fighting (``displaced``…).
    """
    if not counted:
        return None
    lex = subject_lexicon()
    words = [w for w in counted.replace("’", "'").split()]
    lower = [w.lower() for w in words]
    while lower and lower[0] in lex.drop:
        words, lower = words[1:], lower[1:]
    if not lower:
        return None
    # The group noun at the end: "soldiers", "service members"
    group = None
    rest = lower
    for n in range(min(lex.max_group, len(lower)), 0, -1):
        key = tuple(lower[-n:])
        if key in lex.groups:
            group, rest = lex.groups[key], lower[:-n]
            break
    nationality = _nationality(rest, lex)
    if group is not None:
        return f"{nationality} {group}" if nationality else group
    for n in range(min(lex.max_nationality, len(lower)), 0, -1):
        key = tuple(lower[-n:])
        if key in lex.demonyms and len(lower) == n:
            adjective = lex.demonyms[key]
            if measure is None or measure in MILITARY_MEASURES:
                return f"{adjective} {lex.default_group}"
            return " ".join(words)
    return None


def _nationality(words: list[str], lex: SubjectLexicon) -> str | None:
    """The nationality adjective among ``words`` (the qualifiers of a group noun), if exactly one."""
    found: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(lex.max_nationality, len(words) - i), 0, -1):
            key = tuple(words[i : i + n])
            if key in lex.nationalities:
                found.append(lex.nationalities[key])
                i += n
                break
        else:
            i += 1
    return found[0] if len(set(found)) == 1 else None


@lru_cache(maxsize=4096)
def _glued_measure(word: str) -> str | None:
    """The measure of a measure word that PDF extraction glued to a neighbour: 'weredisplaced', 'fledShirqat'."""
    if not word.isalpha() or len(word) <= MIN_GLUED_WORD:
        return None
    lex = measure_lexicon()
    parts = split_glued(word, lex.words.keys(), lex.glue)
    return lex.words[parts[1].lower()] if parts else None


def split_glued(word: str, known, glue: frozenset[str]) -> tuple[str, str, str] | None:
    """``word`` as (before, part, after) when it is a ``known`` word with a ``glue`` word stuck before or after
    it, or a capitalised name after it ('peoplewere', 'newdisplacements', 'fledShirqat'); else None."""
    low = word.lower()
    if low in known or word.isupper():
        return None
    for cut in range(2, len(word) - 1):
        head, tail = low[:cut], low[cut:]
        if head in known and word[:cut].islower() and word[cut:].istitle():
            return "", word[:cut], word[cut:]  # 'fledShirqat'
        if head in known and len(head) >= MIN_GLUED_WORD and tail in glue:
            return "", word[:cut], word[cut:]
        if tail in known and len(tail) >= MIN_GLUED_WORD and head in glue:
            return word[:cut], word[cut:], ""
    return None


def describe_figures(doc: Doc, quantities: list[Quantity]) -> list[tuple[str, str | None]]:
    """The measure and the counted phrase of each figure of ``doc``, in order (see the module's docstring)."""
    out: list[tuple[str, str | None]] = []
    for i, q in enumerate(quantities):
        measure = measure_for(doc, q)
        counted = q.counted
        if q.kind == "count" and q.unit is None:
            counted = _mend(_compound(doc, q) or counted) if counted else _elided_noun(doc, q, measure, quantities, out, i)
            if measure == "other" and counted and counted != q.counted:
                measure = _noun_measure(counted) or measure  # "newdisplacements" mended to "new displacements"
        out.append((measure, counted))
    return out


def _noun_measure(counted: str) -> str | None:
    """The measure a counted phrase names by itself: its head noun ('displacements', 'evacuees'), else a measure
    word among its modifiers ('displaced people')."""
    lex = measure_lexicon()
    words = counted.lower().split()
    head = words[-1]
    for form in (head, head[:-1] if head.endswith("s") else head):
        found = lex.counted_nouns.get(form) or lex.status_nouns.get(form)
        if found:
            return found
    return next((lex.words[w] for w in words[:-1] if w in lex.words), None)  # "displaced people"


def _compound(doc: Doc, q: Quantity) -> str | None:
    """The counted phrase carried on across a hyphenated modifier that splits it: '38,000 conflict-related
    displacements' is counted as 'conflict-related displacements', not 'conflict'."""
    if q.counted_start is None or q.counted_end is None:
        return None
    a, e = _token_range(doc, q.counted_start, q.counted_end)
    if e + 2 >= len(doc) or doc[e].text not in ("-", "–") or doc[e].idx != q.counted_end:
        return None
    if doc[e + 1].idx != doc[e].idx + 1 or not doc[e + 1].is_alpha:
        return None
    b = e + 2
    while b < len(doc) and (doc[b].is_space or doc[b].pos_ in ("NOUN", "PROPN", "ADJ")):
        b += 1
        if doc[b - 1].tag_ in ("NNS", "NNPS"):
            break
    while b > e + 2 and doc[b - 1].pos_ not in ("NOUN", "PROPN"):
        b -= 1
    if b == e + 2:
        return None
    return doc.text[q.counted_start : doc[b - 1].idx + len(doc[b - 1].text)]


def _mend(counted: str) -> str:
    """The counted phrase with a noun that PDF extraction glued to a neighbour or broke with a hyphen mended:
    'peoplewere' -> 'people', 'newdisplacements' -> 'new displacements', 'fami-lies' -> 'families'."""
    lex = subject_lexicon()
    words = counted.split()
    for k, word in enumerate(words):
        glued_number = GLUED_NUMBER.fullmatch(word)
        if glued_number and glued_number[1].lower() in lex.people_nouns:
            return " ".join([*words[:k], glued_number[1]])  # "people,151 of whom": the next number starts here
        if word.lower() in lex.people_nouns or not word.replace("-", "").isalpha():
            continue
        joined = word.replace("-", "")
        if "-" in word and joined.lower() in lex.people_nouns:
            return " ".join([*words[:k], joined, *words[k + 1 :]])
        parts = split_glued(word, lex.people_nouns, measure_lexicon().glue)
        if parts is not None:
            before, noun, _after = parts
            return " ".join([*words[:k], *([before] if before else []), noun])  # what follows the noun is not counted
    return counted


def _elided_noun(doc: Doc, q: Quantity, measure: str, quantities: list[Quantity],
                 described: list[tuple[str, str | None]], i: int) -> str | None:
    """What a count with no noun after it counts, when the text says it elsewhere (or its verb implies it)."""
    return (
        _noun_after(doc, q)
        or _partitive(doc, q, quantities[i + 1] if i + 1 < len(quantities) else None)
        or _collective(doc, q)
        or _number_of(doc, q, quantities)
        or _earlier_noun(doc, q, measure, quantities[:i], described)
        or _implied(doc, q, measure)
    )


def _noun_after(doc: Doc, q: Quantity) -> str | None:
    """The noun the number is attached to when the noun-phrase reader missed it: a people noun glued to the
    next word ('1.5 million peoplecould'), or the noun the parser makes the number's head across coordinated
    modifiers ('438,000 new and repeated displacements')."""
    _, q1 = _token_range(doc, q.start, q.end)
    k = q1
    while k < len(doc) and doc[k].is_space and "\n" not in doc[k].text:
        k += 1
    if k >= len(doc) or doc[k].is_space:
        return None
    lex = subject_lexicon()
    tok = doc[k]
    if tok.lower_ in lex.people_nouns:
        return tok.text
    parts = split_glued(tok.text, lex.people_nouns, measure_lexicon().glue)
    if parts is not None and not parts[0]:
        return parts[1]
    j = k
    while j < len(doc) and j - k <= 2 * MAX_MODIFIERS and _modifier(doc[j]):
        j += 1
    if j > k and j < len(doc) and (doc[j].tag_ in ("NNS", "NNPS") or doc[j].lower_ in lex.people_nouns):
        return " ".join(t.text for t in doc[k : j + 1] if not t.is_space)  # "800  internally  displaced  Syrians"
    number = doc[q1 - 1]
    head = number.head
    if number.dep_ != "nummod" or head.pos_ not in ("NOUN", "PROPN") or not q1 <= head.i <= q1 + MAX_MODIFIERS:
        return None
    if any(t.pos_ not in ("ADJ", "CCONJ", "ADV", "SPACE") and t.tag_ != "VBN" for t in doc[q1 : head.i]):
        return None
    return " ".join(t.text for t in doc[k : head.i + 1] if not t.is_space)


def _modifier(tok) -> bool:
    """A word that may stand between a number and its noun: 'newly', 'internally displaced', 'undocumented'."""
    if tok.is_space:
        return "\n" not in tok.text
    return (tok.pos_ == "ADJ" or (tok.tag_ in ("VBN", "VBD") and tok.lower_.endswith("ed"))
            or (tok.pos_ == "ADV" and tok.lower_.endswith("ly")))


def _partitive(doc: Doc, q: Quantity, after: Quantity | None) -> str | None:
    """'500 of the 4,000 villagers': the part counts what the whole counts."""
    text = doc.text
    if after is None or not after.counted or PARTITIVE.fullmatch(text, q.end, after.start) is None:
        return None
    return _compound(doc, after) or after.counted


def _collective(doc: Doc, q: Quantity) -> str | None:
    """'a population of 4,500': the collective noun before 'of' is what is counted."""
    q0, _ = _token_range(doc, q.start, q.end)
    if q0 < 2 or doc[q0 - 1].lower_ != "of":
        return None
    noun = doc[q0 - 2]
    return noun.text if noun.lower_ in subject_lexicon().collective_nouns else None


def _number_of(doc: Doc, q: Quantity, quantities: list[Quantity]) -> str | None:
    """'The total number of returnees this year stands at 84,000', 'This brings to 51,000 the number of people
    uprooted': the noun after 'number of' in the number's sentence, with no other figure between the two."""
    q0, q1 = _token_range(doc, q.start, q.end)
    sent = doc[q0].sent
    start = _unpunctuated_start(doc, sent.start)
    best: tuple[int, str] | None = None
    for tok in doc[start : sent.end]:
        if tok.lemma_.lower() not in NUMBER_NOUNS or tok.i + 1 >= sent.end or doc[tok.i + 1].lower_ != "of":
            continue
        noun = _of_noun(doc, tok.i + 1, sent.end)
        if noun is None:
            continue
        a, b, phrase = noun
        lo, hi = (b, q0) if b <= q0 else (q1, tok.i)
        if hi < lo or any(lo <= _token_range(doc, o.start, o.end)[0] < hi for o in quantities if o is not q):
            continue
        if lo == q1 and any(t.pos_ not in ("DET", "ADJ", "SPACE") for t in doc[lo:hi]):
            continue  # before the noun only as in "brings to 5,000 the total number of ..."
        distance = hi - lo
        if best is None or distance < best[0]:
            best = (distance, phrase)
    return best[1] if best else None


def _unpunctuated_start(doc: Doc, start: int) -> int:
    """Where the sentence starting at token ``start`` begins when the parser cut it where nothing ends a sentence
    ('... between 1 May and | 2 June is now 61,000'): the previous sentence's start; else ``start``."""
    k = start - 1
    while k >= 0 and doc[k].is_space:
        if "\n" in doc[k].text:
            return start
        k -= 1
    if k < 0 or doc[k].is_punct:
        return start
    return doc[k].sent.start


def _of_noun(doc: Doc, k: int, end: int) -> tuple[int, int, str] | None:
    """The noun phrase after 'of' at token k: (first token, end token, its words), or None."""
    a = k + 1
    while a < end and (doc[a].is_space or doc[a].pos_ == "DET" or doc[a].tag_ == "PRP$"):
        a += 1
    b = a
    people = subject_lexicon().people_nouns
    while b < end and (doc[b].is_space or doc[b].pos_ in ("ADJ", "NOUN", "PROPN") or doc[b].lower_ in people
                       or (doc[b].tag_ == "VBN" and doc[b].dep_ in ("amod", "compound"))):
        b += 1
        if doc[b - 1].tag_ in ("NNS", "NNPS") or doc[b - 1].lower_ in people:
            break
    while b > a and (doc[b - 1].is_space or (doc[b - 1].pos_ not in ("NOUN", "PROPN") and doc[b - 1].lower_ not in people)):
        b -= 1
    if b <= a:
        return None
    return a, b, " ".join(t.text for t in doc[a:b] if not t.is_space)


def _earlier_noun(doc: Doc, q: Quantity, measure: str, earlier: list[Quantity],
                  described: list[tuple[str, str | None]]) -> str | None:
    """'Some 2,000 families fled X. In Y, 1,500 fled': the nearest earlier count of the same measure in the
    same paragraph lends its noun."""
    if measure == "other":
        return None
    block = block_at(doc, q.start)
    if block is None:
        return None
    for before, (m, counted) in zip(reversed(earlier), reversed(described), strict=True):
        if before.start < block.start:
            break
        if before.kind == "count" and before.unit is None and counted and m == measure:
            return counted
    return None


def _implied(doc: Doc, q: Quantity, measure: str) -> str | None:
    """'More than 35,000 were displaced': a bare count that is the subject of its verb counts what that verb's
    measure can only apply to (``implied_counted``: people)."""
    implied = measure_lexicon().implied_counted.get(measure)
    if implied is None:
        return None
    q0, q1 = _token_range(doc, q.start, q.end)
    if q0 > 0 and doc[q0 - 1].pos_ == "DET":
        return None  # "the two are the same": a count of something named before
    return implied if any(doc[k].dep_ in ("nsubj", "nsubjpass") for k in range(q0, q1)) else None
