"""Non-responses: a party that did not answer, declined or refused to comment.

"no immediate response from X", "X declined to comment", "X refrained from commenting",
"X did not respond to a request for comment", "X could not be reached", "… reached out to
X but …". The silent party is the claim's source. Cues in ``data/nonresponse.json``.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..lexicon import load_json
from .offsets import tokens_with
from .speakers import subject_phrase


@dataclass
class NonResponse:
    text: tuple[int, int]
    cue: tuple[int, int] | None
    source: Span


def _lex() -> dict:
    return load_json("nonresponse.json")


def find_non_responses(doc: Doc) -> list[NonResponse]:
    out: list[NonResponse] = []
    lex = _lex()
    triggers = set(lex["response_nouns"]) | set(lex["refusal_verbs"]) | set(lex["negated_verbs"]) | {"reach"}
    for token in tokens_with(doc, frozenset(triggers)):
        found = _no_response_noun(token) or _refusal(token) or _negated(token) or _reached_out(token)
        if found is not None and not any(_overlaps(found.text, o.text) for o in out):
            out.append(found)
    return out


def _no_response_noun(token: Token) -> NonResponse | None:
    """'there has been no immediate response from X regarding …'"""
    if token.lower_ not in _lex()["response_nouns"] or token.pos_ != "NOUN":
        return None
    if not any(c.lower_ in {"no", "little"} for c in token.children):
        return None
    from_ = [c for c in token.children if c.dep_ == "prep" and c.lower_ == "from"]
    if not from_:
        return None
    objs = [c for c in from_[0].children if c.dep_ == "pobj"]
    if not objs:
        return None
    source = subject_phrase(objs[0])
    start = min(c.left_edge.i for c in token.children if c.dep_ in {"det", "amod"} or c.lower_ == "no")
    end = token.right_edge.i + 1
    doc = token.doc
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return NonResponse(text=(doc[start].idx, _end(doc[end - 1])), cue=None, source=source)


def _refusal(token: Token) -> NonResponse | None:
    """'X declined to comment', 'X refrained from commenting'."""
    words = _lex()["refusal_verbs"].get(token.lemma_.lower())
    if words is None or token.pos_ not in {"VERB", "AUX"}:
        return None
    following = [t for t in token.doc[token.i + 1:token.i + 4]]
    hit = next((t for t in following if t.lower_ in words), None)
    if hit is None:
        return None
    return _with_subject(token, (token.idx, _end(hit)))


def _negated(token: Token) -> NonResponse | None:
    """'X did not respond to a request for comment', 'X was not available for comment'."""
    lex = _lex()["negated_verbs"]
    lemma = token.lemma_.lower()
    if lemma not in lex or not any(c.dep_ == "neg" for c in token.children):
        return None
    doc = token.doc
    sent_text = doc[token.i:token.sent.end].text.lower()
    needs = lex[lemma]
    if lemma == "be":
        if not any(c.lower_ in needs for c in token.children):
            return None
    elif needs and not any(w in sent_text.split() for w in needs):
        return None
    if lemma in {"respond", "reply", "answer", "return", "reach"} and "comment" not in sent_text and lemma != "reach" \
            and not any(c.lower_ in {"immediately"} for c in token.children) and lemma != "return":
        return None
    aux = [c for c in token.children if c.dep_ in {"aux", "neg", "auxpass"}]
    start = min([token.i] + [a.i for a in aux])
    end = token.i + 1
    for child in token.rights:
        if child.dep_ in {"prep", "dobj", "acomp", "advmod"}:
            end = max(end, child.right_edge.i + 1)
    while end > token.i + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return _with_subject(token, (doc[start].idx, _end(doc[end - 1])))


def _reached_out(token: Token) -> NonResponse | None:
    """'… reached out to X but received no reply' / '… contacted X, which did not respond'."""
    if token.lemma_.lower() != "reach" or not any(c.dep_ == "prt" and c.lower_ == "out" for c in token.children):
        return None
    doc = token.doc
    sent = token.sent
    tail = doc[token.i:sent.end].text.lower()
    if not any(w in tail for w in (" but ", " no response", " no reply", " did not", " didn't", " had not", " has not")):
        return None
    to = [c for c in token.children if c.dep_ == "prep" and c.lower_ == "to"]
    objs = [c for c in to[0].children if c.dep_ == "pobj"] if to else []
    if not objs:
        return None
    end = sent.end
    while end > token.i and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return NonResponse(text=(sent.start_char, _end(doc[end - 1])), cue=(token.idx, _end(to[0])),
                       source=subject_phrase(objs[0]))


def _with_subject(verb: Token, cue: tuple[int, int]) -> NonResponse | None:
    head = verb
    for _ in range(3):
        subjects = [c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects:
            source = subject_phrase(subjects[0])
            if source[0].lower_ in {"i", "we"}:
                return None
            return NonResponse(text=(source.start_char, cue[1]), cue=cue, source=source)
        if head.dep_ in {"conj", "xcomp", "advcl"}:
            head = head.head
        else:
            break
    return None


def _end(token: Token) -> int:
    return token.idx + len(token)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]
