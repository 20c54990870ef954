"""Attribution: who says what. Direct quotes, reported speech, "according to", hedged reports.

Works on one parsed Doc and returns ``Attribution`` records with character spans; the
pipeline turns them into claims. Cue lexicons live in ``data/cues.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..lexicon import load_json
from .offsets import char_span, sentence_index, text_of, tokens_with
from .quotes import Quote, find_quotes
from .speakers import speaker_beside_quote, speaker_like, subject_phrase
from .structure import blocks_of

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
CONTENT_DEPS = {"ccomp", "dobj", "xcomp", "attr", "oprd", "dative"}
CLAUSE_DEPS = {"ccomp"}
CLIMB_DEPS = {"advcl", "conj", "xcomp", "pcomp", "acl", "relcl"}
EDGE_JUNK = {"that", "whether", "if", ",", ";", ":", "—", "–", "-", "and", "but", "“", "”", '"', "'"}
DASHES = {"—", "–", "-", "―"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
FOLLOW_ON_SENTENCES = 3  # a quote without a cue continues the last speaker within this many sentences
# Prepositions whose phrase belongs to the content, by how a cue verb attaches it (cues.json).
PREP_COMPLEMENTS = {"toll": {"at", "as"}, "call": {"for", "on", "as", "to"}}
# A phrase after the object that sets the scene rather than saying more ('at a rally', 'on Monday').
SETTING_PREPS = {"at", "during", "after", "before", "since", "until", "amid", "while", "via", "through"}
SETTING_ENTITIES = {"DATE", "TIME", "GPE", "LOC", "FAC", "EVENT"}
JUDGEMENT_PREPS = {"for", "of", "as"}  # 'blamed X for Y', 'accused X of Y' (cues.json judgement_verbs)


@dataclass
class Attribution:
    content: tuple[int, int]
    cue: tuple[int, int] | None
    source: Span | None  # the words naming the source at this claim
    direct: bool = False
    hedged: bool = False
    follow_on: bool = False  # the source is the previous speaker, not named here
    source_name: str | None = None  # fixed name for sources that are not phrases ("reports")
    cue_lemma: str | None = None
    # Character ranges inside the content that are the writer's description, not the speaker's
    # words: 'condemned the strike that killed 40 civilians' (figures there are not the speaker's).
    described: tuple[tuple[int, int], ...] = ()


def _cues() -> dict:
    return load_json("cues.json")


@lru_cache(maxsize=1)
def _cue_words() -> frozenset[str]:
    return frozenset(_cues()["verbs"])


def find_attributions(doc: Doc) -> list[Attribution]:
    quotes = find_quotes(text_of(doc))
    quoted = [(q.start, q.end) for q in quotes]
    found = _partial_quotes_in_speech(_quote_attributions(doc, quotes), _reported_speech(doc, quoted))
    found += _according_to(doc, quoted)
    found += _noun_cues(doc, quoted)
    labelled = _speaker_labels(doc)
    # A transcript line names its speaker: it replaces a quote taken as the previous speaker's.
    found = [a for a in found if not any(_overlap(a.content, b.content) for b in labelled)] + labelled
    found += _hedged_reports(doc, quoted)
    found = _drop_nested(found)
    found.sort(key=lambda a: a.content)
    return found


# -- direct quotes ----------------------------------------------------------------------
def _quote_attributions(doc: Doc, quotes: list[Quote]) -> list[Attribution]:
    out: list[Attribution] = []
    last: Attribution | None = None
    last_sent = -10
    for chain in _chains(quotes):
        found = [(q, *_cue_around_quote(doc, q, quotes)) for q in chain]
        named = next(((cue, source) for _, cue, source in found if source is not None), None)
        if chain[0].short and (named is None or named[0] is None):
            continue  # a short quote counts only beside its own cue
        span = char_span(doc, chain[0].start, chain[0].end)
        sent_no = sentence_index(doc, span.start) if span is not None and len(span) else last_sent
        if named is None and (last is None or sent_no - last_sent > FOLLOW_ON_SENTENCES):
            continue
        for q, cue, source in found:
            content = _trim_chars(text_of(doc), q.start, q.end, quote=True)
            if source is not None:
                att = Attribution(content=content, cue=cue, source=source, direct=True)
            else:
                speaker = Attribution(content=content, cue=None, source=named[1], direct=True) if named else last
                att = Attribution(content=content, cue=None, source=speaker.source, direct=True, follow_on=True,
                                  source_name=speaker.source_name)
            out.append(att)
            last = att if not att.follow_on or last is None else last
            if source is not None:
                last = att
        last_sent = sent_no
    return out


def _chains(quotes: list[Quote]) -> list[list[Quote]]:
    """Quotes grouped so that a paragraph-spanning quote and its continuations stay together."""
    chains: list[list[Quote]] = []
    for q in quotes:
        if q.continuation and chains:
            chains[-1].append(q)
        else:
            chains.append([q])
    return chains


def _cue_around_quote(doc: Doc, q: Quote, quotes: list[Quote]) -> tuple[tuple[int, int] | None, Span | None]:
    """A cue verb with its subject in the words of the quote's sentence outside the marks."""
    inside = char_span(doc, q.start, q.end)
    if inside is None or not len(inside):
        return None, None
    first_sent, last_sent = inside[0].sent, inside[-1].sent
    after_end = last_sent.end_char
    nxt = [o for o in quotes if o.open_at > q.open_at]
    if nxt:
        after_end = min(after_end, nxt[0].open_at)
    close = q.close_at + _mark_width(text_of(doc), q.close_at) if q.close_at is not None else q.end
    # Speaker on its own after a dash: “…” — Commissioner X
    line_end = text_of(doc).find("\n", close)
    tail = text_of(doc)[close:line_end if line_end >= 0 else len(text_of(doc))]
    stripped = tail.lstrip(" ,")
    if stripped[:1] in DASHES:
        name_start = close + len(tail) - len(stripped) + 1
        name_span = char_span(doc, name_start, close + len(tail), "contract")
        if name_span is not None and len(name_span):
            name_span = _strip_punct(name_span)
            if len(name_span):
                return None, name_span
    for lo, hi in ((close, after_end), (first_sent.start_char, q.open_at)):
        frame = char_span(doc, lo, hi, "contract")
        if frame is None or not len(frame):
            continue
        for token in frame:
            if _is_cue_verb(token) and not any(o.start <= token.idx < o.end for o in quotes):
                subject = _subject_of(token)
                if subject is None:
                    subject = _inverted_subject(token, frame)
                if subject is not None and not (q.start <= subject.start_char < q.end):
                    return _cue_span(token), subject
    beside = speaker_beside_quote(doc, q, quotes)  # “…,” she went on: a speaker with a verb not in cues.json
    if beside is not None:
        return beside[1], beside[0]
    return None, None


