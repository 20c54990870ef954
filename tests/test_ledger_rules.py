"""Ledger rules without a database: name keys, titles, subjects, timelines, and their data files."""

from __future__ import annotations

import pytest

from claimledger.ledger.db import database_url
from claimledger.ledger.series import build_timeline, load_subject_rules, normalise_subject
from claimledger.ledger.sources import load_rules, name_key, strip_title


def test_source_rules_data_file_loads() -> None:
    rules = load_rules()
    assert rules.known[name_key("Zelenskiy")]["name"] == "Volodymyr Zelenskyy"
    assert name_key("president") in rules.titles
    assert rules.endings["iy"] == "y"


def test_subject_rules_data_file_loads() -> None:
    rules = load_subject_rules()
    assert "soldiers" in rules.group_nouns and rules.canonical_group == "troops"
    assert "spokesperson" in rules.speaks_for_roles


@pytest.mark.parametrize("name", ["Zelenskyy", "Zelensky", "Zelenskiy", "ZELENSKYY"])
def test_transliterations_share_a_key(name: str) -> None:
    assert name_key(name) == "zelensky"


def test_name_key_folds_articles_possessives_accents_and_spelling() -> None:
    assert name_key("the White House") == name_key("White House") == "white house"
    assert name_key("Ukraine's Defense Ministry") == name_key("Ukraine Defence Ministry")
    assert name_key("Émile Durand") == "emile durand"


def test_strip_title_keeps_the_name_and_the_prefix() -> None:
    assert strip_title(name_key("Ukrainian President Volodymyr Zelenskyy")) == (
        "volodymyr zelensky", "ukrainian president")
    kirby = strip_title(name_key("White House spokesperson John Kirby"))
    assert kirby == ("john kirby", "white house spokesperson")
    assert strip_title(name_key("the Ukrainian president")) == ("ukrainian president", None)


@pytest.mark.parametrize("subject", ["North Korean soldiers", "North Korean troops", "North Koreans",
                                     "the North Korean servicemen"])
def test_subjects_of_one_group_normalise_alike(subject: str) -> None:
    assert normalise_subject(subject) == "north korean"


def test_subject_normalisation_keeps_different_groups_apart() -> None:
    assert normalise_subject("civilians") == "civilian"
    assert normalise_subject("children") == "children"
    assert normalise_subject("soldiers") == "troops"
    assert normalise_subject(None) == ""


def test_database_url_forms(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAIMLEDGER_DB", raising=False)
    assert database_url(None) == "sqlite:///claimledger.db"
    assert database_url("data/x.db") == "sqlite:///data/x.db"
    assert database_url("postgresql://u@h/db").startswith("postgresql+psycopg://u@h/db")
    monkeypatch.setenv("CLAIMLEDGER_DB", "other.db")
    assert database_url(None) == "sqlite:///other.db"


def _row(fid: int, source_id: int | None, value: float | None, when: str, outlet: str, *,
         bound: str = "exact", low: float | None = None, high: float | None = None, start: str | None = None,
         end: str | None = None) -> dict:
    return {"figure_id": fid, "source_id": source_id, "source": f"S{source_id}" if source_id else None,
            "source_type": "person", "value": value, "low": low, "high": high, "bound": bound,
            "period_start": start, "period_end": end, "stated_on": when, "published": when, "outlet": outlet,
            "article_hash": f"h{fid}", "url": None, "figure_text": str(value)}


def test_periods_that_do_not_overlap_are_not_disagreements() -> None:
    timeline = build_timeline([
        _row(1, 1, 100, "2026-01-10", "A", start="2026-01-01", end="2026-01-07"),
        _row(2, 2, 900, "2026-01-20", "B", start="2026-01-12", end="2026-01-19"),
        _row(3, 3, 500, "2026-01-20", "C", start="2026-01-15", end="2026-01-19"),
    ])
    assert [e.disagrees_with for e in timeline] == [[], [2], [1]]


def test_approximate_and_open_bounds_overlap_generously() -> None:
    timeline = build_timeline([
        _row(1, 1, 1000, "2026-01-10", "A", bound="approx"),
        _row(2, 2, 1080, "2026-01-10", "B"),
        _row(3, 3, 500, "2026-01-11", "C", bound="gt", low=500),
    ])
    assert all(e.disagrees_with == [] for e in timeline)


def test_an_old_figure_quoted_beside_a_new_one_is_the_old_estimate() -> None:
    # "Now at least 57. It had previously put the toll at 40": the 40 is the earlier estimate again.
    def in_article(row: dict, article: str) -> dict:
        return {**row, "article_hash": article}

    timeline = build_timeline([
        in_article(_row(1, 1, 40, "2026-01-15", "A", bound="ge", low=40), "a1"),
        in_article(_row(2, 1, 57, "2026-01-22", "B", bound="ge", low=57), "b1"),
        in_article(_row(3, 1, 40, "2026-01-22", "B"), "b1"),
        in_article(_row(4, 1, 45, "2026-01-23", "C"), "c1"),  # alone in its article: a new estimate
    ])
    assert [(e.low or e.value, e.outlets, e.revises) for e in timeline] == [
        (40, ["A", "B"], []), (57, ["B"], [0]), (45, ["C"], [1]),
    ]


def test_a_revision_needs_the_same_source_and_a_later_date() -> None:
    timeline = build_timeline([
        _row(1, 1, 100, "2026-01-10", "A"),
        _row(2, 1, 100, "2026-01-11", "B"),  # same figure, same source: corroboration, not a revision
        _row(3, 1, 150, "2026-01-15", "A"),
        _row(4, 2, 140, "2026-01-16", "C"),
    ])
    assert [(e.value, e.outlets, e.superseded_by, e.revises) for e in timeline] == [
        (100, ["A", "B"], 1, []), (150, ["A"], None, [0]), (140, ["C"], None, [])
    ]
