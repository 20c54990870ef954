"""Document structure: headings, bullets, paragraphs and datelines, before parsing."""

from __future__ import annotations

from claimledger.extract.structure import split_blocks

TEXT = (
    "KYIV, Ukraine — Officials said the bridge was hit.\n"
    "Damage Along the River\n"
    "The mayor listed the damage:\n"
    "- 40 homes flooded\n"
    "* 3 schools closed\n"
    "2. Power cut in the east\n"
    "The repairs will take weeks.\n"
)


def test_kinds_in_order():
    kinds = [b.kind for b in split_blocks(TEXT)]
    assert kinds == ["paragraph", "heading", "paragraph", "bullet", "bullet", "bullet", "paragraph"]


def test_offsets_point_into_the_original_text():
    blocks = split_blocks(TEXT)
    assert [TEXT[b.start:b.end] for b in blocks[3:6]] == ["40 homes flooded", "3 schools closed", "Power cut in the east"]
    assert TEXT[blocks[1].start:blocks[1].end] == "Damage Along the River"


def test_dateline_is_set_apart():
    first = split_blocks(TEXT)[0]
    assert first.dateline is not None and TEXT[first.dateline[0]:first.dateline[1]] == "KYIV, Ukraine — "
    assert TEXT[first.start:first.end] == "Officials said the bridge was hit."


def test_a_sentence_ending_without_punctuation_at_the_end_is_not_a_heading():
    assert [b.kind for b in split_blocks("Some text here.\nThe Last Line Of The Article")] == ["paragraph", "paragraph"]


def test_heading_never_fuses_with_the_next_sentence(nlp):
    doc = nlp("Casualties and Lack of Support\nAccording to the ministry, 40 people died.")
    assert [s.text.strip() for s in doc.sents] == ["Casualties and Lack of Support", "According to the ministry, 40 people died."]


def test_each_bullet_is_its_own_sentence(nlp):
    doc = nlp("Key figures:\n- 40 homes flooded\n- 3 schools closed\n")
    texts = [s.text.strip() for s in doc.sents if s.text.strip() not in {"-", ""}]
    assert "40 homes flooded" in texts and "3 schools closed" in texts