def _inverted_subject(verb: Token, frame: Span) -> Span | None:
    """'…,” said John Kirby.' — the subject after the verb."""
    for token in frame:
        if token.i > verb.i and token.pos_ in {"PROPN", "NOUN", "PRON"}:
            return subject_phrase(token.head if token.dep_ == "compound" else token)
    return None


# -- reported speech ---------------------------------------------------------------------
def _is_cue_verb(token: Token) -> bool:
    return token.pos_ in {"VERB", "AUX"} and token.lemma_.lower() in _cues()["verbs"] and token.dep_ != "amod"


def _reported_speech(doc: Doc, quoted: list[tuple[int, int]]) -> list[Attribution]:
    out = []
    clause_only = set(_cues()["clause_only_verbs"])
    for token in tokens_with(doc, _cue_words()):
        if not _is_cue_verb(token) or _inside(token.idx, quoted):
            continue
        lemma = token.lemma_.lower()
        kind = _cues()["verbs"][lemma]
        if token.dep_ == "xcomp" and token.head.lemma_.lower() in {"ask", "decline", "refuse", "want", "try"}:
            continue  # 'declined to say', 'asked to describe': not an act of saying
        complements = _complements(token, kind)
        clause = [c for c in complements if c.dep_ in CLAUSE_DEPS]
        if not clause:
            clause = _misattached_clause(token)
            complements += clause
        if (lemma in clause_only or kind == "clause") and not clause and _told_to(token):
            complements = [c for c in complements if c.dep_ in {"dobj", "xcomp"}]
        elif lemma in clause_only or kind == "clause":
            own = set(_cues()["verb_preps"].get(lemma, ()))  # 'complained about the moderators'
            complements = clause or [c for c in complements if c.dep_ == "prep" and c.lower_ in own]
        elif kind == "toll" and not any(c.dep_ == "prep" for c in complements) and not clause:
            continue  # 'put the toll at 57' needs its at-phrase; 'put on a show' is no statement
        if token.dep_ == "relcl" and not clause:
            continue  # 'everything Trump says': the object is the noun the clause describes
        complements = [c for c in complements if not _is_audience(c, token) and not _says_nothing(c)]
        if lemma == "tell" and not clause and not _told_to(token):
            continue
        if lemma in _cues()["physical_verbs"] and not clause and not any(_speakable(c) for c in complements):
            continue  # 'forces attacked the city', 'slammed the door': no words were spoken
        if complements:
            content = _content_from(doc, token, complements)
        elif token.dep_ == "parataxis" or (token.dep_ == "ROOT" and _clause_before(token)):
            content = _parenthetical_content(doc, token)
        elif kind != "clause" and lemma not in clause_only and _passive_with_agent(token):
            subject = next(c for c in token.children if c.dep_ == "nsubjpass")
            content = _trim_tokens(doc, subject.left_edge.i, subject.right_edge.i + 1, name_alone=True)
        else:
            continue
        if content is None:
            continue
        subject = _subject_of(token)
        if subject is None:
            continue
        if lemma in _cues()["inanimate_subject_verbs"] and not clause and not speaker_like(subject.root):
            continue  # 'the storm threatened 2,000 homes': only who can speak makes a statement
        described = _described(token, complements) if lemma in _cues()["judgement_verbs"] and not clause else ()
        out.append(Attribution(content=content, cue=_cue_span(token), source=subject, cue_lemma=lemma,
                               described=described))
    return out


