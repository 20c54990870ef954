"""The real `claimledger` command: click's runner in-process and the installed script in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import claimledger
from claimledger.cli import main
from claimledger.ingest import chunks, language
from claimledger.render import render_text

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = Path(claimledger.__file__).parent / "data" / "sample" / "sample_article.txt"
SCRIPT = Path(sys.executable).parent / "claimledger"


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def ok(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output + result.stderr
    return result.stdout


def failed(*args: str, code: int = 1) -> str:
    result = run(*args)
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    return result.stderr


def test_version():
    assert ok("--version").strip() == f"claimledger, version {claimledger.__version__}"


def test_every_command_documents_an_example():
    assert "Example:" in main.help
    for command in main.commands.values():
        assert "Example:" in command.help and f"claimledger {command.name}" in command.help


def test_json_is_the_api_result_for_a_text_file():
    out = json.loads(ok("extract", str(FIXTURES / "flood_article.txt"), "--published", "2026-02-01"))
    expected = claimledger.extract(
        (FIXTURES / "flood_article.txt").read_text(encoding="utf-8"), published="2026-02-01"
    )
    assert out == expected.to_dict()
    assert out["format_version"] == 1 and "text" not in out["article"]


def test_include_text_returns_the_text_offsets_point_into():
    out = json.loads(ok("extract", str(FIXTURES / "flood_article.txt"), "--include-text"))
    text = out["article"]["text"]
    assert text == (FIXTURES / "flood_article.txt").read_text(encoding="utf-8")
    for claim in out["claims"]:
        assert text[claim["start"] : claim["end"]] == claim["text"]


def test_html_file_uses_the_extracted_text_and_page_metadata():
    out = json.loads(ok("extract", str(FIXTURES / "page.html"), "--include-text"))
    assert out["article"]["title"] == "Bridge collapse in Korvale"
    assert out["article"]["published"] == "2026-02-03" and out["article"]["outlet"] == "The Eastbrook Ledger"
    assert "footbridge collapsed" in out["article"]["text"]


def test_published_option_overrides_the_page_date():
    out = json.loads(ok("extract", str(FIXTURES / "page.html"), "--published", "2026-02-09"))
    assert out["article"]["published"] == "2026-02-09"


@pytest.mark.parametrize("bad", ["2026-13-01", "12/03/2026", "2026-3-12", "yesterday"])
def test_bad_published_date_is_a_usage_error(bad):
    message = failed("extract", str(FIXTURES / "flood_article.txt"), "--published", bad, code=2)
    assert "YYYY-MM-DD" in message


@pytest.mark.parametrize("name", ["articles.jsonl", "articles.jsonl.gz"])
def test_jsonl_output_one_line_per_input_with_its_id(name):
    lines = ok("extract", str(FIXTURES / name), "--format", "jsonl").splitlines()
    docs = [json.loads(line) for line in lines]
    assert [d["_doc"] for d in docs] == ["a1", "a2", "a3"]
    assert (
        docs[0]["article"]["title"] == "Storm in Tamsby" and docs[0]["article"]["published"] == "2026-01-05"
    )
    assert docs[2]["article"]["url"] == "https://example.org/korvale"


def test_json_output_of_a_jsonl_input_is_an_array_in_input_order():
    out = json.loads(ok("extract", str(FIXTURES / "articles.jsonl")))
    expected = [
        r.to_dict()
        for r in claimledger.extract_many(
            [
                {
                    "text": "At least 30 trees fell across roads in Tamsby overnight, police said.",
                    "title": "Storm in Tamsby",
                    "published": "2026-01-05",
                }
            ]
        )
    ]
    assert isinstance(out, list) and len(out) == 3 and out[0] == expected[0]


def test_table_view_shows_every_claim():
    out = ok("extract", str(SAMPLE), "--format", "table", "--published", "2026-03-12")
    result = claimledger.extract(SAMPLE.read_text(encoding="utf-8"), published="2026-03-12")
    assert "published 2026-03-12" in out and f"{len(result.claims)} claim" in out
    for claim in result.claims:
        assert f"{claim.id}  {claim.kind}" in out


def test_table_view_renders_narrow_and_without_colour():
    result = claimledger.extract(
        'Officials in Tamsby said at least 12 homes were flooded on Monday. "We need pumps," the mayor said.',
        published="2026-03-12",
    )
    text = render_text(result, width=40)
    assert "\x1b[" not in text
    assert all(len(line) <= 40 for line in text.splitlines())
    coloured = render_text(result, width=100, color=True)
    assert "\x1b[" in coloured


def test_table_view_of_every_figure_field():
    from claimledger.model import Article, ArticleClaims, Claim, Figure, Location, Period, Source

    figure = Figure(
        "more than 3,000",
        10,
        25,
        None,
        3000,
        None,
        "gt",
        None,
        "soldiers",
        "killed_or_wounded",
        location=Location("the Kursk region", resolved="Kursk Oblast"),
        period=Period("2024-12-20", "2024-12-27"),
    )
    claim = Claim(
        "c1",
        "statement",
        Source("Anna Vell", "She", 0, 3, "person", "spokesperson", "Ministry"),
        "said",
        4,
        8,
        False,
        "[red]ok[/red] " + "x" * 1000,
        30,
        1043,
        stated_on="2024-12-27",
        hedged=True,
        figures=[figure],
    )
    text = render_text(ArticleClaims(Article("abc", title="Title here"), [claim]), width=200)
    for part in [
        "Title here",
        "1 claim, 1 figure",
        "c1  statement",
        "[hedged]",
        "Anna Vell (person, spokesperson, Ministry)",
        "“She”",
        "stated on 2024-12-27",
        "“more than 3,000” gt (low 3,000)",
        "killed_or_wounded",
        "counted soldiers",
        "place Kursk Oblast",
        "period 2024-12-20 to 2024-12-27",
        "[red]ok[/red] xxx",
        "x…",
    ]:
        assert part in " ".join(text.split()) or part in text, part
    assert "x" * 300 not in text


def test_empty_text_is_a_result_with_a_warning():
    out = json.loads(ok("extract", str(FIXTURES / "empty.txt")))
    assert out["claims"] == [] and out["warnings"] == [language.EMPTY]


def test_non_english_text_gives_a_warning_and_no_claims():
    out = json.loads(ok("extract", str(FIXTURES / "non_english.txt")))
    assert out["claims"] == [] and out["warnings"] == [language.NOT_ENGLISH]


@pytest.mark.parametrize(
    ("name", "warning"),
    [("no_punctuation.txt", language.NO_PUNCTUATION), ("unbalanced_quotes.txt", language.UNBALANCED_QUOTES)],
)
def test_awkward_text_still_gives_a_valid_result(name, warning):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    out = json.loads(ok("extract", str(FIXTURES / name)))
    assert warning in out["warnings"]
    for claim in out["claims"]:
        assert text[claim["start"] : claim["end"]] == claim["text"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("no-such-file.txt", "no-such-file.txt: no such file"),
        ("latin1.txt", "is not UTF-8 text"),
        ("binary.txt", "NUL bytes"),
        ("bad.jsonl", "bad.jsonl, line 2: invalid JSON"),
    ],
)
def test_bad_input_is_a_message_and_exit_1(name, message):
    assert message in failed("extract", str(FIXTURES / name))


def test_keep_going_skips_bad_lines_and_still_fails_at_the_end():
    result = run("extract", str(FIXTURES / "bad.jsonl"), "--format", "jsonl", "--keep-going")
    assert result.exit_code == 1
    assert [json.loads(line)["_doc"] for line in result.stdout.splitlines()] == ["ok1", "ok2"]
    assert "line 2: invalid JSON" in result.stderr and "line 3: no" in result.stderr
    assert "2 bad input line(s) skipped" in result.stderr


def test_unknown_model_is_a_message():
    assert "is not installed" in failed(
        "extract", str(FIXTURES / "flood_article.txt"), "--model", "xx_no_such_model"
    )


def test_long_text_is_parsed_in_pieces_with_offsets_into_the_whole(tmp_path, monkeypatch):
    # A small piece size stands in for a text longer than MAX_CHUNK_CHARS (slow to parse in a test).
    monkeypatch.setattr(chunks, "MAX_CHUNK_CHARS", 1500)
    block = 'Officials in Tamsby said at least 12 homes were flooded. "We need pumps," the mayor said.\n\n'
    path = tmp_path / "long.txt"
    path.write_text(block * 60, encoding="utf-8")
    out = json.loads(ok("extract", str(path), "--include-text"))
    (single,) = claimledger.extract_many([block])
    text = out["article"]["text"]
    assert text == block * 60 and len(out["claims"]) == 60 * len(single.claims) > 0
    for claim in out["claims"]:
        assert text[claim["start"] : claim["end"]] == claim["text"]
        for figure in claim["figures"]:
            assert text[figure["start"] : figure["end"]] == figure["text"]


@pytest.mark.skipif(not SCRIPT.exists(), reason=f"{SCRIPT} is not installed (run `make setup`)")
def test_installed_script_reads_stdin():
    proc = subprocess.run(
        [str(SCRIPT), "extract", "-", "--format", "jsonl", "--published", "2026-03-12"],
        input=b"The harbour office said more than 40 boats were damaged.",
        capture_output=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert proc.returncode == 0, proc.stderr.decode()
    (line,) = proc.stdout.decode().splitlines()
    doc = json.loads(line)
    assert doc["_doc"] is None and doc["article"]["published"] == "2026-03-12"


@pytest.mark.skipif(not SCRIPT.exists(), reason=f"{SCRIPT} is not installed (run `make setup`)")
def test_installed_script_error_has_no_traceback():
    proc = subprocess.run(
        [str(SCRIPT), "extract", str(FIXTURES / "binary.txt")], capture_output=True, timeout=120
    )
    assert proc.returncode == 1
    stderr = proc.stderr.decode()
    assert stderr.startswith("Error: ") and "NUL bytes" in stderr and "Traceback" not in stderr


def test_ledger_commands_do_not_load_spacy():
    # Listing or exporting a ledger needs no parser: spaCy is imported only when something is extracted.
    code = "import sys, claimledger, claimledger.cli, claimledger.ledger; print('spacy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
