"""The shipped demo corpus: well-formed articles, and an expected-series file consistent with them."""

from __future__ import annotations

import json
import re
from datetime import date
from importlib import resources

DEMO = resources.files("claimledger") / "data" / "demo"
FIELDS = ["id", "url", "title", "outlet", "published", "text"]


def _articles() -> dict[str, dict]:
    lines = DEMO.joinpath("articles.jsonl").read_text(encoding="utf-8").splitlines()
    return {a["id"]: a for a in (json.loads(line) for line in lines if line.strip())}


def _expected() -> dict:
    text = DEMO.joinpath("expected_series.md").read_text(encoding="utf-8")
    block = re.search(r"```json\n(.*?)\n```", text, re.S)
    assert block, "expected_series.md has no ```json block"
    return json.loads(block.group(1))


def test_articles_are_well_formed():
    articles = _articles()
    assert len(articles) == 12
    outlets = {a["outlet"] for a in articles.values()}
    assert len(outlets) >= 5
    for article in articles.values():
        assert list(article) == FIELDS
        assert article["url"].startswith("https://example.org/")
        assert 150 <= len(article["text"].split()) <= 350, article["id"]
        assert date(2026, 1, 1) <= date.fromisoformat(article["published"]) <= date(2026, 3, 31)
    assert len({a["url"] for a in articles.values()}) == 12


def test_corpus_has_the_features_it_promises():
    text = "\n".join(a["text"] for a in _articles().values())
    for phrase in ("declined to comment", "did not respond to a request for comment",
                   "no immediate response from", "told reporters", "according to", "estimated", "warned",
                   "\n- ", "\n• ", "“", '"'):
        assert phrase in text, phrase
    for spelling in ("Jemal Orsak", "Djemal Orsakh", "Dzhemal Orsak", "Aurel Venkov", "Aurel Vencov"):
        assert spelling in text, spelling


def test_readme_says_it_is_fictional():
    readme = DEMO.joinpath("README.md").read_text(encoding="utf-8")
    assert "fictional" in readme.lower()


def test_expected_series_match_the_articles():
    articles = _articles()
    series = _expected()["series"]
    ids = {e["id"] for s in series for e in s["estimates"]}
    for s in series:
        for estimate in s["estimates"]:
            for outlet, article_id in estimate["outlets"]:
                article = articles[article_id]
                assert article["outlet"] == outlet, (estimate["id"], article_id)
                assert estimate["text"].lower() in article["text"].lower(), (estimate["id"], article_id)
            assert estimate["superseded_by"] is None or estimate["superseded_by"] in ids
            # A revision comes from the same source, later.
            if estimate["superseded_by"]:
                newer = next(e for e in s["estimates"] if e["id"] == estimate["superseded_by"])
                assert newer["source"] == estimate["source"] and newer["stated_on"] > estimate["stated_on"]
            for other_id in estimate["disagrees_with"]:
                other = next(e for e in s["estimates"] if e["id"] == other_id)
                assert other["source"] != estimate["source"]
                assert estimate["id"] in other["disagrees_with"]
    assert sum(1 for s in series for e in s["estimates"] if len(e["outlets"]) > 1) >= 4
    assert sum(1 for s in series for e in s["estimates"] if e["superseded_by"]) >= 4


def test_expected_no_responses_are_in_their_articles():
    articles = _articles()
    for item in _expected()["no_responses"]:
        text = articles[item["article"]]["text"]
        assert item["source"] in text and item["cue"] in text, item


def _interval(estimate: dict) -> tuple[float, float]:
    """The interval by the rule stated in expected_series.md (approx is ±10%)."""
    bound, value, low, high = estimate["bound"], estimate["value"], estimate["low"], estimate["high"]
    if bound == "exact":
        return value, value
    if bound == "approx":
        return value * 0.9, value * 1.1
    if bound in ("gt", "ge"):
        return low, float("inf")
    if bound in ("lt", "le"):
        return float("-inf"), high
    return low, high


def test_expected_disagreements_follow_the_stated_rule():
    for s in _expected()["series"]:
        estimates = s["estimates"]
        for a in estimates:
            for b in estimates:
                if a["source"] == b["source"]:
                    continue
                (a_low, a_high), (b_low, b_high) = _interval(a), _interval(b)
                apart = a_high < b_low or b_high < a_low
                assert (b["id"] in a["disagrees_with"]) == apart, (a["id"], b["id"])
