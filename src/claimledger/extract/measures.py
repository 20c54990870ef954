"""What a figure measures (killed, wounded, deployed…) and which group it counts.

``measure_for`` looks for the measure word nearest to the quantity in its sentence
(``57 killed and 169 injured`` gives killed for 57 and wounded for 169); the counted
noun decides first when it names the event itself (``casualties``, ``refugees``).
``subject_for`` normalises the counted noun phrase to a group (``North Korean
soldiers`` → ``North Korean troops``). Lexicons: ``data/measures.json`` and
``data/subjects.json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from ..lexicon import load_json
from ..model import MEASURES
from .numbers import Quantity, lexicon

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


@dataclass(frozen=True, eq=False)
class SubjectLexicon:
    groups: dict[tuple[str, ...], str]
    nationalities: dict[tuple[str, ...], str]  # lower-case adjective words -> adjective as written
    demonyms: dict[tuple[str, ...], str]  # lower-case plural people noun -> adjective
    default_group: str
    drop: frozenset[str]
    max_group: int
    max_nationality: int


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
            )
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
        governs = head is not None and head.i >= q1 and head.head.i == p
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