def _described(verb: Token, complements: list[Token]) -> tuple[tuple[int, int], ...]:
    """The clauses that describe what a judgement verb judges: the writer's words, not the speaker's.

    'The envoy condemned the strike that killed 40 civilians': the envoy condemned a strike; that it
    killed 40 civilians is how the article describes it.
    """
    out = []
    for obj in complements:
        if obj.dep_ not in {"dobj", "obj"}:
            continue
        for child in obj.children:
            if child.dep_ in {"relcl", "acl"} and child.i > obj.i:
                first, last = child.left_edge, child.right_edge
                out.append((first.idx, last.idx + len(last)))
    return tuple(out)


def _speakable(obj: Token) -> bool:
    """An object a verb of attack can be words against: a person, a body, a policy, not a place or a thing."""
    if obj.dep_ not in {"dobj", "obj"}:
        return False
    if obj.ent_type_ in {"PERSON", "ORG", "NORP"} or obj.lower_ in {"him", "her", "them", "me", "us", "you"}:
        return True
    lemma = obj.lemma_.lower()
    return lemma in _cues()["speakable_objects"] or lemma in load_json("sources.json")["person_role_heads"]


def _small_clause(clause: Token) -> bool:
    """'found a woman suffering from wounds': a participle with no 'that' and no auxiliary shows a scene.

    After a verb of finding (``scene_verbs`` in cues.json) such a clause says what was there, not what was found to be true.
    """
    return clause.tag_ == "VBG" and not any(c.dep_ in {"mark", "aux", "auxpass"} for c in clause.children)


def _complements(verb: Token, kind: str) -> list[Token]:
    """The verb's dependents that carry what is said: objects, clauses and the phrases its kind takes.

    'praised the mayor for acting fast', 'accused X of lying': a judgement verb's for/of-phrase is
    the reason given, part of the content; 'described the plan as reckless' also when the parser
    reads 'as' (or 'for') as a clause marker.
    """
    preps = set(PREP_COMPLEMENTS.get(kind, {"as"})) | set(_cues()["verb_preps"].get(verb.lemma_.lower(), ()))
    if verb.lemma_.lower() in _cues()["judgement_verbs"]:
        preps |= JUDGEMENT_PREPS
    out = []
    for c in verb.children:
        if c.dep_ == "ccomp" and verb.lemma_.lower() in _cues()["scene_verbs"] and _small_clause(c):
            continue
        if c.dep_ in CONTENT_DEPS or (c.dep_ == "prep" and c.lower_ in preps):
            out.append(c)
        elif c.dep_ == "advcl" and c.i > verb.i and _marked_complement(c, verb, preps):
            out.append(c)  # 'called for all sides to stop': the parser reads 'for' as a clause marker
    return out


def _marked_complement(clause: Token, verb: Token, preps: set[str]) -> bool:
    """An adverbial clause that is really the verb's phrase: 'called for X to go', 'described X as Y'.

    'As' needs a judgement verb and its object before it; 'said nothing as he left' is a time clause."""
    marks = [m.lower_ for m in clause.children if m.dep_ == "mark" and m.i == clause.left_edge.i]
    if not marks or marks[0] not in preps:
        return False
    return marks[0] != "as" or (verb.lemma_.lower() in _cues()["judgement_verbs"]
                                and any(c.dep_ == "dobj" and c.i < clause.i for c in verb.children))


def _misattached_clause(verb: Token) -> list[Token]:
    """'told a meeting of farm leaders that prices would rise', 'said in a statement that …': the
    parser may hang the that-clause on the listener or on the occasion's noun; a clause opened by
    the conjunction 'that' (not the pronoun) is what was said."""
    if verb.lemma_.lower() not in _cues()["listener_verbs"] and verb.lemma_.lower() not in _cues()["verb_occasions"]:
        return []
    holders = [c for c in verb.children if c.dep_ in {"dobj", "dative"}] + [
        o for c in verb.children if c.dep_ == "prep" and c.i > verb.i for o in c.children if o.dep_ == "pobj"]
    for obj in holders:
        for token in obj.subtree:
            if token.dep_ in {"relcl", "acl"} and any(
                    m.dep_ == "mark" and m.lower_ == "that" and m.i == token.left_edge.i for m in token.children):
                return [token]
    return []


def _passive_with_agent(verb: Token) -> bool:
    """'The plan was first reported by the Herald': what was reported is the subject, the agent speaks."""
    return any(c.dep_ == "nsubjpass" and c.lower_ not in RELATIVE_PRONOUNS for c in verb.children) and any(
        c.dep_ == "agent" for c in verb.children)


def _told_to(verb: Token) -> bool:
    """'told his aides to cancel the trip', 'asked voters to stay home': a listener and what they
    are to do (cues.json listener_verbs), a request reported like a statement."""
    if verb.lemma_.lower() not in _cues()["listener_verbs"]:
        return False
    objects = [c.i for c in verb.children if c.dep_ == "dobj"]
    return bool(objects) and any(c.dep_ == "xcomp" and c.i > objects[0] and any(a.lower_ == "to" for a in c.children)
                                 for c in verb.children)


