"""Speakers: who a source mention refers to, with canonical name, type, role and affiliation.

Within one article, people are clustered by name (the fullest form wins; a surname or a
spelling variant such as Zelensky/Zelenskiy/Zelenskyy joins the cluster), titles and
appositions give role and affiliation, and pronouns or role nouns ("the president")
resolve to the most recent person mentioned before them; "it" and "they" to the latest body
or document named as a subject just before.

Which words stand for the speaker at a claim: the relative pronoun in "X, who said"; the
governing subject when a pronoun or a thing is the subject of a clause inside another ("X
condemned what he called", "X said the data show"). And, for a quote no cue verb claims,
the speaker its own sentence names with any verb ("“…,” she went on").
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..lexicon import load_json
from ..model import Source
from .offsets import char_span, entities, ents_in, text_of
from .quotes import Quote

PERSON_PRONOUNS = {"he", "she", "him", "her"}
GROUP_PRONOUNS = {"they", "them", "it", "we", "i"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
REFERRING_PRONOUNS = {"he", "she", "it", "they"}  # may stand for the subject of the clause around theirs
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
CLIMB_DEPS = {"advcl", "conj", "xcomp", "pcomp", "acl", "relcl"}  # a cue verb takes its subject through these
CLIMB_STEPS = 4
AFTER_QUOTE_WORDS = 12  # '“…,” Rep. Ana Ruiz (D-Ore.) went on': the verb comes within this many words of the mark
NOT_SPEECH_VERBS = {"be", "have", "do", "seem", "appear", "become", "remain"}  # "“…” It's unclear whether …"
CLAUSE_STOPS = {".", "!", "?", ";", ":", "“", "”", '"', "—", "–"}
SPEAKING_PRONOUNS = {"he", "she", "they", "i", "we", "it"}
SPEAKER_HEAD_LISTS = ("person_role_heads", "anonymous_heads", "government_heads", "organization_heads",
                      "group_heads", "media_heads", "document_heads")
BODY_LOOKBACK_SENTENCES = 2  # 'it said' looks this many sentences back for the body or document it stands for
EMBEDDING_DEPS = {"ccomp", "xcomp", "relcl", "acl", "pcomp", "pobj", "prep", "dobj", "attr"}  # a clause inside another
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
    name: str  # fullest form seen, as written ('Ban Ki-moon')
    role: str | None = None
    affiliation: str | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)  # char spans, in text order
    words: list[str] = field(default_factory=list)  # the name's tokens, for matching ('Ban', 'Ki', '-', 'moon')

    def matches(self, tokens: list[str]) -> bool:
        mine = self.words or self.name.split()
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
        name = _name_text([t for t in span if t.is_alpha or "." in t.text or "-" in t.text])
        if person is None:
            person = Person(name=name, words=tokens)
            self.people.append(person)
        elif len(tokens) > len(person.words or person.name.split()):
            person.name, person.words = name, tokens
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
        if folded in {"it", "they"}:
            body = self._body_before(mention)
            if body is not None:
                source = self._non_person(body)
                source.mention, source.start, source.end = text, mention.start_char, mention.end_char
                return source
        words = folded.split()
        if len(words) == 2 and words[0] == "the" and words[1] in _lexicon()["person_role_heads"]:
            person = self.last_person_before(mention.start_char, role_word=words[1])
            if person is not None:
                return Source(name=person.name, mention=text, start=mention.start_char, end=mention.end_char,
                              type="person", role=person.role, affiliation=person.affiliation)
        return self._non_person(mention)

    def _body_before(self, pronoun: Span) -> Span | None:
        """What 'it' or 'they' stands for: the latest subject before it, in its sentence or the two before,
        that names a body or a document ('The statement … it said'); 'it' takes a singular one."""
        doc = self.doc
        start = doc[pronoun.start].sent.start
        for _ in range(BODY_LOOKBACK_SENTENCES):
            if start == 0:
                break
            start = doc[start - 1].sent.start
        plural = pronoun.root.lower_ == "they"
        for token in reversed(doc[start:pronoun.start]):
            if token.dep_ not in {"nsubj", "nsubjpass"} or token.pos_ not in {"NOUN", "PROPN"}:
                continue
            if self.person_at(token.idx, token.idx + len(token)) is not None or not speaker_like(token):
                continue
            if token.lower_ in _lexicon()["person_role_heads"] or token.ent_type_ == "PERSON":
                continue
            if plural or token.tag_ not in {"NNS", "NNPS"}:
                return _trim_mention(subject_phrase(token))
        return None

    def placed_mention(self, mention: Span, cue: tuple[int, int] | None) -> tuple[Span, Span]:
        """Who speaks at a cue, and the words in the cue's own clause that stand for them.

        'a senator, who said …': the relative pronoun stands for the antecedent. 'The envoy
        condemned what she called …', 'the envoy said the figures show …': the subject of the
        governing clause in the same sentence speaks, and that fuller mention names the source.
        """
        verb = _cue_verb(self.doc, cue)
        if verb is None:
            return mention, mention
        subject = cue_subject(verb)
        if subject is None:
            return mention, mention
        if subject.lower_ in RELATIVE_PRONOUNS and subject.head.dep_ == "relcl" \
                and mention.start <= subject.head.head.i < mention.end:
            return mention, self.doc[subject.i:subject.i + 1]
        if mention.start <= subject.i < mention.end:
            governing = self._governing_subject(subject)
            if governing is not None:
                return governing, governing
        return mention, mention

    def _governing_subject(self, subject: Token) -> Span | None:
        """The subject of the clause that embeds ``subject``'s own clause, when that one speaks through it.

        A pronoun that refers to it ('X said it was', 'what he called', 'the plan it said'), or a word
        that cannot speak for itself ('X said the figures show'). Only through embedding: a coordinated
        or adverbial clause ('…, but he said', 'after she noted') starts its own mention.
        """
        pronoun = subject.lower_ in REFERRING_PRONOUNS
        if not pronoun and speaker_like(subject) and not _is_document(subject):
            return None
        before = subject.doc[subject.i - 1] if subject.i > 0 else None
        if before is not None and before.lower_ in RELATIVE_PRONOUNS and before.dep_ != "mark":
            return None  # 'the gifts, which he said were …': a clause about a noun, its speaker named anew
        token = subject.head
        for _ in range(CLIMB_STEPS):
            if token.dep_ not in EMBEDDING_DEPS or token.head is token:
                return None
            token = token.head
            heads = [c for c in token.children if c.dep_ in SUBJECT_DEPS and c.i < subject.i]
            if not heads:
                continue
            head = heads[0]
            if head.lower_ in RELATIVE_PRONOUNS:
                return None
            phrase = _trim_mention(subject_phrase(head))
            if pronoun:
                return phrase if self._agrees(subject.lower_, phrase, subject) else None
            # 'It is clear that …' names no one
            return phrase if speaker_like(head) and head.lower_ != "it" else None
        return None

    def _agrees(self, word: str, phrase: Span, pronoun: Token) -> bool:
        """A pronoun can refer to this subject: same pronoun, the same person, or a body for 'it'/'they'."""
        if len(phrase) == 1 and phrase[0].lower_ == word:
            return True
        if phrase.root.pos_ == "PRON" or any(t.dep_ == "poss" and t.pos_ == "PRON" for t in phrase):
            return False  # 'his returns … they would': a possessed thing is not its possessor
        person = self.person_at(phrase.root.idx, phrase.root.idx + len(phrase.root))
        if word in {"he", "she"}:
            if person is None and _looks_like_name(phrase):  # a name the model did not tag as a person
                person = self._find([t.text for t in phrase if t.is_alpha])
                if person is None:
                    return True
            last = self.last_person_before(pronoun.idx)
            if person is None or person is last:
                return person is not None
            # the phrase itself is the nearest mention of a person before the pronoun
            latest = max((s for s, _ in last.mentions if s < pronoun.idx), default=-1) if last else -1
            return phrase.start_char > latest
        if person is not None:
            return False
        return word == "they" or phrase.root.tag_ not in {"NNS", "NNPS"}

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
        label = _proper_name(name)
        named = label.start > name.start  # 'the news agency Tellwire': the words before the name say what it is
        if named:
            folded = _fold(self.doc[name.start:label.start].text)
            head = folded.split()[-1]
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
        elif head in lex["anonymous_heads"] and not named \
                and not any(e.label_ == "ORG" and e.root == mention.root for e in ents_in(mention)):
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
        return Source(name=label.text, mention=mention.text, start=mention.start_char, end=mention.end_char,
                      type=kind, role=role, affiliation=affiliation)


def speaker_beside_quote(doc: Doc, quote: Quote, quotes: list[Quote]) -> tuple[Span, tuple[int, int]] | None:
    """Who a quote's own sentence says speaks it, for quotes no cue verb claims.

    With any verb, in the clause right after the closing mark ('“…,” she went on') or in the clause
    that leads into the opening mark with a comma or colon ('She replied: “…”'; also a paragraph
    ending in a colon just before a quote paragraph). The subject must be a speaker: a name, a
    pronoun or a noun that names a person, body or document. Returns the subject's phrase and the
    cue's span (the verb with its particle: 'went on').
    """
    return _clause_after(doc, quote, quotes) or _clause_before(doc, quote, quotes)


def _verb_cue(verb: Token) -> tuple[int, int]:
    """A verb's span with its particle ('went on')."""
    last = max([verb] + [c for c in verb.rights if c.dep_ == "prt" and c.i <= verb.i + 2], key=lambda t: t.i)
    return verb.idx, last.idx + len(last)


