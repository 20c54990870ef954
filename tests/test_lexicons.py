"""Every data file of the package loads and has the shape its stage reads."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from claimledger.lexicon import load_json
from claimledger.model import MEASURES

DATA = resources.files("claimledger").joinpath("data")


@pytest.mark.parametrize("path", sorted(p.name for p in DATA.iterdir() if p.name.endswith(".json")))
def test_every_json_data_file_parses(path):
    assert json.loads(DATA.joinpath(path).read_text("utf-8"))


def test_cue_verbs_have_known_kinds():
    cues = load_json("cues.json")
    assert set(cues["verbs"].values()) <= {"clause", "object", "toll", "call"}
    assert {"say", "tell", "estimate", "warn", "urge", "describe"} <= set(cues["verbs"])
    uncued_thoughts = {"know", "want", "doubt", "suspect", "feel"}
    assert set(cues["clause_only_verbs"]) | set(cues["cognition_verbs"]) <= set(cues["verbs"]) | uncued_thoughts
    assert "reports" in cues["hedge_nouns"] and "allegedly" in cues["hedge_words"]


def test_source_lexicon():
    lex = load_json("sources.json")
    assert lex["nationalities"]["ukrainian"] == "Ukraine"
    assert "spokesperson" in lex["titles"] and "ministry" in lex["government_heads"]
    assert "officials" in lex["anonymous_heads"] and "reuters" in lex["media_heads"]


def test_non_response_lexicon():
    lex = load_json("nonresponse.json")
    assert {"decline", "refuse", "refrain"} <= set(lex["refusal_verbs"])
    assert "response" in lex["response_nouns"]


def test_measure_names_in_the_format():
    assert len(MEASURES) == len(set(MEASURES)) and "killed_or_wounded" in MEASURES