def _says_nothing(token: Token) -> bool:
    """'said little about the plan', 'would say nothing': an empty object reports no content."""
    return token.dep_ == "dobj" and token.lower_ in _cues()["empty_objects"] and not any(
        c.dep_ in CLAUSE_DEPS or c.dep_ in {"acl", "relcl"} for c in token.children)


def _is_audience(token: Token, verb: Token) -> bool:
    """Who is told ('told reporters', 'assured him'): part of the cue, not of the content.

    Only after a verb of telling (cues.json listener_verbs): 'endorsed Smith', 'criticized the
    agency' say something about that person or body."""
    phrase = token.doc[token.left_edge.i:token.right_edge.i + 1].text.lower()
    if token.dep_ not in {"dobj", "dative"} or verb.lemma_.lower() not in _cues()["listener_verbs"]:
        return False
    if phrase in _cues()["audience_objects"]:
        return True
    return token.pos_ in {"PRON", "PROPN"} and not any(c.dep_ in CLAUSE_DEPS for c in token.children)


def _clause_before(token: Token) -> bool:
    return any(c.dep_ in {"ccomp", "parataxis"} and c.i < token.i for c in token.children)


def _subject_of(token: Token) -> Span | None:
    """The subject of a cue verb, climbing through participles and coordinated verbs."""
    if any(c.dep_ == "nsubjpass" for c in token.children):
        # '2.4 million people were estimated to …': the passive's subject is what is claimed;
        # the source is the agent ('… by the UN'), or nobody named.
        agents = [o for c in token.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
        return subject_phrase(agents[0]) if agents else None
    seen = 0
    while token is not None and seen < 4:
        for child in token.children:
            if child.dep_ in SUBJECT_DEPS:
                if child.lower_ in RELATIVE_PRONOUNS and token.dep_ == "relcl":
                    return subject_phrase(token.head)  # 'a letter … that says': the antecedent speaks
                return subject_phrase(child)
            if child.dep_ == "agent":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs:
                    return subject_phrase(objs[0])
        if token.dep_ == "acl" and token.head.pos_ in {"NOUN", "PROPN"} and any(
                c.dep_ == "ccomp" and any(m.dep_ == "mark" for m in c.children) for c in token.children):
            return subject_phrase(token.head)  # 'Military intelligence estimated that …' parsed as a noun phrase
        if token.dep_ == "xcomp":
            controller = [c for c in token.head.children if c.dep_ == "dobj" and c.i < token.i]
            if controller:  # 'prompting police to warn …': the object of the verb above does the warning
                return subject_phrase(controller[0])
        if token.dep_ in CLIMB_DEPS and token.head is not token:
            token = token.head
            seen += 1
        else:
            return None
    return None


def _mark_width(text: str, at: int) -> int:
    return 2 if text.startswith("''", at) else 1


def _cue_span(token: Token) -> tuple[int, int]:
    """The cue as written: the verb with its perfect auxiliary, particle and audience ('told reporters')."""
    doc = token.doc
    start, end = token.i, token.i + 1
    if start > 0 and doc[start - 1].dep_ == "aux" and doc[start - 1].lower_ in {"has", "have", "had"}:
        start -= 1
    for child in token.rights:
        if child.dep_ == "prt" or (_is_audience(child, token) and child.i == end):
            end = child.right_edge.i + 1
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])


def _content_from(doc: Doc, verb: Token, complements: list[Token]) -> tuple[int, int] | None:
    lo = min(c.left_edge.i for c in complements)
    hi = max(c.right_edge.i for c in complements)
    if lo < verb.i < hi:  # complements on both sides: keep the side after the verb
        lo = min(c.left_edge.i for c in complements if c.i > verb.i)
    # 'said he could not answer because Republicans had asked late': a reason the parser hangs on
    # the cue verb is part of what was said.
    reasons = [c for c in verb.children if c.dep_ == "advcl" and c.i > hi
               and any(m.dep_ == "mark" and m.lower_ in REASON_MARKS for m in c.children)]
    if reasons and lo > verb.i:
        hi = max(c.right_edge.i for c in reasons)
    if lo > verb.i and any(c.dep_ == "dobj" for c in complements):
        hi = _object_phrases(doc, verb, hi)
    if lo > verb.i:
        # 'said between 15,000 and 18,000 people have been displaced': the parser hangs the number
        # phrase on the cue, but it is the subject of the reported clause.
        counts = [c for c in verb.children if verb.i < c.i < lo and c.dep_ == "prep"
                  and any(t.like_num for t in c.subtree) and c not in complements and c.right_edge.i < lo]
        if counts:
            lo = min(c.left_edge.i for c in counts)
        elif _leads_with_preposition(doc[lo], verb):
            lo += 1  # 'called for a ceasefire': the preposition belongs to the cue, the rest is what is asked
    exclude = _nested_cue_regions(doc, lo, hi + 1, verb) + _dash_asides(doc, lo, hi + 1) \
        + _trailing_asides(doc, lo, hi + 1)
    if lo > verb.i:  # 'X said A and B': B may be the writer's; in 'A and B, X said' both are X's
        exclude += _joined_clauses(doc, lo, hi + 1)
    return _trim_tokens(doc, lo, hi + 1, exclude=exclude, name_alone=_cues()["verbs"].get(verb.lemma_.lower()) == "object")


