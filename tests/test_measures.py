"""Measures and subjects of figures, on sentences written for these tests."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest

from claimledger.extract.measures import measure_for, measure_lexicon, subject_for, subject_lexicon
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
