"""Time stage: anchor dates, statement dates and count periods, on sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from claimledger.extract import dates

FRIDAY = date(2024, 12, 27)  # the anchor below is a Friday


def test_time_lexicon_loads():
    words = dates.time_words()
    assert words.months["dec"] == 12 and words.weekdays["tuesday"] == 1
    assert words.statement_days["yesterday"] == -1
    assert "last week" in words.statement_vague


@pytest.mark.parametrize(
    "text, published, expected",
    [
        (
            "The mayor spoke on 3 March 2023. Later, on 27 December 2024, she spoke again.",
            None,
            date(2024, 12, 27),
        ),
        ("Talks resumed on December 27, 2024 after a pause since May 2, 2021.", None, date(2024, 12, 27)),
        ("The report was dated Dec. 27, 2024.", None, date(2024, 12, 27)),
        ("Filed 2024-12-27 by the desk.", None, date(2024, 12, 27)),
        ("On 27 December 2024 the envoy arrived.", "2025-01-02", date(2025, 1, 2)),
        ("Nothing in this text is dated.", None, None),
        ("The count reached 31 February 2024 by one typo.", None, None),
    ],
)
def test_anchor_date(text, published, expected):
    assert dates.anchor_date(text, published) == expected


@pytest.mark.parametrize(
    "text, expected, phrase",
    [
        (
            "In her evening address on 27 December 2024, the minister described the losses.",
            date(2024, 12, 27),
            "on 27 December 2024",
        ),
        ("The governor said on Tuesday that the shelling continued.", date(2024, 12, 24), "on Tuesday"),
        ("Officials said on Monday night that two drones fell.", date(2024, 12, 23), "on Monday night"),
        ("The army said Friday it had repelled the attack.", date(2024, 12, 27), "Friday"),
        ("Last Friday the army said it had repelled the attack.", date(2024, 12, 20), "Last Friday"),
        ("The ministry said yesterday that the bridge was hit.", date(2024, 12, 26), "yesterday"),
        (
            "The envoy told reporters on December 20 that talks had stalled.",
            date(2024, 12, 20),
            "on December 20",
        ),
        (
            "The envoy told reporters on December 30 that talks had stalled.",
            date(2023, 12, 30),
            "on December 30",
        ),
        ("The spokesman said last week that the front was stable.", None, "last week"),
        ("The agency said earlier this month that prices rose.", None, "earlier this month"),
    ],
)
def test_statement_date(nlp, text, expected, phrase):
    doc = nlp(text)
    when, span = dates.statement_date(doc, 0, len(text), FRIDAY)
    assert when == expected
    assert span is not None and text[span[0] : span[1]] == phrase


def test_statement_date_inside_a_range_has_document_offsets(nlp):
    text = "The mayor was calm. In a statement on 2 December 2024, he said the power was back."
    doc = nlp(text)
    start = text.index("In a statement")
    when, span = dates.statement_date(doc, start, len(text), FRIDAY)
    assert when == date(2024, 12, 2)
    assert text[span[0] : span[1]] == "on 2 December 2024"


def test_statement_date_needs_an_anchor_for_relative_days(nlp):
    doc = nlp("The governor said on Tuesday that the shelling continued.")
    assert dates.statement_date(doc, 0, len(doc.text), None) == (None, None)


@pytest.mark.parametrize(
    "text",
    [
        "At least 40 people were killed in the last week, the council said.",
        "Since 24 February 2022, the monitors have counted 900 attacks.",
        "The count of 300 covers the whole war.",
        "The country, condemned for its 24 February invasion, said it would retaliate.",
    ],
)
def test_a_period_or_nothing_is_no_statement_date(nlp, text):
    doc = nlp(text)
    when, _ = dates.statement_date(doc, 0, len(text), FRIDAY)
    assert when is None


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Just in the last week alone, about 1,000 soldiers were killed or injured.",
            ("2024-12-20", "2024-12-27"),
        ),
        ("In the past week, 60 drones were shot down.", ("2024-12-20", "2024-12-27")),
        ("Last week alone, 200 people fled.", ("2024-12-20", "2024-12-27")),
        ("In the past 24 hours, 12 settlements were shelled.", ("2024-12-26", "2024-12-27")),
        ("Over three months, 5,000 homes were damaged.", ("2024-09-27", "2024-12-27")),
        ("In the last two months, 70 strikes hit the port.", ("2024-10-27", "2024-12-27")),
        ("Since February, 400 civilians have been evacuated.", ("2024-02-01", "2024-12-27")),
        ("Since the start of the war, 10,000 civilians have died.", (None, "2024-12-27")),
        ("Since the full-scale invasion began, 6 million people have left.", (None, "2024-12-27")),
        ("Since 24 February 2022, 900 attacks were recorded.", ("2022-02-24", "2024-12-27")),
        ("In 2023, 75 journalists were killed.", ("2023-01-01", "2023-12-31")),
        ("In March, 30 schools were damaged.", ("2024-03-01", "2024-03-31")),
        ("Between January and March, 90 people were detained.", ("2024-01-01", "2024-03-31")),
        ("Between November and February, 90 people were detained.", ("2023-11-01", "2024-02-29")),
        ("So far this year, 120 aid workers have been killed.", ("2024-01-01", "2024-12-27")),
        ("This year 120 aid workers have been killed.", ("2024-01-01", "2024-12-27")),
        ("Last year 150 aid workers were killed.", ("2023-01-01", "2023-12-31")),
        ("On Tuesday, 20 people were killed.", ("2024-12-24", "2024-12-24")),
        ("Over the weekend, 14 drones were downed.", ("2024-12-21", "2024-12-22")),
        ("Since Russia’s full-scale invasion, 500 schools were hit.", (None, "2024-12-27")),
        ("Since the war in the region began, 500 schools were hit.", (None, "2024-12-27")),
    ],
)
def test_period_for(nlp, text, expected):
    doc = nlp(text)
    assert dates.period_for(doc, 0, len(text), FRIDAY) == expected


def test_since_a_later_month_means_last_year(nlp):
    doc = nlp("Since October, 300 people have been displaced.")
    assert dates.period_for(doc, 0, len(doc.text), date(2024, 3, 15)) == ("2023-10-01", "2024-03-15")


def test_no_period_when_none_is_named(nlp):
    doc = nlp("More than 3,000 soldiers have been killed or wounded, the president said.")
    assert dates.period_for(doc, 0, len(doc.text), FRIDAY) is None


def test_relative_periods_need_a_reference(nlp):
    doc = nlp("In the last week, 60 drones were shot down. In 2023, 75 journalists were killed.")
    first_end = doc.text.index("In 2023")
    assert dates.period_for(doc, 0, first_end, None) is None
    assert dates.period_for(doc, first_end, len(doc.text), None) == ("2023-01-01", "2023-12-31")


def test_time_words_inside_names_are_not_dates(nlp):
    doc = nlp("Sign up to Business Today for the news. Today the minister said 12 died.")
    when, span = dates.statement_date(doc, 0, len(doc.text), FRIDAY)
    assert when == FRIDAY and doc.text[span[0] : span[1]] == "Today"


def test_the_modal_may_is_not_a_month(nlp):
    doc = nlp("The troops may march in the spring, and 5 may stay.")
    assert dates.period_for(doc, 0, len(doc.text), FRIDAY) is None
    assert dates.statement_date(doc, 0, len(doc.text), FRIDAY) == (None, None)


def test_reference_article_period(nlp):
    # Written for this test in the shape of the reference article: no publication date, one full date.
    text = (
        "In his nightly address on 27 December 2024, the president described the situation.\n"
        "The spokesman revealed that just in the last week alone, approximately 1,000 troops have been "
        "killed or injured."
    )
    doc = nlp(text)
    anchor = dates.anchor_date(text, None)
    assert anchor == date(2024, 12, 27)
    second = text.index("The spokesman")
    assert dates.period_for(doc, second, len(text), anchor) == ("2024-12-20", "2024-12-27")
    when, _ = dates.statement_date(doc, 0, second, anchor)
    assert when == date(2024, 12, 27)
