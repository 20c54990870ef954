"""Who speaks, and which words stand for them at each claim: sentences written for these tests."""

from __future__ import annotations

import claimledger


def said(text: str):
    """Statements with a source, in text order."""
    return [c for c in claimledger.extract(text).claims if c.kind == "statement" and c.source is not None]


def one(text: str, content_start: str):
    found = [c for c in said(text) if c.text.startswith(content_start)]
    assert len(found) == 1, [(c.source.name, c.text) for c in said(text)]
    return found[0]


def placed(text: str, claim) -> str:
    assert claim.source.start is not None
    return text[claim.source.start:claim.source.end]


def test_relative_pronoun_stands_for_its_antecedent():
    text = "The bill was backed by Senator Paul Grant, who said that the clinics would reopen in May."
    c = one(text, "the clinics")
    assert c.source.name == "Paul Grant" and placed(text, c) == "who"


def test_pronoun_in_an_embedded_clause_is_the_governing_subject():
    text = "UN Secretary General Ban Ki-moon condemned what he called a \"brazen breach\" of the resolutions."
    c = one(text, "a \"brazen breach\"")
    assert c.source.name == "Ban Ki-moon" and placed(text, c) == "Ban Ki-moon"


def test_participle_takes_the_subject_of_the_main_clause():
    text = ("Senator Mark Dunn said he did not expect a vote this year, "
            "arguing that the committee had not finished its work.")
    c = one(text, "the committee")
    assert placed(text, c) == "Mark Dunn"


def test_pronoun_of_a_coordinated_clause_is_its_own_mention():
    text = "Senator Ruth Okafor praised the deal, but she said that the timeline was far too short."
    c = one(text, "the timeline")
    assert c.source.name == "Ruth Okafor" and placed(text, c) == "she"


def test_a_thing_that_shows_is_not_the_speaker():
    text = "The envoy, Karl Weiss, said the satellite images show that the camp had been moved overnight."
    c = one(text, "the camp")
    assert c.source.name == "Karl Weiss" and "images" not in placed(text, c)


def test_speaker_after_a_quote_with_a_verb_of_any_kind():
    text = ("Maria Lopez, the city's housing director, spoke first. "
            "“The water reached the second floor by midnight,” she continued.")
    c = one(text, "The water")
    assert c.source.name == "Maria Lopez" and placed(text, c) == "she" and c.cue == "continued"


def test_verb_with_particle_is_the_whole_cue():
    text = ("Anna Berg said the shelter was full. “We have no more beds for anyone,” Tom Hale went on. "
            "“The roof leaks in three places too.”")
    c = one(text, "We have")
    assert c.source.name == "Tom Hale" and c.cue == "went on"
    follow = one(text, "The roof")  # the next quote paragraph continues the latest speaker
    assert follow.source.name == "Tom Hale" and follow.source.start is None


def test_lead_in_paragraph_ending_with_a_colon():
    text = ("John Carter described the flood at length on Tuesday.\n\n"
            "Then he turned to the crowd:\n\n"
            "“The river rose two metres in an hour and took the bridge with it.”")
    c = one(text, "The river")
    assert c.source.name == "John Carter" and placed(text, c) == "he"


def test_clause_after_a_quote_must_open_at_the_mark():
    text = ("“The road is closed to everyone,” Lena Park said. “The army blocked it at noon and nobody argued.” "
            "To her surprise, the mayor agreed.")
    c = one(text, "The army")
    assert c.source.name == "Lena Park" and c.source.start is None


def test_words_that_cannot_speak_are_no_source():
    text = "“Vote early and vote often in every ward,” the banners read across the square."
    assert not any("banner" in c.source.name for c in said(text))


def test_it_said_after_a_body_names_that_body():
    text = "The union issued a statement on Friday. It said the plan would protect the workers' pensions."
    c = one(text, "the plan")
    assert c.source.name == "union" and placed(text, c) == "It" and c.source.type != "anonymous"


def test_they_said_after_a_council_names_the_council():
    text = "The Security Council met on Sunday. They said further measures would follow another test."
    c = one(text, "further measures")
    assert c.source.name == "Security Council" and placed(text, c) == "They"


def test_a_record_shows_what_its_presenter_says():
    text = "The family's lawyer, Ben Cole, said the videos show that the officer fired first."
    c = one(text, "the officer")
    assert c.source.name == "Ben Cole" and "videos" not in placed(text, c)


def test_a_clause_about_the_quote_is_not_its_speaker():
    text = ("“The budget will be balanced by next spring,” Ana Reyes said. “Every agency will share the cuts.” "
            "It’s unclear whether lawmakers agree.")
    c = one(text, "Every agency")
    assert c.source.name == "Ana Reyes" and c.source.start is None


def test_a_body_is_named_by_its_name_not_the_noun_that_says_what_it_is():
    text = ("The relief group Harrow Aid said the camp held 900 families. "
            "The news agency Tellwire reported that the road was closed. "
            "The charity Hope Bridge said supplies ran out on Monday.")
    sources = [c.source for c in said(text)]
    assert [(s.name, s.type) for s in sources] == [
        ("Harrow Aid", "group"), ("Tellwire", "media"), ("Hope Bridge", "organization"),
    ]
    assert [s.mention for s in sources] == [
        "The relief group Harrow Aid", "The news agency Tellwire", "The charity Hope Bridge",
    ]


def test_a_date_after_the_name_is_not_part_of_the_source():
    c = one("Earlier, Marenia in 2024 proposed to free the pilots in exchange.", "to free")
    assert c.source.name == "Marenia"
