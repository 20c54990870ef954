"""The reference article: every claim and figure of ../shared/seed/expected.json, under its _notes rules."""

from __future__ import annotations

import json

import pytest

import claimledger
from conftest import shared_path


def _overlap_ok(a: tuple[int, int], b: tuple[int, int]) -> bool:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter >= min(a[1] - a[0], b[1] - b[0]) / 2


def _same_source(expected: dict | None, got, claim_id: str) -> bool:
    if claim_id in {"c6", "c7"}:  # the notes allow source null or the source the bullet restates
        return got is None or got.name in {"Volodymyr Zelenskyy", "Ukrainian and Western intelligence"}
    if expected is None:
        return got is None
    if got is None:
        return False
    surname = expected["name"].split()[-1]
    return got.name == expected["name"] or surname in got.name.split()


def _head(counted: str | None) -> str | None:
    return counted.split()[-1].lower() if counted else None


@pytest.fixture(scope="module")
def seed():
    text = shared_path("seed", "article.txt").read_text("utf-8")
    expected = json.loads(shared_path("seed", "expected.json").read_text("utf-8"))
    return text, expected, claimledger.extract(text)


def test_offsets_point_into_the_text(seed):
    text, _, result = seed
    for claim in result.claims:
        assert text[claim.start:claim.end] == claim.text
        if claim.cue is not None:
            assert text[claim.cue_start:claim.cue_end] == claim.cue
        if claim.source is not None and claim.source.start is not None:
            assert text[claim.source.start:claim.source.end] == claim.source.mention
        for figure in claim.figures:
            assert text[figure.start:figure.end] == figure.text


def test_claim_and_figure_counts(seed):
    _, expected, result = seed
    assert len(result.claims) == len(expected["claims"]) == 16
    assert len([f for c in result.claims for f in c.figures]) == 5


@pytest.mark.parametrize("index", range(16))
def test_each_expected_claim(seed, index):
    _, expected, result = seed
    want = expected["claims"][index]
    matches = [
        c for c in result.claims
        if c.kind == want["kind"] and _overlap_ok((c.start, c.end), (want["start"], want["end"]))
    ]
    assert matches, f"{want['id']}: no claim overlaps {want['text']!r}"
    got = matches[0]
    assert _same_source(want["source"], got.source, want["id"]), (want["id"], got.source)
    assert got.direct == want["direct"], want["id"]
    assert len(got.figures) == len(want["figures"]), (want["id"], got.figures)
    for wf, gf in zip(want["figures"], got.figures, strict=True):
        assert (gf.value, gf.low, gf.high, gf.bound, gf.measure) == (
            wf["value"], wf["low"], wf["high"], wf["bound"], wf["measure"]), want["id"]
        assert _head(gf.counted) == _head(wf["counted"]), want["id"]


def test_last_week_is_anchored_on_the_latest_date(seed):
    _, _, result = seed
    figure = next(f for c in result.claims for f in c.figures if f.text == "approximately 1,000")
    assert figure.period is not None
    assert (figure.period.start, figure.period.end) == ("2024-12-20", "2024-12-27")


def test_kursk_resolves_to_the_oblast(seed):
    _, _, result = seed
    figure = next(f for c in result.claims for f in c.figures if f.text == "Approximately 12,000")
    assert figure.location is not None
    assert (figure.location.resolved, figure.location.country) == ("Kursk Oblast", "RU")