def _clause_after(doc: Doc, quote: Quote, quotes: list[Quote]) -> tuple[Span, tuple[int, int]] | None:
    text = text_of(doc)
    if quote.close_at is None:
        return None
    lo = quote.close_at + (2 if text.startswith("''", quote.close_at) else 1)
    hi = text.find("\n", lo)
    hi = min([len(text) if hi < 0 else hi] + [q.open_at for q in quotes if q.open_at >= lo])
    frame = char_span(doc, lo, hi, "contract")
    if frame is None:
        return None
    words = [t for t in frame if not t.is_space]
    while words and words[0].text in {",", ".", "?", "!"}:
        words = words[1:]
    for token in words[:AFTER_QUOTE_WORDS]:
        if token.text in CLAUSE_STOPS:
            return None
        if _speech_verb(token):
            subject = next((c for c in token.children if c.dep_ == "nsubj" and c.idx >= lo), None)
            if subject is None or not speaker_like(subject):
                return None
            phrase = _trim_mention(subject_phrase(subject))
            # the clause opens at the mark: 'she went on', 'added the senator'; not 'To which she said'
            return (phrase, _verb_cue(token)) if words[0] in (token, phrase[0]) else None
    return None


def _clause_before(doc: Doc, quote: Quote, quotes: list[Quote]) -> tuple[Span, tuple[int, int]] | None:
    text = text_of(doc)
    para = text.rfind("\n", 0, quote.open_at) + 1
    lead = text[para:quote.open_at].rstrip()
    if not lead:  # the quote opens its paragraph: a lead-in paragraph just before it ends with a colon
        before = text[:para].rstrip()
        if not before.endswith(":"):
            return None
        lo, hi = text.rfind("\n", 0, len(before)) + 1, len(before)
    elif lead[-1] in ",:":
        lo, hi = para, para + len(lead)
    else:
        return None
    frame = char_span(doc, lo, hi, "contract")
    if frame is None or not len(frame):
        return None
    frame = doc[max(frame.start, frame[-1].sent.start):frame.end]
    verbs = [t for t in frame if _speech_verb(t) and not any(q.start <= t.idx < q.end for q in quotes)]
    if not verbs:
        return None
    subject = cue_subject(verbs[-1])
    if subject is None or subject.dep_ != "nsubj" or subject.i < frame.start or not speaker_like(subject):
        return None
    return _trim_mention(subject_phrase(subject)), _verb_cue(verbs[-1])


