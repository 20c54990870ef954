"""Speakers: who a source mention refers to, with canonical name, type, role and affiliation.

Within one article, people are clustered by name (the fullest form wins; a surname or a
spelling variant such as Zelensky/Zelenskiy/Zelenskyy joins the cluster), titles and
appositions give role and affiliation, and pronouns or role nouns ("the president")
resolve to the most recent person mentioned before them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..lexicon import load_json
from ..model import Source
from .offsets import char_span, entities, ents_in

PERSON_PRONOUNS = {"he", "she", "him", "her"}
GROUP_PRONOUNS = {"they", "them", "it", "we", "i"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
SIMILAR_SURNAME = 0.8


def _lexicon() -> dict:
    return load_json("sources.json")


@lru_cache(maxsize=4096)
def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower().replace("’", "'")


@lru_cache(maxsize=16384)
def _similar(a: str, b: str) -> bool:
    a, b = _fold(a), _fold(b)
    if a == b:
        return True
    return a[:4] == b[:4] and SequenceMatcher(None, a, b).ratio() >= SIMILAR_SURNAME


@dataclass
class Person:
    name: str  # fullest form seen
    role: str | None = None
    affiliation: str | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)  # char spans, in text order

    def matches(self, tokens: list[str]) -> bool:
        mine = self.name.split()
        if len(tokens) == 1:
            return _similar(tokens[0], mine[-1]) or (len(mine) == 1 and _similar(tokens[0], mine[0]))
        return _similar(tokens[-1], mine[-1]) and _similar(tokens[0], mine[0])


def _strip_possessive(span: Span) -> Span:
    while len(span) and span[-1].tag_ == "POS" or (len(span) and span[-1].text in {"'s", "’s", "'", "’"}):
        span = span[:-1]
    return span


class SpeakerIndex:
    """People of one article, and the resolution of source mentions against them."""

    def __init__(self, doc: Doc):
        self.doc = doc
        lex = _lexicon()
        self.titles = sorted(lex["titles"], key=len, reverse=True)
        self.nationalities: dict[str, str | None] = lex["nationalities"]
        self.people: list[Person] = []
        self.places = _place_words(doc)
        for ent in entities(doc):
            if ent.label_ == "PERSON" and not (len(ent) == 1 and ent.text.lower() in self.places) \
                    and not _names_a_body(ent):
                self._add_person(_strip_possessive(ent))
        self.named_bodies: list[tuple[int, Span]] = []  # organisations named in full, for "the ministry"
        # Names the small model mislabels (ORG, GPE) still join a known person by surname.
        for ent in entities(doc):
            if ent.label_ != "PERSON" and ent.label_ in {"ORG", "GPE", "NORP", "PRODUCT", "WORK_OF_ART"}:
                span = _strip_possessive(ent)
                person = self._find([t.text for t in span]) if len(span) else None
                if person is not None:
                    person.mentions.append((span.start_char, span.end_char))
        for p in self.people:
            p.mentions.sort()

    # -- building ------------------------------------------------------------------------
    def _add_person(self, span: Span) -> None:
        tokens = [t.text for t in span if t.is_alpha or "." in t.text or "-" in t.text]
        if not tokens:
            return
        person = self._find(tokens)
        name = " ".join(tokens)
        if person is None:
            person = Person(name=name)
            self.people.append(person)
        elif len(tokens) > len(person.name.split()):
            person.name = name
        person.mentions.append((span.start_char, span.end_char))
        role, affiliation = self._title_before(span)
        appos_role, appos_aff = self._apposition(span)
        person.role = person.role or role or appos_role
        person.affiliation = person.affiliation or affiliation or appos_aff

    def _find(self, tokens: list[str]) -> Person | None:
        for person in self.people:
            if person.matches(tokens):
                return person
        return None

    def _title_before(self, name: Span) -> tuple[str | None, str | None]:
        """Role and affiliation from words just before a name: 'Ukrainian President', 'White House spokesperson'."""
        doc = self.doc
        start = name.start
        i = start
        while i > 0 and not doc[i].is_sent_start and doc[i - 1].dep_ in {"compound", "amod", "nmod", "poss", "case"} \
                and doc[i - 1].head.i >= start - 1 and not doc[i - 1].is_punct:
            i -= 1
        before = doc[i:start]
        if not len(before):
            return None, None
        return self._role_affiliation(before)

    def _role_affiliation(self, words: Span) -> tuple[str | None, str | None]:
        text = _fold(words.text)
        role = None
        for title in self.titles:
            pos = f" {text} ".find(f" {title} ")
            if pos >= 0:
                role = words.text[pos:pos + len(title)]
                role = role[:1].upper() + role[1:] if role.lower() == "president" else role
                break
        affiliation = None
        for ent in ents_in(words):
            if ent.label_ in {"NORP", "GPE", "ORG"}:
                affiliation = self.affiliation_name(ent)
                break
        if affiliation is None:
            for token in words:
                country = self.nationalities.get(_fold(token.text))
                if country:
                    affiliation = country
                    break
        return role, affiliation

    def _apposition(self, name: Span) -> tuple[str | None, str | None]:
        """'John Kirby, a spokesperson for the White House' → (spokesperson, White House)."""
        for token in name.root.children:
            if token.dep_ != "appos":
                continue
            role = None
            if token.lower_ in _lexicon()["person_role_heads"] or any(_fold(token.text) == t for t in self.titles):
                role = token.text
            affiliation = None
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ in {"for", "of", "at", "with"}:
                    objs = [c for c in child.children if c.dep_ == "pobj"]
                    if objs:
                        affiliation = _strip_det(_np(objs[0])).text
                elif child.dep_ in {"compound", "amod", "poss"}:
                    _, aff = self._role_affiliation(self.doc[child.left_edge.i:child.i + 1])
                    affiliation = affiliation or aff
            return role, affiliation
        return None, None

    def affiliation_name(self, ent: Span) -> str:
        text = _strip_possessive(ent).text
        text = text[4:] if text.lower().startswith("the ") else text
        return self.nationalities.get(_fold(text)) or text

    # -- resolving ------------------------------------------------------------------------
    def person_at(self, start: int, end: int) -> Person | None:
        for person in self.people:
            for s, e in person.mentions:
                if s < end and start < e:
                    return person
        return None

    def last_person_before(self, char: int, role_word: str | None = None) -> Person | None:
        best: tuple[int, Person] | None = None
        for person in self.people:
            if role_word and not (person.role and role_word in _fold(person.role)):
                continue
            for s, _ in person.mentions:
                if s < char and (best is None or s > best[0]):
                    best = (s, person)
        return best[1] if best else None

    def source_for(self, mention: Span) -> Source:
        """A Source for the words that name who speaks at a claim."""
        mention = _trim_mention(mention)
        text = mention.text
        folded = _fold(text)
        person = self.person_at(mention.root.idx, mention.root.idx + len(mention.root))
        if person is None and _looks_like_name(mention):
            person = self._find([t.text for t in mention if t.is_alpha])
        if person is None:
            person = self._named_by_apposition(mention)
        if person is not None:
            span = self._person_span(mention, person)
            return Source(name=person.name, mention=span.text, start=span.start_char, end=span.end_char,
                          type="person", role=person.role, affiliation=person.affiliation)
        if folded in PERSON_PRONOUNS:
            person = self.last_person_before(mention.start_char)
            if person is not None:
                return Source(name=person.name, mention=text, start=mention.start_char, end=mention.end_char,
                              type="person", role=person.role, affiliation=person.affiliation)
        words = folded.split()
        if len(words) == 2 and words[0] == "the" and words[1] in _lexicon()["person_role_heads"]:
            person = self.last_person_before(mention.start_char, role_word=words[1])
            if person is not None:
                return Source(name=person.name, mention=text, start=mention.start_char, end=mention.end_char,
                              type="person", role=person.role, affiliation=person.affiliation)
        return self._non_person(mention)

    def _named_by_apposition(self, mention: Span) -> Person | None:
        """'Ana Ruiz, a spokesperson for …' or 'The health minister, Omar Haddad, …': a person by role."""
        root = mention.root
        role_heads = _lexicon()["person_role_heads"]
        for child in root.children:
            if child.dep_ != "appos":
                continue
            if _looks_like_name(mention) and child.lower_ in role_heads:
                name = mention
            elif root.lower_ in role_heads and child.pos_ == "PROPN":
                name = _strip_punct_span(self.doc[child.left_edge.i:child.i + 1])
                role = _strip_det(self.doc[root.left_edge.i:root.i + 1]).text
                person = self._find([t.text for t in name if t.is_alpha])
                if person is None:
                    person = Person(name=" ".join(t.text for t in name if t.is_alpha), role=role)
                    self.people.append(person)
                person.mentions.append((name.start_char, name.end_char))
                return person
            else:
                continue
            person = Person(name=" ".join(t.text for t in name if t.is_alpha))
            person.role, person.affiliation = self._apposition(name)
            person.mentions.append((name.start_char, name.end_char))
            self.people.append(person)
            return person
        return None

    def _person_span(self, mention: Span, person: Person) -> Span:
        for s, e in person.mentions:
            if mention.start_char <= s and e <= mention.end_char:
                span = char_span(self.doc, s, e)
                if span is not None:
                    return span
        return mention

    def _earlier_body(self, mention: Span) -> Span | None:
        """'the ministry' after 'Marenia's Health Ministry': the latest earlier body with that head noun."""
        if len(mention) != 2 or mention[0].lower_ != "the":
            return None
        head = mention.root.lower_
        for start, body in reversed(self.named_bodies):
            if start < mention.start_char and body.root.lower_ == head and len(body) > 1:
                return body
        return None

    def _non_person(self, mention: Span) -> Source:
        lex = _lexicon()
        earlier = self._earlier_body(mention)
        if earlier is None:
            self.named_bodies.append((mention.start_char, mention))
        else:
            source = self._non_person(earlier)
            source.mention, source.start, source.end = mention.text, mention.start_char, mention.end_char
            return source
        name = _strip_det(mention)
        folded = _fold(name.text)
        head = _fold(mention.root.text)
        role, affiliation = None, None
        possessor = [t for t in mention if t.dep_ == "poss" and t.head == mention.root]
        if possessor:
            affiliation = self.affiliation_name(self.doc[possessor[0].left_edge.i:possessor[0].i + 1])
        else:
            _, affiliation = self._role_affiliation(mention)
        if folded in GROUP_PRONOUNS or head in {"they", "it"}:
            kind = "anonymous"
        elif any(folded == m or folded.endswith(" " + m) for m in lex["media_heads"]):
            kind = "media"
        elif head in lex["anonymous_heads"] and not any(e.label_ == "ORG" and e.root == mention.root for e in ents_in(mention)):
            kind = "anonymous"
            if head in lex["person_role_heads"] and any(t.dep_ == "det" and t.lower_ in {"a", "an"} for t in mention):
                role = mention.root.text
        elif any(folded == g or folded.endswith(" " + g) or head == g for g in lex["government_heads"]):
            kind = "government"
        elif any(head == g for g in lex["group_heads"]):
            kind = "group"
        elif head in lex["document_heads"]:
            kind = "document"
        elif any(e.label_ in {"GPE", "NORP"} and e.root == mention.root for e in ents_in(mention)):
            kind = "government"
        elif any(e.label_ == "ORG" for e in ents_in(mention)) or head in lex["organization_heads"]:
            kind = "organization"
        elif head in lex["person_role_heads"]:
            kind = "person"
            role = mention.root.text
        elif _looks_like_name(mention) and 2 <= len(mention) <= 3 and not ents_in(mention) \
                and head not in lex["organization_heads"]:
            kind = "person"  # 'Dzhemal Orsak said': a name the model did not tag
        else:
            kind = "organization" if mention[0].pos_ == "PROPN" else "anonymous"
        if name.text.lower() in {"reports", "report"} or head in {"reports"}:
            return Source(name="reports", mention=mention.text, start=mention.start_char, end=mention.end_char,
                          type="anonymous", role=None, affiliation=affiliation)
        if affiliation is not None and mention.root.text in affiliation:
            affiliation = None  # the body's own name, not what it speaks for
        return Source(name=name.text, mention=mention.text, start=mention.start_char, end=mention.end_char,
                      type=kind, role=role, affiliation=affiliation)


