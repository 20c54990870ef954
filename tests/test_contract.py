"""The JSON that `extract` writes is exactly the claims format, version 1: every field, no renames."""

from __future__ import annotations

import json

import claimledger
from claimledger.model import BOUNDS, MEASURES, SOURCE_TYPES

ARTICLE = {"id", "url", "title", "outlet", "published", "language"}
CLAIM = {"id", "kind", "source", "cue", "cue_start", "cue_end", "direct", "text", "start", "end",
         "stated_on", "hedged", "figures"}
SOURCE = {"name", "mention", "start", "end", "type", "role", "affiliation"}
FIGURE = {"text", "start", "end", "value", "low", "high", "bound", "unit", "counted", "measure", "subject",
          "location", "period"}
LOCATION = {"name", "resolved", "country", "admin1", "geonameid", "lat", "lon", "precision"}

TEXT = (
    "Kharkiv regional governor Oleh Synehubov said at least 12 people were killed and 40 wounded in Kharkiv "
    "on Tuesday. “We are still searching the rubble,” he said.\n"
    "According to the UN refugee agency, more than 3,000 people have fled the city in the past week.\n"
    "The defence ministry declined to comment."
)


def test_every_field_of_the_format_and_nothing_renamed():
    out = json.loads(claimledger.extract(TEXT, published="2026-03-12").to_json())
    assert set(out) == {"format_version", "article", "claims"} and out["format_version"] == 1
    assert set(out["article"]) == ARTICLE
    assert out["claims"], "the text holds claims"
    kinds = set()
    for claim in out["claims"]:
        assert set(claim) == CLAIM
        kinds.add(claim["kind"])
        assert claim["source"] is None or set(claim["source"]) == SOURCE
        if claim["source"] is not None:
            assert claim["source"]["type"] in SOURCE_TYPES
        assert TEXT[claim["start"]:claim["end"]] == claim["text"]
        for figure in claim["figures"]:
            assert set(figure) == FIGURE
            assert figure["bound"] in BOUNDS and figure["measure"] in MEASURES
            assert TEXT[figure["start"]:figure["end"]] == figure["text"]
            assert figure["location"] is None or set(figure["location"]) == LOCATION
            assert figure["period"] is None or set(figure["period"]) == {"start", "end"}
    assert kinds == {"statement", "no_response"}


def test_include_text_adds_the_analysed_text():
    out = claimledger.extract(TEXT).to_dict(include_text=True)
    assert out["article"]["text"] == TEXT


def test_same_input_same_output():
    assert claimledger.extract(TEXT).to_json() == claimledger.extract(TEXT).to_json()
