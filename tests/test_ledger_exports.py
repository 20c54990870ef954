"""Every export of a ledger, parsed back and checked: on SQLite and PostgreSQL, and on the demo corpus.

The hand-made ledger has real offsets into its texts, so that the claims-format export can be
compared field by field with what was stored.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger.cli import main
from claimledger.ledger import Ledger
from claimledger.ledger.exports import FIGURE_COLUMNS, UCDP_COLUMNS, figure_rows, write_export
from claimledger.lexicon import load_json
from claimledger.model import MEASURES, Article, ArticleClaims, Claim, Figure, Location, Period, Source, article_id
from test_ledger_storage import db_url, ledger  # noqa: F401 - fixtures: SQLite and PostgreSQL ledgers

PLOVER_EVENTS = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                 "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}

TEXT_A = ("Defence Minister Ilsa Marren said 40 soldiers were killed and 112 were wounded near Tesk on Friday. "
          "The Varan general staff said fewer than 15 soldiers died. The Interior Ministry declined to comment.")
TEXT_B = ("About 60 soldiers were killed near Tesk, according to Marren. "
          "Hundreds of people fled the valley this week.")
TESK = {"name": "Tesk", "resolved": "Tesk Province", "country": "VA", "admin1": "Tesk Province", "geonameid": None,
        "lat": 41.5, "lon": 22.25, "precision": "admin1"}


def _span(body: str, words: str, after: int = 0) -> tuple[int, int]:
    start = body.index(words, after)
    return start, start + len(words)


def _source(body: str, name: str, mention: str, type_: str, **kw: str) -> Source:
    start, end = _span(body, mention)
    return Source(name=name, mention=mention, start=start, end=end, type=type_, **kw)  # type: ignore[arg-type]


def _figure(body: str, words: str, measure: str, counted: str | None, *, value=None, low=None, high=None,
            bound="exact", after: int = 0, place: dict | None = None, period: Period | None = None) -> Figure:
    start, end = _span(body, words, after)
    return Figure(text=words, start=start, end=end, value=value, low=low, high=high, bound=bound,  # type: ignore[arg-type]
                  unit=None, counted=counted, measure=measure, subject=counted,
                  location=Location(**place) if place else None, period=period)


def _claim(body: str, key: str, source: Source | None, cue: str | None, said: str, figures: list[Figure], *,
           kind: str = "statement", stated_on: str | None = None, hedged: bool = False) -> Claim:
    start, end = _span(body, said)
    cue_start, cue_end = _span(body, cue) if cue else (None, None)
    return Claim(id=key, kind=kind, source=source, cue=cue, cue_start=cue_start, cue_end=cue_end,  # type: ignore[arg-type]
                 direct=False, text=said, start=start, end=end, stated_on=stated_on, hedged=hedged, figures=figures)


def hand_made() -> list[ArticleClaims]:
    a, b = TEXT_A, TEXT_B
    a_said = "40 soldiers were killed and 112 were wounded near Tesk on Friday"
    article_a = ArticleClaims(
        article=Article(id=article_id(a), url="https://example.org/courier/tesk", title="Losses near Tesk",
                        outlet="Northern Courier", published="2026-02-01"),
        text=a,
        claims=[
            _claim(a, "c1", _source(a, "Ilsa Marren", "Defence Minister Ilsa Marren", "person",
                                    role="Defence Minister", affiliation="Defence Ministry"),
                   "said", a_said, [
                       _figure(a, "40", "killed", "soldiers", value=40, place=TESK,
                               period=Period("2026-01-30", "2026-01-30")),
                       _figure(a, "112", "wounded", "soldiers", value=112, place=TESK,
                               period=Period("2026-01-30", "2026-01-30")),
                   ], stated_on="2026-02-01"),
            _claim(a, "c2", _source(a, "Varan general staff", "The Varan general staff", "organization"),
                   "said", "fewer than 15 soldiers died", [
                       _figure(a, "fewer than 15", "killed", "soldiers", high=15, bound="lt", place=TESK),
                   ], stated_on="2026-02-01"),
            _claim(a, "c3", _source(a, "Interior Ministry", "The Interior Ministry", "government"),
                   "declined to comment", "declined to comment", [], kind="no_response"),
        ],
    )
    article_b = ArticleClaims(
        article=Article(id=article_id(b), url="https://example.org/post/tesk-60", title=None,
                        outlet="Coastal Post", published="2026-02-05"),
        text=b,
        claims=[
            _claim(b, "c1", _source(b, "Marren", "Marren", "person"), "according to",
                   "About 60 soldiers were killed near Tesk", [
                       _figure(b, "About 60", "killed", "soldiers", value=60, bound="approx", place=TESK),
                   ], stated_on="2026-02-05"),
            _claim(b, "c2", None, None, "Hundreds of people fled the valley this week", [
                _figure(b, "Hundreds", "displaced", "people", low=200, high=900, bound="vague"),
            ], stated_on="2026-02-05", hedged=True),
        ],
    )
    return [article_a, article_b]


def _export(led: Ledger, fmt: str, tmp_path: Path, **kw: bool) -> Path:
    out = tmp_path / f"export.{fmt}"
    write_export(led, fmt, out, **kw)
    return out


@pytest.fixture
def filled(ledger: Ledger) -> Ledger:  # noqa: F811 - the fixture imported above
    for ac in hand_made():
        assert ledger.add(ac)
    return ledger


def test_jsonl_is_the_claims_format_rebuilt_exactly(filled: Ledger, tmp_path: Path) -> None:
    lines = _export(filled, "jsonl", tmp_path).read_text("utf-8").splitlines()
    assert len(lines) == 2
    originals = hand_made()
    for line, original in zip(lines, originals, strict=True):
        obj = json.loads(line)
        assert list(obj) == ["format_version", "article", "claims"]
        assert obj["format_version"] == 1
        assert obj["article"] == asdict(original.article)  # no text unless asked for
        assert obj["claims"] == [asdict(c) for c in original.claims]


def test_jsonl_with_text_has_valid_offsets_and_ingests_into_another_ledger(filled: Ledger, tmp_path: Path) -> None:
    first = _export(filled, "jsonl", tmp_path, include_text=True)
    for line in first.read_text("utf-8").splitlines():
        obj = json.loads(line)
        body = obj["article"]["text"]
        assert obj["article"]["id"] == article_id(body)
        for c in obj["claims"]:
            assert body[c["start"]:c["end"]] == c["text"]
            if c["cue"]:
                assert body[c["cue_start"]:c["cue_end"]] == c["cue"]
            if c["source"]:
                assert body[c["source"]["start"]:c["source"]["end"]] == c["source"]["mention"]
            for f in c["figures"]:
                assert body[f["start"]:f["end"]] == f["text"]
    with Ledger(tmp_path / "copy.db") as copy:
        summary = copy.ingest([first])
        assert (summary.new, summary.failed) == (2, 0)
        again = tmp_path / "again.jsonl"
        write_export(copy, "jsonl", again, include_text=True)
    assert again.read_text("utf-8") == first.read_text("utf-8")


def test_csv_has_one_row_per_figure(filled: Ledger, tmp_path: Path) -> None:
    with _export(filled, "csv", tmp_path).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == list(FIGURE_COLUMNS)
        rows = list(reader)
    assert len(rows) == 5 == filled.counts()["figures"]
    killed = [r for r in rows if r["figure_text"] == "40"][0]
    assert (killed["value"], killed["measure"], killed["outlet"]) == ("40", "killed", "Northern Courier")
    assert (killed["period_start"], killed["place"], killed["lat"]) == ("2026-01-30", "Tesk Province", "41.5")
    assert killed["source"] == "Ilsa Marren" and killed["direct"] == "false"
    below = [r for r in rows if r["bound"] == "lt"][0]
    assert (below["value"], below["high"], below["low"]) == ("", "15", "")
    unattributed = [r for r in rows if r["measure"] == "displaced"][0]
    assert unattributed["source"] == "" and unattributed["hedged"] == "true"
    assert TEXT_A[int(killed["figure_start"]):int(killed["figure_end"])] == "40"


def test_parquet_holds_the_same_rows_typed(filled: Ledger, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is not installed (pip install '.[parquet]')")
    table = pq.read_table(_export(filled, "parquet", tmp_path))
    assert table.schema.names == list(FIGURE_COLUMNS)
    assert str(table.schema.field("value").type) == "double"
    assert str(table.schema.field("hedged").type) == "bool"
    assert str(table.schema.field("figure_id").type) == "int64"
    assert table.to_pylist() == list(figure_rows(filled))
    assert table.num_rows == 5


def test_claimreview_is_schema_org_claims_json_ld(filled: Ledger, tmp_path: Path) -> None:
    doc = json.loads(_export(filled, "claimreview", tmp_path).read_text("utf-8"))
    assert doc["@context"] == "https://schema.org"
    claims = doc["@graph"]
    assert len(claims) == 4  # the non-response is not a claim
    assert all(c["@type"] == "Claim" and c["@id"].startswith("urn:claimledger:claim:") for c in claims)
    marren = claims[0]
    assert marren["text"].startswith("40 soldiers were killed")
    assert marren["datePublished"] == "2026-02-01"
    assert marren["author"]["@type"] == "Person" and marren["author"]["name"] == "Ilsa Marren"
    assert marren["author"]["jobTitle"] == "Defence Minister"
    assert marren["author"]["affiliation"]["@type"] == "Organization"
    assert marren["appearance"]["url"] == "https://example.org/courier/tesk"
    assert marren["appearance"]["publisher"]["name"] == "Northern Courier"
    assert claims[1]["author"]["@type"] == "Organization"
    # "Marren" alone is resolved to the ledger's source; the name as written stays as an alternate.
    assert claims[2]["author"]["name"] == "Ilsa Marren" and claims[2]["author"]["alternateName"] == "Marren"
    assert claims[3]["author"] == {"@type": "Organization", "name": "Coastal Post"}
    assert "headline" not in claims[3]["appearance"]


def test_plover_events_have_sizes_offsets_and_cite_info(filled: Ledger, tmp_path: Path) -> None:
    events = [json.loads(line) for line in _export(filled, "plover", tmp_path).read_text("utf-8").splitlines()]
    assert len(events) == 4
    first = events[0]
    assert first["event"] == "ASSAULT" and first["actor"] is None and first["recipient"] == "soldiers"
    assert first["size"] == {"dead": 40, "injured": 112}
    assert (first["date"], first["date_start"], first["date_reported"]) == ("2026-01-30", "2026-01-30", "2026-02-01")
    assert TEXT_A[first["text_start"]:first["text_end"]] == first["text"]
    assert [TEXT_A[f["start"]:f["end"]] for f in first["figures"]] == ["40", "112"]
    assert first["source"]["name"] == "Ilsa Marren" and first["source"]["role"] == "Defence Minister"
    assert first["cite"]["url"] == "https://example.org/courier/tesk" and first["cite"]["claim"] == "c1"
    assert first["location"]["place"] == "Tesk Province"
    assert events[1]["size"] == {"dead": 15} and events[1]["figures"][0]["bound"] == "lt"
    fled = events[3]
    assert fled["event"] is None and fled["size"] == {"displaced": 550} and fled["source"] is None
    assert len({e["id"] for e in events}) == 4


def test_ucdp_rows_give_low_best_high_per_period_with_sources(filled: Ledger, tmp_path: Path) -> None:
    with _export(filled, "ucdp", tmp_path).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == list(UCDP_COLUMNS)
        rows = list(reader)
    killed = [r for r in rows if r["measure"] == "killed"]
    # 40 (revised to about 60 by the same voice), fewer than 15 and about 60 overlap: one period.
    assert len(killed) == 1
    row = killed[0]
    assert (row["low"], row["best"], row["high"]) == ("15", "37.5", "60")
    assert row["estimates"] == "2" and row["number_of_sources"] == "2"
    series_id = int(row["series_id"])
    voices = {e.source for e in filled.series_timeline(series_id) if e.superseded_by is None}
    assert row["sources"].split("; ") == sorted(voices)
    assert row["outlets"] == "Coastal Post; Northern Courier"
    assert row["date_start"] <= "2026-01-30" and row["date_end"] == "2026-02-05"
    wounded = [r for r in rows if r["measure"] == "wounded"][0]
    assert (wounded["low"], wounded["best"], wounded["high"]) == ("112", "112", "112")
    displaced = [r for r in rows if r["measure"] == "displaced"][0]
    assert (displaced["low"], displaced["best"], displaced["high"]) == ("200", "550", "900")
    assert displaced["sources"] == "(unattributed)"


def test_export_command_writes_each_format_and_explains_parquet(db_url: str, tmp_path: Path) -> None:  # noqa: F811
    with Ledger(db_url) as led:
        for ac in hand_made():
            led.add(ac)
    runner = CliRunner()
    result = runner.invoke(main, ["export", "--db", db_url, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert len(list(csv.DictReader(io.StringIO(result.output)))) == 5
    out = tmp_path / "ledger.jsonl"
    result = runner.invoke(main, ["export", "--db", db_url, "--format", "jsonl", "-o", str(out)])
    assert result.exit_code == 0 and "2 jsonl records written" in result.output
    result = runner.invoke(main, ["export", "--db", db_url, "--format", "parquet"])
    assert result.exit_code != 0 and "-o FILE.parquet" in result.output
    result = runner.invoke(main, ["export", "--db", db_url, "--format", "xml"])
    assert result.exit_code != 0


def test_series_show_picks_a_series_by_its_parts_and_plots_it(filled: Ledger, tmp_path: Path) -> None:
    runner = CliRunner()
    url = filled.url
    plot = tmp_path / "series.svg"
    result = runner.invoke(main, ["series", "--db", url, "show", "--measure", "killed", "--place", "tesk",
                                  "--plot", str(plot)])
    assert result.exit_code == 0, result.output
    assert "troops, killed in Tesk Province" in result.output and "disagrees with" in result.output
    assert f"plot written to {plot}" in result.output
    assert plot.read_text("utf-8").lstrip().startswith("<svg")
    result = runner.invoke(main, ["series", "--db", url, "show"])
    assert result.exit_code != 0 and "SERIES_ID" in result.output
    result = runner.invoke(main, ["series", "--db", url, "show", "--measure", "captured"])
    assert result.exit_code != 0 and "no series matches" in result.output
    result = runner.invoke(main, ["series", "--db", url, "show", "1", "--plot", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and ".png or .svg" in result.output


def test_plover_mapping_data_file_covers_every_measure() -> None:
    measures = load_json("export_plover.json")["measures"]
    assert set(measures) == set(MEASURES)
    assert {m["event"] for m in measures.values()} - {None} <= PLOVER_EVENTS
    assert measures["killed"]["size"] == "dead" and measures["wounded"]["size"] == "injured"


# --- the demo corpus, extracted for real --------------------------------------------------------

@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Ledger:
    from importlib import resources

    corpus = resources.files("claimledger").joinpath("data", "demo", "articles.jsonl")
    led = Ledger(tmp_path_factory.mktemp("demo") / "demo.db")
    summary = led.ingest([str(corpus)])
    assert (summary.new, summary.failed) == (12, 0)
    yield led
    led.close()


def test_demo_ledger_exports_parse_back(demo: Ledger, tmp_path: Path) -> None:
    counts = demo.counts()
    lines = _export(demo, "jsonl", tmp_path).read_text("utf-8").splitlines()
    assert len(lines) == 12
    assert sum(len(c["claims"]) for c in map(json.loads, lines)) == counts["claims"]
    with _export(demo, "csv", tmp_path).open(encoding="utf-8", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == counts["figures"]
    graph = json.loads(_export(demo, "claimreview", tmp_path).read_text("utf-8"))["@graph"]
    assert graph and all(c["appearance"]["url"].startswith("https://example.org/") for c in graph)
    plover = [json.loads(x) for x in _export(demo, "plover", tmp_path).read_text("utf-8").splitlines()]
    assert sum(len(e["figures"]) for e in plover) == counts["figures"]
    with _export(demo, "ucdp", tmp_path).open(encoding="utf-8", newline="") as fh:
        ucdp = list(csv.DictReader(fh))
    assert {int(r["series_id"]) for r in ucdp} == {s.id for s in demo.series()}
    dessany = [r for r in ucdp if r["measure"] == "killed" and r["place"] == "Dessany"]
    assert dessany and any(int(r["number_of_sources"]) >= 2 for r in dessany)


def test_demo_series_show_finds_the_dessany_killed_series(demo: Ledger, tmp_path: Path) -> None:
    plot = tmp_path / "series.png"
    result = CliRunner().invoke(main, ["series", "--db", demo.url, "show", "--measure", "killed",
                                       "--place", "Dessany", "--plot", str(plot)])
    assert result.exit_code == 0, result.output
    picked = next(s for s in demo.series() if s.measure == "killed" and s.place and "Dessany" in s.place)
    assert f"series {picked.id}: {picked.label}" in result.output
    assert "disagrees with" in result.output
    assert plot.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
