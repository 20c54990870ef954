"""Readers, HTML extraction, input checks and long-text chunking, on fixture files written for these tests."""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

import pytest

from claimledger import extract_many
from claimledger.errors import InputError
from claimledger.ingest import language
from claimledger.ingest.chunks import MAX_CHUNK_CHARS, merge, split_text
from claimledger.ingest.html import article_from_html
from claimledger.ingest.readers import holds_many, parse_jsonl_line, read_path

FIXTURES = Path(__file__).parent / "fixtures"


def test_text_file_is_one_record_with_its_exact_text():
    (record,) = read_path(FIXTURES / "flood_article.txt")
    assert record == {"text": (FIXTURES / "flood_article.txt").read_text(encoding="utf-8")}


def test_byte_order_mark_is_dropped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffThe mayor said 3 roads closed.".encode())
    (record,) = read_path(path)
    assert record["text"] == "The mayor said 3 roads closed."


def test_html_file_gives_html_record_and_trafilatura_text_with_metadata():
    (record,) = read_path(FIXTURES / "page.html")
    extracted = article_from_html(record["html"])
    assert extracted["title"] == "Bridge collapse in Korvale"
    assert extracted["published"] == "2026-02-03"
    assert extracted["outlet"] == "The Eastbrook Ledger"
    assert "At least 12 people were injured" in extracted["text"]
    assert "Copyright" not in extracted["text"] and "Home" not in extracted["text"].split()


def test_html_without_metadata_gives_nones_and_no_guessed_date():
    extracted = article_from_html(
        "<html><body><p>On 4 May 2025 the council said 9 bridges were closed.</p></body></html>"
    )
    assert extracted == {
        "text": "On 4 May 2025 the council said 9 bridges were closed.",
        "title": None,
        "published": None,
        "outlet": None,
    }


def test_html_without_main_text_gives_empty_text():
    assert article_from_html("<html><body></body></html>")["text"] == ""


@pytest.mark.parametrize("name", ["articles.jsonl", "articles.jsonl.gz"])
def test_jsonl_records_in_order_with_blank_lines_skipped(name):
    records = list(read_path(FIXTURES / name))
    assert [r["id"] for r in records] == ["a1", "a2", "a3"]
    assert records[0]["published"] == "2026-01-05" and records[0]["title"] == "Storm in Tamsby"
    assert "html" in records[2] and "text" not in records[2]
    assert holds_many(FIXTURES / name)


def test_stdin_is_plain_text(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Police said 4 cars burned.")))
    assert list(read_path("-")) == [{"text": "Police said 4 cars burned."}]
    assert not holds_many("-")


def _error(path, **kwargs) -> str:
    with pytest.raises(InputError) as info:
        list(read_path(path, **kwargs))
    return str(info.value)


def test_missing_file_is_named_at_once_before_reading():
    with pytest.raises(InputError, match="no-such-file.txt: no such file"):
        read_path(FIXTURES / "no-such-file.txt")  # no iteration: checked when called


def test_directory_is_refused():
    assert "is a directory" in _error(FIXTURES)


def test_unknown_extension_lists_what_is_read(tmp_path):
    path = tmp_path / "notes.pdf"
    path.write_text("x")
    message = _error(path)
    assert "unknown file type .pdf" in message and ".jsonl.gz" in message


def test_undecodable_text_says_to_convert_with_iconv():
    message = _error(FIXTURES / "latin1.txt")
    assert "latin1.txt is not UTF-8 text (byte 0xe9 at offset 7)" in message and "iconv" in message


def test_binary_data_is_refused():
    assert "NUL bytes" in _error(FIXTURES / "binary.txt")


def test_invalid_json_names_the_line():
    message = _error(FIXTURES / "bad.jsonl")
    assert "bad.jsonl, line 2: invalid JSON" in message and "--keep-going" in message


def test_keep_going_reports_bad_lines_and_reads_the_rest():
    errors: list[InputError] = []
    records = list(read_path(FIXTURES / "bad.jsonl", keep_going=True, on_error=errors.append))
    assert [r["id"] for r in records] == ["ok1", "ok2"]
    assert ["line 2: invalid JSON" in str(errors[0]), 'line 3: no "text" or "html"' in str(errors[1])] == [
        True,
        True,
    ]


def test_jsonl_line_checks():
    with pytest.raises(InputError, match="line 7: a JSON list, not an object"):
        parse_jsonl_line(b"[1, 2]", "x.jsonl", 7)
    with pytest.raises(InputError, match='"published" must be a string'):
        parse_jsonl_line(json.dumps({"text": "a", "published": 2026}), "x.jsonl", 1)
    assert parse_jsonl_line('{"text": "a", "extra": 1, "url": null}', "x.jsonl", 1) == {"text": "a"}


def test_corrupt_gzip_is_an_input_error(tmp_path):
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "a"}\n' * 100)[:40])
    assert "not a complete gzip file" in _error(path)


