"""Non-responses: the silent party is the source of a no_response claim."""

from __future__ import annotations

import pytest

import claimledger


@pytest.mark.parametrize(
    "text, source",
    [
        ("There was no immediate response from the Interior Ministry.", "Interior Ministry"),
        ("The army declined to comment on the figures.", "army"),
        ("The embassy refrained from commenting on the reports.", "embassy"),
        ("A spokesperson for the company did not respond to a request for comment.", "spokesperson for the company"),
        ("The governor's office could not be reached for comment.", "governor's office"),
        ("Reporters reached out to the ministry but received no reply.", "ministry"),
    ],
)
def test_non_response_phrasings(text, source):
    found = [c for c in claimledger.extract(text).claims if c.kind == "no_response"]
    assert len(found) == 1, text
    claim = found[0]
    assert claim.source.name.endswith(source) or source in claim.source.name, claim.source
    assert claim.figures == []
    assert text[claim.start:claim.end] == claim.text


def test_a_statement_is_not_a_non_response():
    found = claimledger.extract("The ministry responded to the allegations on Friday.").claims
    assert not [c for c in found if c.kind == "no_response"]