def _object_phrases(doc: Doc, verb: Token, hi: int) -> int:
    """'endorsed Ms. Reyes for governor', 'announced a concert in support of the fund': a phrase the
    parser hangs on the verb right after its object still says what was endorsed or announced.
    A time, date or place ('on Monday', 'in Ohio') is the writer's setting; a comma ends the run."""
    following = {c.i: c for c in verb.children if c.dep_ == "prep" and c.i > hi}
    while hi + 1 in following:
        prep = following[hi + 1]
        objects = [o for o in prep.children if o.dep_ == "pobj"]
        if prep.lower_ in SETTING_PREPS or not objects or objects[0].ent_type_ in SETTING_ENTITIES:
            break
        hi = prep.right_edge.i
    return hi


def _leads_with_preposition(token: Token, verb: Token) -> bool:
    """The word is the cue verb's own preposition or the marker of a clause it takes ('for X to go')."""
    if token.dep_ == "prep" and token.head.i == verb.i:
        return True
    return token.dep_ == "mark" and token.head.dep_ == "advcl" and token.head.head.i == verb.i and token.lower_ != "that"


def _joined_clauses(doc: Doc, lo: int, hi: int) -> list[tuple[int, int]]:
    """'… the investigation was mishandled and Democrats accused …': a clause joined with its own
    subject, or another cue verb, is not part of the reported content."""
    out = []
    for token in doc[lo:hi]:
        if token.dep_ != "conj" or token.pos_ not in {"VERB", "AUX"} or token.head.i < lo:
            continue
        if any(c.dep_ == "mark" and c.lower_ in {"that", "whether"} for c in token.children):
            continue  # 'said witnesses saw a gun and that one was found': a second reported clause
        subjects = [c for c in token.children if c.dep_ in SUBJECT_DEPS]
        if any(c.like_num or c.tag_ == "CD" for c in subjects):
            continue  # '40 were killed and 120 wounded': one report of two numbers
        if subjects or _is_cue_verb(token):
            cc = [c.i for c in token.head.children if c.dep_ == "cc" and c.i < token.i]
            start = max(cc) if cc else token.left_edge.i
            out.append((start, token.right_edge.i + 1))
    return out


def _says_something(verb: Token) -> bool:
    """A cue verb with the complement its kind needs ('asked for the information' says nothing)."""
    lemma = verb.lemma_.lower()
    needs_clause = _cues()["verbs"].get(lemma) == "clause" or lemma in _cues()["clause_only_verbs"]
    deps = CLAUSE_DEPS if needs_clause else CONTENT_DEPS
    return any(c.dep_ in deps for c in verb.children)


def _trailing_asides(doc: Doc, lo: int, hi: int) -> list[tuple[int, int]]:
    """'… did not support Mr. Trump, the presumed favourite': an aside after a comma that closes
    the content describes a noun for the reader; it is the writer's, not the speaker's."""
    last = doc[hi - 1]
    while last.i > lo and last.is_punct:
        last = doc[last.i - 1]
    for token in doc[lo:hi]:
        if token.dep_ in {"appos", "relcl"} and token.right_edge.i == last.i and token.left_edge.i > lo \
                and doc[token.left_edge.i - 1].text == "," and lo <= token.head.i < token.left_edge.i:
            return [(token.left_edge.i - 1, hi)]
    return []


def _dash_asides(doc: Doc, lo: int, hi: int) -> list[tuple[int, int]]:
    """'… were killed—numbers that surpass earlier estimates': the writer's aside after a dash."""
    out = []
    for token in doc[lo:hi - 1]:
        nxt = doc[token.i + 1]
        if token.text in DASHES and nxt.dep_ in {"appos", "npadvmod", "dep"} and nxt.pos_ in {"NOUN", "PROPN", "PRON"}:
            out.append((token.i, max(nxt.right_edge.i, nxt.i) + 1))
    return out


def _parenthetical_content(doc: Doc, verb: Token) -> tuple[int, int] | None:
    """'The strikes killed 12 people, officials said': the clause the cue interrupts."""
    sent = verb.sent
    own = set(range(verb.left_edge.i, verb.right_edge.i + 1))
    if verb.dep_ == "ROOT":
        clause = [c for c in verb.children if c.dep_ in {"ccomp", "parataxis"} and c.i < verb.i]
        if not clause:
            return None
        # 'The latest test, North Korea said, was its biggest yet': the rest hangs on the cue too.
        rest = [c for c in verb.children if c.i > verb.i and c.dep_ in {"ccomp", "xcomp", "conj", "attr", "acomp", "advcl"}]
        end = max([clause[0].right_edge.i] + [c.right_edge.i for c in rest]) + 1
        # 'A, but B, the source added': all the sentence says before the cue is the source's.
        start = min(clause[0].left_edge.i, *(c.left_edge.i for c in verb.children if c.i < verb.i
                                            and c.dep_ in {"ccomp", "parataxis", "conj", "advcl"}))
        return _trim_tokens(doc, max(start, sent.start), end)
    tokens = [t.i for t in sent if t.i not in own and not t.is_punct]
    before = [i for i in tokens if i < verb.left_edge.i]
    after = [i for i in tokens if i > verb.right_edge.i]
    if _is_cue_verb(verb.head):  # 'X, officials said, Reuters reported': the words before are the content
        after = []
    if before and after:  # 'The museum, Mr. Bush said, celebrated …': the content runs around the cue
        return _trim_tokens(doc, before[0], after[-1] + 1)
    if not before:
        return _trim_tokens(doc, after[0], after[-1] + 1) if after else None
    return _trim_tokens(doc, before[0], before[-1] + 1)