def _names_a_body(ent: Span) -> bool:
    """A PERSON entity that is really an organisation ('Sarvell People's Front')."""
    lex = _lexicon()
    last = ent[-1].lower_
    heads = set(lex["government_heads"]) | set(lex["organization_heads"]) | set(lex["group_heads"])
    return last in heads or last in {"front", "army", "party", "brigade", "battalion", "movement"} \
        or any(t.tag_ == "POS" for t in ent[:-1])


LOCATIVE = {"in", "at", "near", "from", "to", "outside", "into", "across"}


def _place_words(doc: Doc) -> set[str]:
    """Single capitalised words used as places ('in Orlevo'): the small model sometimes tags them PERSON."""
    words = set()
    for token in doc:
        if token.dep_ == "pobj" and token.head.lower_ in LOCATIVE and token.pos_ == "PROPN" \
                and not any(c.dep_ == "compound" for c in token.children):
            words.add(token.lower_)
    for ent in entities(doc):
        if ent.label_ in {"GPE", "LOC"} and len(ent) == 1:
            words.add(ent.text.lower())
    return words


def _looks_like_name(span: Span) -> bool:
    """Capitalised words, not a pronoun, not a place or organisation the model recognised."""
    words = [t for t in span if t.is_alpha]
    if not words or not all(t.text[:1].isupper() for t in words) or words[0].lower_ in DETERMINERS:
        return False
    return not any(e.label_ in {"ORG", "GPE", "LOC", "NORP", "FAC"} for e in ents_in(span))


def _strip_punct_span(span: Span) -> Span:
    while len(span) and (span[-1].is_punct or span[-1].is_space):
        span = span[:-1]
    return span


def _np(token: Token) -> Span:
    """A noun's phrase without relative clauses or appositions after it."""
    doc = token.doc
    end = token.i + 1
    for child in token.rights:
        if child.dep_ in {"relcl", "appos", "acl", "punct", "cc", "conj", "advcl"}:
            break
        if child.dep_ == "prep" and child.lower_ not in {"of", "for", "to", "in", "at"}:
            break
        end = child.right_edge.i + 1
    return doc[token.left_edge.i:end]


def _strip_det(span: Span) -> Span:
    while len(span) > 1 and span[0].lower_ in DETERMINERS:
        span = span[1:]
    return span


def _trim_mention(span: Span) -> Span:
    while len(span) > 1 and (span[-1].is_punct or span[-1].is_space):
        span = span[:-1]
    while len(span) > 1 and (span[0].is_punct or span[0].is_space):
        span = span[1:]
    return span


def subject_phrase(token: Token) -> Span:
    """The noun phrase of a subject token, without appositions or relative clauses."""
    return _np(token)