def test_language_detection():
    assert not language.looks_english((FIXTURES / "non_english.txt").read_text(encoding="utf-8"))
    assert not language.looks_english(
        "Правительство заявило во вторник, что в регионе погибли не менее 40 мирных жителей."
    )
    assert language.looks_english((FIXTURES / "flood_article.txt").read_text(encoding="utf-8"))
    assert language.looks_english("Ceasefire talks resume")  # too short to judge: no warning


def test_input_warnings():
    assert language.input_warnings("  \n") == [language.EMPTY]
    assert language.input_warnings((FIXTURES / "no_punctuation.txt").read_text()) == [language.NO_PUNCTUATION]
    assert language.input_warnings((FIXTURES / "unbalanced_quotes.txt").read_text()) == [
        language.UNBALANCED_QUOTES
    ]
    assert language.input_warnings((FIXTURES / "flood_article.txt").read_text()) == []
    # A quote running over two paragraphs opens each one and closes only the last.
    assert not language.unbalanced_quotes("“We stayed,” she said. “It was cold.\n“Then the water came.”")


def test_split_text_tiles_the_text_at_paragraph_breaks():
    paragraph = "The mayor said the bridge would reopen. " * 20 + "\n\n"
    text = paragraph * 30
    spans = split_text(text, 2000)
    assert "".join(text[s:e] for s, e in spans) == text
    assert all(e - s <= 2000 for s, e in spans)
    assert all(text[s - 2 : s] == "\n\n" for s, _ in spans[1:])


def test_split_text_of_20_mb_without_breaks_stays_under_the_limit():
    text = "x" * 20_000_000
    spans = split_text(text)
    assert (
        spans[0] == (0, MAX_CHUNK_CHARS)
        and spans[-1][1] == len(text)
        and len(spans) == 20_000_000 // MAX_CHUNK_CHARS
    )


def test_chunked_extraction_keeps_offsets_into_the_whole_text():
    block = 'Officials in Tamsby said at least 12 homes were flooded. "We need pumps," the mayor said.\n\n'
    text = block * 40
    (whole,) = extract_many([text], max_chars=1000)
    (single,) = extract_many([block])
    assert whole.text == text and len(whole.claims) == 40 * len(single.claims) > 0
    assert [c.id for c in whole.claims] == [f"c{i}" for i in range(1, len(whole.claims) + 1)]
    for claim in whole.claims:
        assert text[claim.start : claim.end] == claim.text
        if claim.cue_start is not None:
            assert text[claim.cue_start : claim.cue_end] == claim.cue
        if claim.source is not None and claim.source.start is not None:
            assert text[claim.source.start : claim.source.end] == claim.source.mention
        for figure in claim.figures:
            assert text[figure.start : figure.end] == figure.text


def test_chunked_extraction_of_html_records_and_warnings():
    html = (FIXTURES / "page.html").read_text(encoding="utf-8")
    page, empty, german = extract_many(
        [{"html": html, "id": "p"}, "", (FIXTURES / "non_english.txt").read_text(encoding="utf-8")]
    )
    assert page.input_id == "p" and page.article.title == "Bridge collapse in Korvale"
    assert page.article.published == "2026-02-03" and page.text.startswith("Bridge collapse in Korvale")
    assert empty.claims == [] and empty.warnings == [language.EMPTY]
    assert german.claims == [] and german.warnings == [language.NOT_ENGLISH]


def test_merge_of_one_piece_is_the_result_itself():
    (result,) = extract_many(["Police said 4 cars burned."])
    assert merge(result.text, [(0, result)]) is result


def test_chunked_extraction_keeps_input_order_around_long_texts():
    long = "The mayor said the bridge would reopen soon. " * 100
    records = [
        {"id": str(i), "text": long if i % 3 == 1 else f"Police said {i} cars burned."} for i in range(7)
    ]
    results = list(extract_many(records, max_chars=1000))
    assert [r.input_id for r in results] == [str(i) for i in range(7)]
    assert [len(r.text) for r in results] == [len(r["text"]) for r in records]


def test_one_process_batches_close_at_a_character_budget(monkeypatch):
    from claimledger.extract import pipeline

    monkeypatch.setattr(pipeline, "BATCH_CHARS", 100)
    run = [{"text": "x" * n} for n in (30, 30, 30, 30, 250, 10, 10)]
    sizes = [[len(r["text"]) for r in batch] for batch in pipeline._batches(run, 8)]
    # at most 100 characters a batch, except a record longer than that, which goes alone
    assert sizes == [[30, 30, 30], [30], [250], [10, 10]]
    assert [len(b) for b in pipeline._batches(run, 2)] == [2, 2, 1, 2]


def test_batched_extraction_keeps_input_order(monkeypatch):
    from claimledger.extract import pipeline

    monkeypatch.setattr(pipeline, "BATCH_CHARS", 60)
    texts = [f"Officials said {n} people were evacuated from the valley." for n in range(11, 17)]
    results = list(extract_many(texts, batch_size=4))
    assert [r.claims[0].figures[0].value for r in results] == [11, 12, 13, 14, 15, 16]