def _nested_cue_regions(doc: Doc, lo: int, hi: int, outer: Token) -> list[tuple[int, int]]:
    """Token ranges inside [lo, hi) that belong to another cue's clause (with X estimating …)."""
    regions = []
    for token in doc[lo:hi]:
        if token is outer or not _is_cue_verb(token) or not _says_something(token) or _subject_of(token) is None:
            continue
        if token.dep_ in {"pcomp", "acl", "advcl"} and token.head.dep_ == "prep":
            anchor = token.head
        elif token.dep_ in {"advcl", "pcomp", "acl"}:
            anchor = token
        else:
            continue
        regions.append((anchor.left_edge.i, anchor.right_edge.i + 1))
    return regions


# -- transcripts and headline labels: "PENCE: Well, look, …", "Mayor Holt: Bridge Will Reopen" ------
SPEAKER_LABEL = re.compile(r"[\"“]?(?:[A-Z][A-Z.'’\-]+ ){0,2}[A-Z][A-Z.'’\-]+:[ \t]+(?=\S)")
LABEL_WORD = re.compile(r"[^\W\d_]{2,}")
LABEL_MIN_WORDS = 3  # words a labelled line needs to say something
# A name in title case ('Mayor Holt:', 'Poll:'): up to five capitalised words before the colon.
TITLE_LABEL = re.compile(r"[\"“]?(?:[A-Z][\w.'’\-]* ){0,4}[A-Z][\w.'’\-]+:[ \t]+(?=\S)")


def _speaker_labels(doc: Doc) -> list[Attribution]:
    """A paragraph that opens with a speaker's name and a colon is that speaker's words.

    Capitals ('MARSH: …') are a transcript's speaker; a name in title case ('Marsh: …') too,
    unless the label is an editor's word ('Update:', 'Related:', cues.json non_speaker_labels).
    """
    out = []
    skip = set(_cues()["non_speaker_labels"])
    for block in blocks_of(doc):
        label = SPEAKER_LABEL.match(text_of(doc), block.start, block.end) or \
            TITLE_LABEL.match(text_of(doc), block.start, block.end)
        if label is None or len(label.group().split()) > 5:
            continue
        name_end = text_of(doc).index(":", label.start())
        name_start = label.start() + (1 if text_of(doc)[label.start()] in "\"“" else 0)
        name = text_of(doc)[name_start:name_end].lower()
        if name in skip or name.split()[-1] in skip or name.endswith("."):
            continue
        source = char_span(doc, name_start, name_end)
        content = _trim_chars(text_of(doc), label.end(), block.end)
        if source is None or not _label_says_something(doc, source, content):
            continue
        out.append(Attribution(content=content, cue=(name_end, name_end + 1), source=source))
    return out


def _label_says_something(doc: Doc, label: Span, content: tuple[int, int]) -> bool:
    """A labelled line is someone's words when the label is not a place ('Iowa: …' heads a list)
    and the line says something: a few words with a verb ('Clinton: 547.' is a table row)."""
    if any(t.ent_type_ in {"GPE", "LOC"} for t in label):
        return False
    if len(LABEL_WORD.findall(text_of(doc), content[0], content[1])) < LABEL_MIN_WORDS:
        return False
    words = char_span(doc, content[0], content[1], "contract")
    return words is not None and any(t.pos_ in {"VERB", "AUX"} for t in words)


# -- according to, estimates ---------------------------------------------------------------
def _according_to(doc: Doc, quoted: list[tuple[int, int]]) -> list[Attribution]:
    out = []
    estimate_nouns = set(_cues()["estimate_nouns"])
    for token in tokens_with(doc, frozenset({"according", "by", "in"})):
        lower = token.lower_
        if lower == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            prep_head = token
            to = doc[token.i + 1]
            objs = [c for c in to.children if c.dep_ == "pobj"] or [c for c in token.children if c.dep_ == "pobj"]
            cue = (token.idx, to.idx + len(to))
        elif lower in {"by", "in"} and any(c.dep_ == "pobj" and c.lower_ in estimate_nouns and
                                           any(g.dep_ == "poss" for g in c.children) for c in token.children):
            prep_head = token
            objs = [c for c in token.children if c.dep_ == "pobj"]
            cue = (objs[0].idx, objs[0].idx + len(objs[0]))
        else:
            continue
        if not objs or _inside(token.idx, quoted):
            continue
        source_token = objs[0]
        possessors = [c for c in source_token.children if c.dep_ == "poss"]
        if source_token.lower_ in estimate_nouns and possessors:
            source = subject_phrase(possessors[0])
            source = doc[source.start:possessors[0].i + 1]
        else:
            source = subject_phrase(source_token)
        content = _clause_without(doc, prep_head)
        if content is None:
            continue
        out.append(Attribution(content=content, cue=cue, source=_strip_trailing_possessive(source)))
    return out