def _speech_verb(token: Token) -> bool:
    """A verb that can report speech: not a copula or auxiliary ('It’s unclear', 'has been')."""
    return token.pos_ == "VERB" and token.is_alpha and token.lemma_.lower() not in NOT_SPEECH_VERBS


def _is_document(token: Token) -> bool:
    """A noun for a document or record ('the videos', 'the data'): it shows what someone says it shows."""
    return token.pos_ == "NOUN" and not {token.lower_, token.lemma_.lower()}.isdisjoint(_lexicon()["document_heads"])


def speaker_like(token: Token) -> bool:
    """A word that can name who speaks: a pronoun, a name, or a noun for a person, body or document."""
    if token.pos_ == "PRON":
        return token.lower_ in SPEAKING_PRONOUNS
    if token.pos_ == "PROPN" or token.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}:
        return True
    lex = _lexicon()
    words = {token.lower_, token.lemma_.lower()}
    return any(not words.isdisjoint(lex[key]) for key in SPEAKER_HEAD_LISTS)


def _cue_verb(doc: Doc, cue: tuple[int, int] | None) -> Token | None:
    """The head word of a cue span ('has said' → said, 'told reporters' → told)."""
    if cue is None:
        return None
    span = char_span(doc, cue[0], cue[1])
    return span.root if span is not None and len(span) else None


