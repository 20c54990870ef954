"""Quotation marks found on the raw text."""

from __future__ import annotations

from claimledger.extract.quotes import find_quotes


def spans(text):
    return [(text[q.start:q.end], q.continuation) for q in find_quotes(text)]


def test_curly_and_straight_marks():
    text = 'She said, “The convoy left at dawn today.” He said, "Nobody came back from there."'
    assert [s for s, _ in spans(text)] == ["The convoy left at dawn today.", "Nobody came back from there."]


def test_doubled_apostrophes_stand_for_quotation_marks():
    text = "He said, ''We will rebuild the whole market,'' and left."
    assert [s for s, _ in spans(text)] == ["We will rebuild the whole market,"]


def test_quote_continued_in_the_next_paragraph():
    text = "“The first blast woke the whole street.\n“By noon we had no water at all,” she said."
    assert spans(text) == [("The first blast woke the whole street.", False), ("By noon we had no water at all,", True)]


def test_unbalanced_quote_is_ignored():
    assert spans("He called it “a disgrace and walked out of the hall.\nThe session ended.") == []


def test_scare_quotes_are_not_quotes():
    assert spans("The minister called the strikes “barbaric” on Monday.") == []


def test_short_quote_that_ends_an_utterance_is_kept():
    found = find_quotes("“We were floored,” he said.")
    assert len(found) == 1 and found[0].short


def test_closing_mark_that_starts_a_word_opens_a_quote():
    text = "”The shelters are full and the roads are closed,” said the mayor.\n”Nobody told us anything.” — a resident"
    assert [s for s, _ in spans(text)] == ["The shelters are full and the roads are closed,", "Nobody told us anything."]


def test_closing_mark_after_a_word_still_closes():
    assert spans("He said the plan was “dead on arrival and beyond repair”, then left.") == [
        ("dead on arrival and beyond repair", False)]


def test_titles_in_quotation_marks_are_not_speech():
    text = ('"We lost everything," she said on "Morning Edition." '
            'Viewers can stream "Nine Days in Varno" tonight. He said "we will rebuild the bridge."')
    quoted = [text[q.start:q.end] for q in find_quotes(text)]
    assert quoted == ["We lost everything,", "we will rebuild the bridge."]