def _clause_without(doc: Doc, prep: Token) -> tuple[int, int] | None:
    """The clause an adverbial phrase modifies, minus that phrase and other cue clauses."""
    head = prep.head
    # Climb to the clause: through phrases, and from a conjunct to the first one ('40 were killed
    # and 112 were wounded, according to X' attributes both).
    while head.dep_ not in {"ROOT", "ccomp", "advcl", "parataxis"} and head.head is not head:
        head = head.head
    lo, hi = head.left_edge.i, head.right_edge.i + 1
    phrase = (prep.left_edge.i, prep.right_edge.i + 1)
    # 'Most voters, according to the survey, still back the plan': the phrase interrupts the clause
    # before its verb, so the content runs around it.
    around = head.i >= phrase[1] and any(not (t.is_punct or t.is_space) for t in doc[lo:phrase[0]])
    exclude = ([] if around else [phrase]) + _nested_cue_regions(doc, lo, hi, prep)
    return _trim_tokens(doc, lo, hi, exclude=exclude)


def _strip_trailing_possessive(span: Span) -> Span:
    while len(span) > 1 and (span[-1].tag_ == "POS" or span[-1].is_punct):
        span = span[:-1]
    return span


# -- noun cues: "the mayor's claim that …", "his promise to …", "Smith's call for …" -------------
def _noun_cues(doc: Doc, quoted: list[tuple[int, int]]) -> list[Attribution]:
    """A speech noun with its owner and what was said: the owner ('his', 'the senator's') is the source.

    The content is a that-clause, a to-infinitive, or the phrase the noun takes (cues.json
    speech_nouns: noun -> prepositions, e.g. 'call for'). Without an owner the noun names no source."""
    nouns = _cues()["speech_nouns"]
    out = []
    for token in tokens_with(doc, frozenset(nouns)):
        lemma = token.lemma_.lower()
        if token.pos_ != "NOUN" or lemma not in nouns or _inside(token.idx, quoted):
            continue
        owners = [c for c in token.children if c.dep_ == "poss"]
        if not owners:
            continue
        said = _noun_content(token, set(nouns[lemma]))
        if said is None:
            continue
        content = _trim_tokens(doc, said.left_edge.i + (1 if said.dep_ == "prep" else 0), said.right_edge.i + 1)
        if content is None:
            continue
        cue_end = said if said.dep_ == "prep" else token
        source = _strip_trailing_possessive(doc[subject_phrase(owners[0]).start:owners[0].i + 1])
        out.append(Attribution(content=content, cue=(token.idx, cue_end.idx + len(cue_end)), source=source,
                               cue_lemma=lemma))
    return out


def _noun_content(noun: Token, preps: set[str]) -> Token | None:
    """What a speech noun says: 'claim that …', 'promise to …', or its own phrase ('call for …')."""
    for c in noun.children:
        if c.dep_ in {"acl", "ccomp"} and c.i > noun.i and any(
                m.lower_ in {"that", "to"} and m.dep_ in {"mark", "aux"} and m.i == c.left_edge.i for m in c.children):
            return c
        if c.dep_ == "prep" and c.lower_ in preps and c.i == noun.i + 1 and any(o.dep_ in {"pobj", "pcomp"} for o in c.children):
            return c
    return None


# -- hedged: "reports of …" ---------------------------------------------------------------
def _hedged_reports(doc: Doc, quoted: list[tuple[int, int]]) -> list[Attribution]:
    out = []
    nouns = set(_cues()["hedge_nouns"])
    for token in tokens_with(doc, frozenset(nouns)):
        if token.lower_ not in nouns or token.pos_ != "NOUN" or _inside(token.idx, quoted):
            continue
        if any(c.dep_ == "poss" for c in token.children):
            continue  # "the ministry's report": a named source, found by other rules
        of = [c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"]
        that = [c for c in token.children if c.dep_ in {"acl", "ccomp"} and any(m.lower_ == "that" for m in c.children)]
        if of:
            objs = [c for c in of[0].children if c.dep_ in {"pobj", "pcomp"}]
            if not objs:
                continue
            content_lo, content_hi = objs[0].left_edge.i, objs[0].right_edge.i + 1
            cue_end = of[0].idx + len(of[0])
        elif that:
            content_lo, content_hi = that[0].left_edge.i, that[0].right_edge.i + 1
            cue_end = token.idx + len(token)
        else:
            continue
        start = token.left_edge.i if token.left_edge.i >= token.i - 2 else token.i
        while start < token.i and doc[start].lower_ in {"there", "were", "are", "the", "have", "been"}:
            start += 1
        content = _trim_tokens(doc, content_lo, content_hi)
        if content is None:
            continue
        mention = doc[start:token.i + 1]
        out.append(Attribution(content=content, cue=(mention.start_char, cue_end), source=mention, hedged=True,
                               source_name="reports"))
    return out


# -- shared helpers ----------------------------------------------------------------------
def _trim_tokens(doc: Doc, lo: int, hi: int, exclude: list[tuple[int, int]] | None = None,
                 name_alone: bool = False) -> tuple[int, int] | None:
    """Char span of tokens [lo, hi) cut at the first excluded region, without junk at the edges.

    One word is too little to say anything, unless ``name_alone`` and it is a name ('endorsed Obama')."""
    for a, b in sorted(exclude or []):
        if a <= lo < b:
            lo = b
        elif lo < a < hi:
            hi = a
    while lo < hi and (doc[lo].lower_ in EDGE_JUNK or doc[lo].is_space or doc[lo].is_punct):
        lo += 1
    while hi > lo and (doc[hi - 1].lower_ in EDGE_JUNK or doc[hi - 1].is_space or doc[hi - 1].is_punct):
        hi -= 1
    if hi - lo < 2 and not (name_alone and hi - lo == 1 and doc[lo].pos_ == "PROPN"):
        return None
    return doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])