def cue_subject(verb: Token) -> Token | None:
    """The subject word of a cue verb, climbing through participles, conjuncts and relative clauses."""
    token = verb
    for _ in range(CLIMB_STEPS):
        subjects = [c for c in token.children if c.dep_ in SUBJECT_DEPS]
        if subjects:
            return subjects[0]
        if token.dep_ not in CLIMB_DEPS or token.head is token:
            return None
        token = token.head
    return None


def _name_text(tokens: list[Token]) -> str:
    """A name's words as written: spaces where the text has them, none inside 'Ki-moon'."""
    return "".join(t.text + (t.whitespace_ and " ") for t in tokens).strip()


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
        if _named_apposition(token, child):
            end = child.right_edge.i + 1  # 'the aid group Kestrel Aid': the name is part of the phrase
            continue
        if child.dep_ in {"relcl", "appos", "acl", "punct", "cc", "conj", "advcl"}:
            break
        if child.dep_ == "prep" and child.lower_ not in {"of", "for", "to", "in", "at"}:
            break
        if child.dep_ == "prep" and any(o.ent_type_ in {"DATE", "TIME"} for o in child.children if o.dep_ == "pobj"):
            break  # 'Russia in 2020 proposed …': when, not who
        end = child.right_edge.i + 1
    return doc[token.left_edge.i:end]


def _named_apposition(noun: Token, child: Token) -> bool:
    """A proper name set right after a common noun, with no comma: 'the charity Save the Children'."""
    return (child.dep_ == "appos" and noun.pos_ == "NOUN" and child.pos_ == "PROPN"
            and child.left_edge.i == noun.i + 1 and noun.lower_ not in _lexicon()["person_role_heads"])


def _proper_name(span: Span) -> Span:
    """A body's name without the common nouns that say what it is.

    'aid group Kestrel Aid' (an apposition) -> 'Kestrel Aid'; 'news agency Reuters' (compounds)
    -> 'Reuters'. A phrase that starts with a name ("Marenia's Health Ministry") is left whole.
    """
    root = span.root
    named = [c for c in root.rights if _named_apposition(root, c) and c.right_edge.i < span.end]
    if named:
        return span.doc[named[0].left_edge.i:named[0].right_edge.i + 1]
    if root.pos_ != "PROPN":
        return span
    i = 0
    while i < len(span) - 1 and span[i].pos_ == "NOUN" and span[i].is_lower and span[i].dep_ == "compound":
        i += 1
    return span[i:] if 0 < i and span[i].pos_ == "PROPN" and span[i].text[:1].isupper() else span


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
