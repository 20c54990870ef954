"""From the stages' findings to claims in the claims format.

Attributions and non-responses become claims; figures are placed in the claim whose
content holds them; figures no attribution covers become the article's own claims (one
per sentence or bullet). Then statement dates, periods and places are filled in.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc, Span

from ..model import Claim, Figure, Period, Source
from . import dates, places
from .attribution import Attribution, find_attributions
from .measures import describe_figures, subject_for
from .noresponse import find_non_responses
from .numbers import Quantity, find_quantities
from .offsets import char_span, sentences, text_of
from .speakers import SpeakerIndex
from .structure import block_at, blocks_of, in_dateline

PLACE_LOOKBACK_SENTENCES = 2  # a figure with no place in its sentence takes one named this close before it


def build_claims(doc: Doc, published: str | None) -> list[Claim]:
    speakers = SpeakerIndex(doc)
    anchor = dates.anchor_date(text_of(doc), published)
    out: list[Claim] = []
    described: dict[int, tuple[tuple[int, int], ...]] = {}  # id(claim) -> the writer's words inside it
    previous: Source | None = None
    for att in find_attributions(doc):
        source = _source(att, speakers, previous)
        if source is None:
            continue
        previous = source
        out.append(_claim(doc, att.content, source, att.cue, att.direct, att.hedged))
        described[id(out[-1])] = att.described
    for nr in find_non_responses(doc):
        if any(c.start <= nr.text[0] < c.end for c in out):
            continue
        source = speakers.source_for(nr.source)
        claim = _claim(doc, nr.text, source, nr.cue, False, False)
        claim.kind = "no_response"
        out.append(claim)
    speaking = [(c.source.start, c.source.end) for c in out if c.source is not None and c.source.start is not None]
    # 'two officials said', 'said one mother': the number belongs to who speaks, not to what is claimed.
    quantities = [q for q in find_quantities(doc) if q.is_figure
                  and not any(s <= q.start < e for s, e in speaking)]
    _attach_figures(doc, out, quantities, described)
    out.sort(key=lambda c: (c.start, c.end))
    _bullets_after_a_colon(doc, out)
    _dates_and_places(doc, out, anchor)
    for i, claim in enumerate(out, 1):
        claim.id = f"c{i}"
    return out


def _source(att: Attribution, speakers: SpeakerIndex, previous: Source | None) -> Source | None:
    """Who speaks at an attribution, and the words that stand for them there.

    A quote that names nobody continues the speaker of the claim just before it.
    """
    if att.follow_on and previous is not None:
        named = previous
    elif att.source is None:
        return None
    elif att.follow_on:
        named = speakers.source_for(att.source)
    else:
        naming, placed = speakers.placed_mention(att.source, att.cue)
        named = speakers.source_for(naming)
        if placed is not naming:  # 'who said': the relative pronoun stands at the claim for the named antecedent
            named.mention, named.start, named.end = placed.text, placed.start_char, placed.end_char
    if att.follow_on:  # the speaker is not named at this claim
        return Source(name=named.name, mention=named.name, start=None, end=None, type=named.type,
                      role=named.role, affiliation=named.affiliation)
    source = named
    if att.source_name:
        source.name = att.source_name
        source.type = "anonymous"
    return source


def _claim(doc: Doc, content: tuple[int, int], source: Source | None, cue: tuple[int, int] | None,
           direct: bool, hedged: bool) -> Claim:
    start, end = content
    dateline = in_dateline(doc, start)
    if dateline is not None:
        start = dateline[1]
    text = text_of(doc)
    if not hedged:
        hedged = _hedged(doc, min(cue[0], start) if cue else start, max(cue[1], end) if cue else end)
    return Claim(
        id="", kind="statement", source=source,
        cue=text[cue[0]:cue[1]] if cue else None, cue_start=cue[0] if cue else None, cue_end=cue[1] if cue else None,
        direct=direct, text=text[start:end], start=start, end=end, hedged=hedged,
    )


def _hedged(doc: Doc, start: int, end: int) -> bool:
    from ..lexicon import load_json

    words = set(load_json("cues.json")["hedge_words"])
    span = char_span(doc, start, end)
    return span is not None and any(t.lower_ in words for t in span)


def _attach_figures(doc: Doc, claims: list[Claim], quantities: list[Quantity],
                    described: dict[int, tuple[tuple[int, int], ...]]) -> None:
    """Each figure goes to the statement that holds it; the rest make the article's own claims.

    A figure in the writer's description of what a speaker judges ('condemned the strike that
    killed 40 civilians') is the article's: a claim of its own over that description.
    """
    loose: dict[int, list[Figure]] = {}
    for q, (measure, counted) in zip(quantities, describe_figures(doc, quantities), strict=True):
        figure = _figure(q, measure, counted)
        holder = next((c for c in claims if c.kind == "statement" and c.start <= q.start and q.end <= c.end), None)
        writers = next(((s, e) for s, e in described.get(id(holder), ()) if s <= q.start and q.end <= e), None)
        if writers is not None:
            own = next((c for c in claims if c.source is None and (c.start, c.end) == writers), None)
            if own is None:
                own = _claim(doc, writers, None, None, False, False)
                claims.append(own)
            own.figures.append(figure)
            continue
        if holder is not None:
            holder.figures.append(figure)
            continue
        block = block_at(doc, q.start)
        if block is not None and block.kind == "heading":
            continue  # headings restate; they are not claims
        if any(c.start <= q.start < c.end for c in claims):
            continue
        sent = char_span(doc, q.start, q.end)
        if sent is None:
            continue
        loose.setdefault(sent.sent.start, []).append(figure)
    for sent_start, figures in loose.items():
        sent = doc[sent_start].sent
        start, end = _sentence_bounds(sent)
        claim = _claim(doc, (start, end), None, None, False, False)
        claim.figures = figures
        claims.append(claim)


def _bullets_after_a_colon(doc: Doc, claims: list[Claim]) -> None:
    """'The mission said its observers had recorded:' followed by bullets: the bullets are its words."""
    blocks = blocks_of(doc)
    speaker: Source | None = None
    for block in blocks:
        if block.kind != "bullet":
            speaker = None
            if text_of(doc)[block.start:block.end].rstrip().endswith(":"):
                said = [c for c in claims if c.source is not None and c.kind == "statement"
                        and block.start <= c.start < block.end]
                speaker = said[-1].source if said else None
            continue
        if speaker is None:
            continue
        for claim in claims:
            if claim.source is None and block.start <= claim.start < block.end:
                claim.source = Source(name=speaker.name, mention=speaker.name, start=None, end=None,
                                      type=speaker.type, role=speaker.role, affiliation=speaker.affiliation)


def _sentence_bounds(sent: Span) -> tuple[int, int]:
    tokens = [t for t in sent if not t.is_space]
    while tokens and tokens[-1].is_punct and tokens[-1].text in {".", "!", "?"}:
        tokens = tokens[:-1]
    if not tokens:
        return sent.start_char, sent.end_char
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _figure(q: Quantity, measure: str, counted: str | None) -> Figure:
    """The claims-format figure of quantity ``q``, with the measure and counted phrase ``describe_figures`` gave it."""
    return Figure(
        text=q.text, start=q.start, end=q.end, value=q.value, low=q.low, high=q.high, bound=q.bound,
        unit=q.unit, counted=counted, measure=measure, subject=subject_for(counted, measure),
    )


def _dates_and_places(doc: Doc, claims: list[Claim], anchor: date | None) -> None:
    all_places = places.find_places(doc, 0, len(text_of(doc)))
    prose = [s for s in sentences(doc) if (b := block_at(doc, s.start_char)) is None or b.kind != "heading"]
    for claim in claims:
        cue_at = claim.cue_start if claim.cue_start is not None else claim.start
        span = char_span(doc, min(cue_at, claim.start), claim.end)
        if span is not None and len(span) and claim.source is not None:
            sent = span[0].sent
            stated, where = dates.statement_date(doc, sent.start_char, sent.end_char, anchor)
            if where is not None and claim.start <= where[0] < claim.end:
                stated = None  # a date inside the content dates the event, not the statement
            claim.stated_on = stated.isoformat() if stated else None
    _same_occasion(claims)
    for claim in claims:
        reference = date.fromisoformat(claim.stated_on) if claim.stated_on else anchor
        for figure in claim.figures:
            period = dates.period_for(doc, claim.start, claim.end, reference)
            figure.period = Period(*period) if period else None
            figure.location = _place_for(doc, figure, claim, all_places, prose)


def _same_occasion(claims: list[Claim]) -> None:
    """A speaker's undated claims share the date of their dated ones when the article gives only one."""
    by_source: dict[str, set[str]] = {}
    for claim in claims:
        if claim.source is not None and claim.source.type == "person" and claim.stated_on:
            by_source.setdefault(claim.source.name, set()).add(claim.stated_on)
    for claim in claims:
        if claim.source is not None and not claim.stated_on:
            known = by_source.get(claim.source.name, set())
            if len(known) == 1:
                claim.stated_on = next(iter(known))


def _place_for(doc: Doc, figure: Figure, claim: Claim, all_places, prose: list[Span]):
    inside = [p for p in all_places if claim.start <= p[0] and p[1] <= claim.end]
    if inside:
        after = [p for p in inside if p[0] >= figure.end]
        chosen = after[0] if after else inside[-1]
        return chosen[2]
    span = char_span(doc, figure.start, figure.end)
    if span is None:
        return None
    sent = span.sent
    index = next((i for i, s in enumerate(prose) if s.start == sent.start), None)
    if index is None:
        return None
    window_start = prose[max(0, index - PLACE_LOOKBACK_SENTENCES)].start_char
    before = [p for p in all_places if window_start <= p[0] < sent.start_char
              and ((b := block_at(doc, p[0])) is None or b.kind != "heading")]
    return before[-1][2] if before else None
