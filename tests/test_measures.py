"""Measures and subjects of figures, on sentences written for these tests."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest

from claimledger.extract.measures import (
    describe_figures,
    measure_for,
    measure_lexicon,
    split_glued,
    subject_for,
    subject_lexicon,
)
from claimledger.extract.numbers import find_quantities
from claimledger.model import MEASURES


def _measures(nlp, text: str) -> list[tuple[str, str]]:
    doc = nlp(text)
    return [(q.text, measure_for(doc, q)) for q in find_quantities(doc) if q.is_figure]


@pytest.mark.parametrize("name", ["measures.json", "subjects.json"])
def test_data_files_load(name: str) -> None:
    data = json.loads(files("claimledger.data").joinpath(name).read_text(encoding="utf-8"))
    assert "_about" in data


def test_lexicons_use_claims_format_measures() -> None:
    lex = measure_lexicon()
    assert set(lex.words.values()) | set(lex.phrases.values()) <= set(MEASURES)
    assert lex.phrases[("killed", "or", "wounded")] == "killed_or_wounded"
    assert subject_lexicon().groups[("soldiers",)] == "troops"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("More than 3,000 North Korean soldiers have been killed or wounded.", "killed_or_wounded"),
        ("Officials said 400 soldiers were killed and wounded in May.", "killed_or_wounded"),
        ("Approximately 1,000 North Korean troops have been killed or injured.", "killed_or_wounded"),
        ("The army reported 1,200 casualties.", "killed_or_wounded"),
        ("At least 30 people died in the fire.", "killed"),
        ("The death toll rose to 85.", "killed"),
        ("Some 14 civilians were injured.", "wounded"),
        ("Ukraine said it had captured 200 soldiers.", "captured"),
        ("About 40 sailors are still missing.", "missing"),
        ("Around 12,000 North Korean troops stationed in the Kursk region.", "deployed"),
        ("Approximately 12,000 North Korean troops in Kursk", "deployed"),
        ("Moscow sent 5,000 more troops to the border.", "deployed"),
        ("More than 20,000 people were forced to flee their homes.", "displaced"),
        ("The war has left 6 million refugees.", "displaced"),
        ("About 3,000 residents were evacuated.", "evacuated"),
        ("Police arrested 75 protesters.", "detained"),
        ("Gunmen abducted 30 pupils.", "kidnapped"),
        ("Divers rescued 12 fishermen.", "rescued"),
        ("The exchange released 95 prisoners of war.", "released"),
        ("About 150 miners were trapped underground.", "trapped"),
        ("The army launched 40 strikes overnight.", "attacks"),
        ("The storm destroyed 200 homes.", "destroyed"),
        ("Shelling damaged 35 buildings.", "damaged"),
        ("The regiment lost 300 tanks.", "lost"),
        ("The ministry spent $5 million on roads.", "other"),
    ],
)
def test_measure(nlp, text: str, expected: str) -> None:
    found = _measures(nlp, text)
    assert found, text
    assert found[0][1] == expected


def test_nearest_measure_word_wins(nlp) -> None:
    assert _measures(nlp, "The attack left 57 killed and 169 injured.") == [
        ("57", "killed"),
        ("169", "wounded"),
    ]


@pytest.mark.parametrize(
    ("counted", "subject"),
    [
        ("North Korean soldiers", "North Korean troops"),
        ("North Korean troops", "North Korean troops"),
        ("North Korean forces", "North Korean troops"),
        ("North Koreans", "North Korean troops"),
        ("Ukrainian soldiers", "Ukrainian troops"),
        ("civilians", "civilians"),
        ("the civilians", "civilians"),
        ("Russian servicemen", "Russian troops"),
        ("trucks", None),
        (None, None),
    ],
)
def test_subject(counted: str | None, subject: str | None) -> None:
    assert subject_for(counted) == subject


def test_demonym_alone_outside_fighting_is_the_people() -> None:
    assert subject_for("Ukrainians", "displaced") == "Ukrainians"
    assert subject_for("Ukrainians", "killed") == "Ukrainian troops"


def test_second_clause_takes_its_own_measure(nlp) -> None:
    text = "Eight people have been killed and four have been wounded."
    assert _measures(nlp, text) == [("Eight", "killed"), ("four", "wounded")]


def _described(nlp, text: str) -> list[tuple[str, str, str | None]]:
    doc = nlp(text)
    quantities = [q for q in find_quantities(doc) if q.is_figure]
    described = describe_figures(doc, quantities)
    return [(q.text, measure, counted) for q, (measure, counted) in zip(quantities, described, strict=True)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # displacement words and phrases
        ("The floods led to the displacement of 7,400 people.", "displaced"),
        ("Roughly 650 families took refuge in a mosque.", "displaced"),
        ("About 2,000 residents sought shelter in churches.", "displaced"),
        ("Some 3,100 people were in shelters on Sunday.", "displaced"),
        ("The clashes caused the relocation of 1,900 people to the district capital.", "displaced"),
        ("Nearly 5,000 people were moved to safety before the cyclone.", "evacuated"),
        ("More than 400 houses collapsed in the quake.", "destroyed"),
        ("The tremor partially destroyed 2,600 homes.", "damaged"),
        # a measure word glued to its neighbour by PDF extraction
        ("Some 8,000 people weredisplaced by the storm.", "displaced"),
        ("The cyclone displacedabout 12,000 people.", "displaced"),
        ("Around 9,500 people hadevacuated by noon.", "evacuated"),
    ],
)
def test_displacement_measures(nlp, text: str, expected: str) -> None:
    found = _described(nlp, text)
    assert found, text
    assert found[0][1] == expected


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        # nouns glued or hyphen-broken by PDF extraction
        ("Nearly 52,000 peoplewere moved to safety.", "people"),
        ("Fighting uprooted about 6,300 peoplebetween May and July.", "people"),
        ("Some 3,100 fami-lies were uprooted.", "families"),
        ("Around 45,000 newdisplacements were recorded.", "new displacements"),
        ("Tents for more than 30,000 displacedpeople are planned.", "displaced people"),
        ("The storm displaced 8,214 people,151 of whom stayed in schools.", "people"),
        ("Officials expect between two and 2.5 million peoplecould flee.", "people"),
        # the noun after the number that the noun-phrase reader misses
        ("About 72,000 new and repeated displacements took place in May.", "new and repeated displacements"),
        ("About  800  internally  displaced  Syrians  waited at the border.", "internally displaced Syrians"),
        ("About 21,000 flood-related displacements were reported.", "flood-related displacements"),
        # the noun named elsewhere in the sentence
        ("This raises to nearly 51,000 the overall number of people uprooted in the district.", "people"),
        ("The total number of registered returnees from Iran this year now stands at about 84,000.",
         "registered returnees"),
        ("The number of IDPs in the province fell by around 20,000.", "IDPs"),
        ("Buses left on Monday, and 400 of the 2,500 villagers had left by night.", "villagers"),
        ("The village, which had a population of 2,300, was flattened.", "population"),
    ],
)
def test_counted_phrase_mended_or_found(nlp, text: str, counted: str) -> None:
    found = _described(nlp, text)
    assert found, text
    assert found[0][2] == counted


def test_bare_count_takes_the_noun_of_an_earlier_figure_of_its_measure(nlp) -> None:
    text = "About 1,800 families fled the floods in the north. In the south, 900 fled to higher ground."
    assert [c for _, _, c in _described(nlp, text)] == ["families", "families"]
    # not from another paragraph, and not from a figure of another measure
    text = "About 1,800 families fled the floods.\n\nOfficials said 900 were evacuated from the coast."
    assert _described(nlp, text)[1][2] == "people"
    text = "Some 40 houses were destroyed. Later, 300 were evacuated."
    assert _described(nlp, text)[1][2] == "people"


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        ("More than 35,000 were displaced northwards by the fighting.", "people"),
        ("Close to 7,000 fled towards the coast.", "people"),
        ("Some 5,000 are expected to be evacuated.", "people"),
        # no noun is implied when the bare count is not the subject, or its measure is not people-only
        ("The fighting displaced 35,000 in two weeks.", None),
        ("Prices rose and 300 were destroyed.", None),
    ],
)
def test_implied_counted_noun(nlp, text: str, counted: str | None) -> None:
    assert _described(nlp, text)[0][2] == counted


def test_split_glued() -> None:
    glue = measure_lexicon().glue
    people = subject_lexicon().people_nouns
    assert split_glued("peoplewere", people, glue) == ("", "people", "were")
    assert split_glued("newdisplacements", people, glue) == ("new", "displacements", "")
    assert split_glued("fledShirqat", measure_lexicon().words.keys(), glue) == ("", "fled", "Shirqat")
    for word in ("townspeople", "people", "households", "represent", "deadline", "killers"):
        assert split_glued(word, people | measure_lexicon().words.keys(), glue) is None, word


def test_demonyms_count_people_for_idetect() -> None:
    from claimledger.evaluation.displacement_benchmark import counts_people_or_households

    assert counts_people_or_households("South Sudanese")
    assert counts_people_or_households("undocumented Afghans")
    assert counts_people_or_households("Syrians")
    assert not counts_people_or_households("telegraph poles")


def test_no_noun_across_a_line_break_or_back_to_a_named_pair(nlp) -> None:
    assert _described(nlp, "Storms leave 3 injured\nLocal police said the roads were closed.")[0][2] is None
    text = "Two convoys left the city. Officials said the two were evacuated separately."
    assert [c for t, _, c in _described(nlp, text) if t == "two"] == [None]


def test_measure_completing_have_governs_across_an_aside(nlp) -> None:
    text = "In one district, about 3,000 households (14,000 people) had their houses destroyed by the storm."
    assert ("about 3,000", "destroyed", "households") in _described(nlp, text)