def _trim_chars(text: str, start: int, end: int, quote: bool = False) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or (quote and text[end - 1] == ",")):
        end -= 1
    return start, end


def _strip_punct(span: Span) -> Span:
    while len(span) and (span[-1].is_punct or span[-1].is_space):
        span = span[:-1]
    while len(span) and (span[0].is_punct or span[0].is_space):
        span = span[1:]
    return span


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _inside(char: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= char < e for s, e in spans)


REASON_MARKS = {"because", "since", "so", "unless", "if"}
QUOTE_SHARE = 0.85  # a quote this much of a reported content is the content itself


def _partial_quotes_in_speech(quoted: list[Attribution], reported: list[Attribution]) -> list[Attribution]:
    """'He said that Clinton's “only experience” was …' is reported speech with a partial quote;
    'He said, “This is …”' is the quote. Of a pair, keep the one that carries the content."""
    drop: set[int] = set()
    for r in reported:
        inner = [q for q in quoted if r.content[0] - 2 <= q.content[0] and q.content[1] <= r.content[1] + 2]
        if not inner:
            if any(q.content[0] <= r.content[0] < q.content[1] for q in quoted):
                drop.add(id(r))  # reported speech that starts inside a quote: the quote's own words
            continue
        share = sum(q.content[1] - q.content[0] for q in inner) / max(1, r.content[1] - r.content[0])
        if share >= QUOTE_SHARE:
            drop.add(id(r))
        else:
            drop.update(id(q) for q in inner)
    return [a for a in quoted + reported if id(a) not in drop]


def _drop_nested(found: list[Attribution]) -> list[Attribution]:
    """When one attribution's content holds another's cue and content, the innermost speaker owns it:
    'A, officials said, Reuters reported' is the officials' claim. But 'X noted that the agency
    announced that A' keeps both: X's content is a statement in its own right, that the agency spoke.

    Thoughts (cognition verbs) inside another attribution's content belong to that content instead.
    Of attributions with the same content, the one whose cue is nearest the content is kept.
    """
    cognition = set(_cues()["cognition_verbs"])
    found = [
        a for a in found
        if not (a.cue_lemma in cognition and any(b is not a and b.content[0] <= a.cue[0] < b.content[1] for b in found))
    ]
    keep = []
    for a in found:
        outer = any(
            b is not a and b.cue is not None and a.content[0] <= b.cue[0] and b.cue[1] <= a.content[1]
            and a.content[0] <= b.content[0] and b.content[1] <= a.content[1] + 1
            and _share(b, a) >= NESTED_SHARE and not _reported_report(b)
            for b in found
        )
        if outer:
            continue
        same = [b for b in found if b.content == a.content and b is not a]
        if same and a.cue is not None and any(b.cue is not None and _gap(b) < _gap(a) for b in same):
            continue
        keep.append(a)
    return keep


NESTED_SHARE = 0.8  # an inner attribution this much of an outer content is all the outer one says


def _reported_report(inner: Attribution) -> bool:
    """An inner attribution told as a clause, its cue before its content ('the agency announced that …')."""
    return not inner.direct and inner.cue is not None and inner.source is not None and inner.cue[0] < inner.content[0]


def _share(inner: Attribution, outer: Attribution) -> float:
    """How much of ``outer``'s content the inner attribution (source, cue and content) takes up."""
    start = min(p[0] for p in (inner.content, inner.cue, _span_of(inner.source)) if p is not None)
    end = max(inner.content[1], inner.cue[1] if inner.cue else 0)
    covered = max(0, min(end, outer.content[1]) - max(start, outer.content[0]))
    return covered / max(1, outer.content[1] - outer.content[0])


def _span_of(span: Span | None) -> tuple[int, int] | None:
    return (span.start_char, span.end_char) if span is not None else None


def _gap(a: Attribution) -> int:
    if a.cue is None:
        return 10**9
    return min(abs(a.cue[0] - a.content[1]), abs(a.content[0] - a.cue[1]))
