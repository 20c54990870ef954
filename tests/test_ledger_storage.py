"""The ledger on real databases: every storage behaviour on SQLite and on PostgreSQL.

PostgreSQL tests use the server at 127.0.0.1:5432 (database ``test``), each in a fresh
schema dropped at the end; they skip with a message when the server is unreachable.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from claimledger.ledger import Ledger, LedgerError
from claimledger.model import Article, ArticleClaims, Claim, Figure, Location, Source

PG_HOST, PG_PORT, PG_DB = "127.0.0.1", 5432, "test"


def _pg_admin():  # type: ignore[no-untyped-def]
    psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed (pip install '.[postgres]')")
    errors = []
    for user in ("postgres", "root"):
        try:
            conn = psycopg.connect(host=PG_HOST, port=PG_PORT, dbname=PG_DB, user=user, autocommit=True,
                                   connect_timeout=3)
            return conn, user
        except psycopg.OperationalError as exc:
            errors.append(str(exc).strip())
    pytest.skip(f"PostgreSQL at {PG_HOST}:{PG_PORT}/{PG_DB} is unreachable: {errors[-1]}")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        yield str(tmp_path / "ledger.db")
        return
    conn, user = _pg_admin()
    schema = f"t_{secrets.token_hex(6)}"
    conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"postgresql://{user}@{PG_HOST}:{PG_PORT}/{PG_DB}?options=-csearch_path%3D{schema}"
    finally:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")
        conn.close()


@pytest.fixture
def ledger(db_url: str):  # type: ignore[no-untyped-def]
    with Ledger(db_url) as led:
        yield led


# --- hand-made articles --------------------------------------------------------------------

def figure(value: float | None, subject: str, *, measure: str = "killed_or_wounded",
           place: str | None = "Tesk", bound: str = "exact", low: float | None = None,
           high: float | None = None) -> Figure:
    words = f"{value:,.0f}" if value is not None else "hundreds"
    loc = Location(name=place, resolved=f"{place} Province") if place else None
    return Figure(text=words, start=0, end=len(words), value=value, low=low, high=high, bound=bound,
                  unit=None, counted=subject, measure=measure, subject=subject, location=loc)


def claim(n: int, source: str | None, said: str, figures: list[Figure], *, stated_on: str | None = None,
          type_: str = "person", affiliation: str | None = None) -> Claim:
    src = Source(name=source, mention=source, start=0, end=len(source), type=type_,
                 affiliation=affiliation) if source else None
    return Claim(id=f"c{n}", kind="statement", source=src, cue="said", cue_start=0, cue_end=4, direct=False,
                 text=said, start=0, end=len(said), stated_on=stated_on, figures=figures)


def article(body: str, claims: list[Claim], *, outlet: str = "Northern Courier", published: str | None = None,
            url: str | None = None) -> ArticleClaims:
    return ArticleClaims(article=Article(id="", url=url, outlet=outlet, published=published), claims=claims,
                         text=body)


def bulk_article(i: int, n_claims: int = 40) -> ArticleClaims:
    """An article with many claims and figures, so that storing it takes a while."""
    names = ["Defence Minister Ilsa Marren", "Marren", "the Varan general staff"]
    claims = [
        claim(k, names[k % 3], f"Claim {k} of report {i} about losses near the ridge.",
              [figure(100.0 + k, "Varan troops"), figure(10.0 + k, "civilians", measure="killed")],
              stated_on="2026-02-01", type_="organization" if k % 3 == 2 else "person")
        for k in range(n_claims)
    ]
    return article(f"Report number {i}. Fighting went on near the ridge.", claims, outlet=f"Outlet {i % 4}",
                   published="2026-02-01")


def write_jsonl(path: Path, articles: list[ArticleClaims]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for a in articles:
            fh.write(a.to_json(include_text=True, indent=None) + "\n")
    return path


def ingest_cmd(db: str, *paths: Path, start_when: Path | None = None) -> list[str]:
    """``claimledger ingest`` in a new process.

    With ``start_when``, once imported it writes ``<start_when>.<pid>`` and waits for ``start_when``.
    """
    wait = ""
    if start_when:
        wait = (f"open({str(start_when)!r} + '.' + str(os.getpid()), 'w').close()\n"
                f"while not os.path.exists({str(start_when)!r}): time.sleep(0.01)\n")
    code = f"import os, time\nfrom claimledger.ledger.commands import ingest\n{wait}ingest()"
    return [sys.executable, "-c", code, *map(str, paths), "--db", db, "--no-progress"]


def per_article(ledger: Ledger) -> dict[str, tuple[int, int]]:
    """content hash -> (claims, figures) for every stored article."""
    with ledger.session() as s:
        rows = s.execute(text(
            "SELECT a.content_hash, COUNT(DISTINCT c.id), COUNT(f.id) FROM articles a "
            "LEFT JOIN claims c ON c.article_id = a.id LEFT JOIN figures f ON f.claim_id = c.id "
            "GROUP BY a.content_hash"
        )).all()
    return {h: (c, f) for h, c, f in rows}


# --- tests ---------------------------------------------------------------------------------

def test_models_match_the_migrations(ledger: Ledger) -> None:
    from alembic import command

    from claimledger.ledger.db import alembic_config

    command.check(alembic_config(ledger.engine))  # raises when autogenerate finds a difference


def test_add_is_idempotent_and_links_new_versions_of_a_url(ledger: Ledger) -> None:
    said = [claim(1, "Ilsa Marren", "shelled", [figure(12, "soldiers")])]
    first = article("The ridge was shelled overnight.", said, url="https://example.org/ridge")
    assert ledger.add(first) is True
    # Same text with other spacing: the same normalised text, so a duplicate.
    again = article("The ridge  was shelled\novernight.", first.claims, url="https://example.org/ridge")
    assert ledger.add(again) is False
    changed = article("The ridge was shelled overnight, officials said.", first.claims,
                      url="https://example.org/ridge")
    assert ledger.add(changed) is True
    assert ledger.counts()["articles"] == 2
    with ledger.session() as s:
        rows = s.execute(text("SELECT id, previous_id FROM articles ORDER BY id")).all()
    assert rows[0][1] is None
    assert rows[1][1] == rows[0][0]


def test_reingest_of_files_stores_nothing_twice(ledger: Ledger, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(
        "Tesk, 3 February 2026. Defence Minister Ilsa Marren said on Monday that 300 soldiers had been "
        "wounded near the ridge.", encoding="utf-8")
    (folder / "sub" / "b.txt").write_text(
        "The Varan general staff said 40 civilians were evacuated from Orla on Tuesday.", encoding="utf-8")
    write_jsonl(folder / "c.jsonl", [bulk_article(1, 3)])
    (folder / "bad.jsonl").write_text('{"text": "A line about the ridge."}\nnot json\n', encoding="utf-8")
    (folder / "notes.md").write_text("ignored: not an input type", encoding="utf-8")

    first = ledger.ingest([folder])
    assert (first.new, first.duplicate, first.failed) == (4, 0, 1)
    assert "bad.jsonl:2" in first.failures[0].where
    before = ledger.counts()
    assert before["claims"] >= 3 and first.claims == before["claims"]
    second = ledger.ingest([folder])
    assert (second.new, second.duplicate, second.failed) == (0, 4, 1)
    assert ledger.counts() == before


def test_killed_ingest_leaves_no_half_stored_article_and_rerun_completes(db_url: str, tmp_path: Path) -> None:
    n = 60  # enough that the run is still going when the test kills it
    articles = [bulk_article(i, 30) for i in range(n)]
    source = write_jsonl(tmp_path / "bulk.jsonl", articles)
    Ledger(db_url).close()  # create the schema first, so the polling below can read counts
    proc = subprocess.Popen(ingest_cmd(db_url, source), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    with Ledger(db_url) as ledger:
        deadline = time.monotonic() + 120
        while ledger.counts()["articles"] < 3 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        stored = per_article(ledger)
        assert 0 < len(stored) < n, "the kill should land in the middle of the run"
        assert set(stored.values()) == {(30, 60)}, "an article was stored in part"

        rerun = ledger.ingest([source])
        assert (rerun.new, rerun.duplicate, rerun.failed) == (n - len(stored), len(stored), 0)
        stored = per_article(ledger)
        assert len(stored) == n
        assert set(stored.values()) == {(30, 60)}


def test_two_ingests_at_once_lose_nothing(db_url: str, tmp_path: Path) -> None:
    articles = [bulk_article(i, 6) for i in range(18)]
    a = write_jsonl(tmp_path / "a.jsonl", articles[:12])
    b = write_jsonl(tmp_path / "b.jsonl", articles[6:])
    # Both start on an empty database: migration and source creation race too.
    go = tmp_path / "go"
    procs = [subprocess.Popen(ingest_cmd(db_url, p, start_when=go), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for p in (a, b)]
    deadline = time.monotonic() + 120
    while len(list(tmp_path.glob("go.*"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    go.touch()  # both imported: they start storing at the same moment
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (_out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
    with Ledger(db_url) as ledger:
        stored = per_article(ledger)
        assert len(stored) == 18
        assert set(stored.values()) == {(6, 12)}
        names = sorted(s.name for s in ledger.sources())
    # Marren twice (title stripped, surname) is one person; her affiliation is not invented.
    assert names == ["Ilsa Marren", "the Varan general staff"]


def test_sources_resolve_across_spellings_and_titles(ledger: Ledger) -> None:
    spellings = ["Zelenskyy", "Zelensky", "Zelenskiy", "Volodymyr Zelenskyy",
                 "Ukrainian President Volodymyr Zelenskyy", "the Ukrainian president"]
    for i, name in enumerate(spellings):
        ledger.add(article(f"Statement {i} from Kyiv.", [claim(1, name, "said it", [])]))
    ledger.add(article("From Washington.", [
        claim(1, "the White House", "said a", []), claim(2, "White House", "said b", [], type_="government"),
        claim(3, "John Kirby", "said c", [], affiliation="White House"),
    ]))
    by_name = {s.name: s for s in ledger.sources()}
    assert by_name["Volodymyr Zelenskyy"].claims == 6
    assert by_name["White House"].claims == 2
    assert by_name["John Kirby"].affiliation == "White House"
    assert "Zelenskiy" in by_name["Volodymyr Zelenskyy"].aliases


def test_organisations_acronyms_and_transliterations_resolve(ledger: Ledger) -> None:
    names = [("Marenia's Health Ministry", "government"), ("the Health Ministry", "government"),
             ("Marenian Health Ministry", "government"), ("Durvan's Health Ministry", "government"),
             ("Sarvell People's Front (SPF)", "group"), ("SPF", "group"),
             ("Jemal Orsak", "person"), ("Djemal Orsakh", "person"), ("Dzhemal Orsak", "person"),
             ("Helena Marsk", "person"), ("Marsk", "government")]
    for i, (name, type_) in enumerate(names):
        ledger.add(article(f"Statement {i}.", [claim(1, name, "said it", [], type_=type_)]))
    assert {s.name: s.claims for s in ledger.sources()} == {
        "Marenia's Health Ministry": 3, "Durvan's Health Ministry": 1, "Sarvell People's Front": 2,
        "Jemal Orsak": 3, "Helena Marsk": 2,
    }


def test_a_bare_organisation_is_not_taken_by_the_first_country_that_qualifies_one(ledger: Ledger) -> None:
    # "the Defence Ministry" of the first article is not known to be Durvan's: it stays apart.
    names = [("Defence Ministry", "government"), ("Durvan's Defence Ministry", "government"),
             ("Marenia's Defence Ministry", "government"), ("the Defence Ministry", "government")]
    for i, (name, type_) in enumerate(names):
        ledger.add(article(f"Ministry statement {i}.", [claim(1, name, "said it", [], type_=type_)]))
    assert {s.name: s.claims for s in ledger.sources()} == {
        "Defence Ministry": 2, "Durvan's Defence Ministry": 1, "Marenia's Defence Ministry": 1,
    }


def test_anonymous_and_pronoun_sources_are_not_one_source_across_articles(ledger: Ledger) -> None:
    ledger.add(article("One.", [claim(1, "officials", "a", [figure(5, "soldiers")], type_="anonymous")],
                       outlet="Northern Courier"))
    ledger.add(article("Two.", [claim(1, "officials", "b", [figure(9, "soldiers")], type_="anonymous"),
                                claim(2, "They", "c", [])], outlet="Coastal Post"))
    assert ledger.sources() == []
    assert [r["source"] for r in ledger.claims()] == ["officials", "officials", "They"]
    assert len(ledger.claims(source="officials")) == 2
    timeline = ledger.series_timeline(ledger.series()[0].id)
    assert [(e.source, e.outlets, e.superseded_by) for e in timeline] == [
        ("officials", ["Northern Courier"], None), ("officials", ["Coastal Post"], None)]


def test_merge_and_split_survive_reingest(ledger: Ledger) -> None:
    ledger.add(article("Day one.", [claim(1, "General Oren Vask", "one", [])]))
    ledger.add(article("Day two.", [claim(1, "Vask", "two", [])]))
    ledger.add(article("Day three.", [claim(1, "the army chief", "three", [])]))
    names = {s.name: s.claims for s in ledger.sources()}
    assert names == {"Oren Vask": 2, "the army chief": 1}

    merged = ledger.merge_sources("the army chief", "Oren Vask")
    assert merged.claims == 3
    ledger.add(article("Day four.", [claim(1, "The army chief", "four", [])]))
    ledger.rebuild_sources()
    assert {s.name: s.claims for s in ledger.sources()} == {"Oren Vask": 4}

    split = ledger.split_source("Oren Vask", ["the army chief"])
    assert split.claims == 2
    ledger.add(article("Day five.", [claim(1, "the army chief", "five", [])]))
    ledger.rebuild_sources()
    assert {s.name: s.claims for s in ledger.sources()} == {"Oren Vask": 2, "the army chief": 3}
    with pytest.raises(LedgerError):
        ledger.merge_sources("nobody at all", "Oren Vask")


def _series_corpus(ledger: Ledger) -> None:
    minister = "Defence Minister Ilsa Marren"
    ledger.add(article("Courier, 2 Feb: the minister spoke.", [
        claim(1, minister, "3,000 Varan troops killed or wounded in Tesk", [figure(3000, "Varan troops")],
              stated_on="2026-02-02"),
        claim(2, minister, "200 Varan troops killed in Orla", [figure(200, "Varan troops", place="Orla")],
              stated_on="2026-02-02"),
    ], outlet="Northern Courier", published="2026-02-02"))
    ledger.add(article("Post, 3 Feb: the minister repeated it.", [
        claim(1, "Marren", "3,000 Varan soldiers", [figure(3000, "Varan soldiers")], stated_on="2026-02-02"),
    ], outlet="Coastal Post", published="2026-02-03"))
    ledger.add(article("Post, 18 Feb: the general staff disputes the toll.", [
        claim(1, "the Varan general staff", "fewer than 1,000 casualties among Varans",
              [figure(1000, "Varans", bound="lt", high=1000)], stated_on="2026-02-18", type_="organization"),
    ], outlet="Coastal Post", published="2026-02-18"))
    ledger.add(article("Courier, 20 Feb: a new estimate.", [
        claim(1, "Ilsa Marren", "4,500 North Varan troops", [figure(4500, "the Varan troops")],
              stated_on="2026-02-20"),
    ], outlet="Northern Courier", published="2026-02-20"))


def test_series_grouping_corroboration_revisions_disagreements(ledger: Ledger) -> None:
    _series_corpus(ledger)
    series = ledger.series()
    assert [(s.subject, s.place, s.figures) for s in series] == [
        ("varan", "Tesk Province", 4), ("varan", "Orla Province", 1)
    ]
    timeline = ledger.series_timeline(series[0].id)
    assert [(e.stated_on, e.source, e.interval()) for e in timeline] == [
        ("2026-02-02", "Ilsa Marren", (3000.0, 3000.0)),
        ("2026-02-18", "the Varan general staff", (0.0, 1000.0)),
        ("2026-02-20", "Ilsa Marren", (4500.0, 4500.0)),
    ]
    first, staff, revised = timeline
    assert first.outlets == ["Coastal Post", "Northern Courier"] and first.corroborated
    assert first.superseded_by == 2 and revised.revises == [0]
    assert staff.disagrees_with == [2] and revised.disagrees_with == [1]
    assert first.disagrees_with == []  # its week does not overlap the general staff's
    assert revised.to_dict()["flags"] == ["revision", "disagreement"]
    with pytest.raises(LedgerError):
        ledger.series_timeline(9999)


def test_a_spokesperson_speaks_for_their_organisation_in_series(ledger: Ledger) -> None:
    def said(source: str, type_: str, role: str | None, affiliation: str | None, value: float,
             on: str) -> Claim:
        c = claim(1, source, f"{value} soldiers killed", [figure(value, "soldiers", measure="killed")],
                  stated_on=on, type_=type_, affiliation=affiliation)
        assert c.source is not None
        c.source.role = role
        return c

    ledger.add(article("A.", [said("Colonel Aurel Venkov", "person", "spokesman", "Marenian Defence Ministry",
                                   14, "2026-01-15")], outlet="Meridian Wire"))
    ledger.add(article("B.", [said("Marenian Defence Ministry", "government", None, None, 23, "2026-01-26")],
                       outlet="Civic Observer"))
    ledger.add(article("C.", [said("Governor Ana Brell", "person", "Governor", "Marenia", 25, "2026-01-27")],
                       outlet="Civic Observer"))
    timeline = ledger.series_timeline(ledger.series()[0].id)
    assert [(e.source, e.speakers, e.superseded_by, e.revises) for e in timeline] == [
        ("Marenian Defence Ministry", ["Aurel Venkov"], 1, []),
        ("Marenian Defence Ministry", ["Marenian Defence Ministry"], None, [0]),
        ("Ana Brell", ["Ana Brell"], None, []),  # a governor is her own source
    ]
    assert {s.name: s.affiliation for s in ledger.sources()}["Aurel Venkov"] == "Marenian Defence Ministry"


def test_claims_query_filters_and_full_text_search(ledger: Ledger) -> None:
    _series_corpus(ledger)
    assert {r["source"] for r in ledger.claims(source="Marren")} == {"Ilsa Marren"}
    assert len(ledger.claims(source="Ilsa Marren")) == 4
    assert [r["figure"] for r in ledger.claims(place="Orla")] == ["200"]
    assert [r["stated_on"] for r in ledger.claims(since="2026-02-10")] == ["2026-02-18", "2026-02-20"]
    assert [r["stated_on"] for r in ledger.claims(until="2026-02-02")] == ["2026-02-02"] * 3
    hits = ledger.claims(search="casualties Varans")
    assert [r["source"] for r in hits] == ["the Varan general staff"]
    assert ledger.claims(search='killed "or') != []  # quotes in user words are not query syntax
    assert ledger.claims(measure="killed") == []
    assert len(ledger.claims(measure="killed_or_wounded", limit=2)) == 2


def test_claims_flat_view_has_one_row_per_figure(ledger: Ledger) -> None:
    _series_corpus(ledger)
    with ledger.session() as s:
        rows = s.execute(text("SELECT source, outlet, place, value, series_id FROM claims_flat "
                              "ORDER BY figure_id")).all()
    assert len(rows) == 5
    assert rows[0] == ("Ilsa Marren", "Northern Courier", "Tesk Province", 3000.0, rows[2][4])


def test_ingest_with_real_extraction_end_to_end(ledger: Ledger) -> None:
    from claimledger import extract_many

    texts = [
        "Defence Minister Ilsa Marren said on Monday that more than 3,000 Varan soldiers had been killed "
        "or wounded in Tesk since the start of the year.",
        "\"We counted 40 dead in Orla,\" the Varan general staff said in a statement on Tuesday.",
    ]
    records = [{"text": t, "outlet": "Northern Courier", "published": "2026-02-03"} for t in texts]
    summary = ledger.ingest_records(records)
    expected = list(extract_many(records))
    assert (summary.new, summary.failed) == (2, 0)
    assert summary.claims == sum(len(a.claims) for a in expected) == ledger.counts()["claims"]
    assert summary.figures == sum(len(a.figures()) for a in expected) == ledger.counts()["figures"]
    again = ledger.ingest_records(records + ["", 42])  # type: ignore[list-item]
    assert (again.new, again.duplicate) == (0, 2)
    assert again.failed == 2
    assert [f.where for f in again.failures] == ["record 3", "record 4"]


def test_cli_commands_print_what_the_api_returns(db_url: str, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from claimledger.ledger.commands import claims, ingest, series, sources

    with Ledger(db_url) as ledger:
        _series_corpus(ledger)
        series_id = ledger.series()[0].id
    runner = CliRunner()
    out = runner.invoke(sources, ["--db", db_url, "--format", "json"])
    assert out.exit_code == 0, out.output
    assert {s["name"] for s in json.loads(out.output)} == {"Ilsa Marren", "the Varan general staff"}
    out = runner.invoke(series, ["--db", db_url, "show", str(series_id), "--format", "json"])
    assert [e["superseded"] for e in json.loads(out.output)] == [True, False, False]
    out = runner.invoke(series, ["--db", db_url, "show", str(series_id)])
    assert "revised by #2" in out.output and "disagrees with #1" in out.output
    out = runner.invoke(claims, ["--db", db_url, "--place", "Orla", "--format", "csv"])
    assert out.output.splitlines()[1].split(",")[-4:-2] == ["Varan troops", "Orla Province"]
    out = runner.invoke(sources, ["--db", db_url, "merge", "nobody", "Marren"])
    assert out.exit_code == 1 and "no source 'nobody'" in out.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"url": "https://example.org/x"}\n', encoding="utf-8")
    out = runner.invoke(ingest, [str(bad), "--db", db_url, "--no-progress"])
    assert out.exit_code == 1
    assert "new 0, duplicate 0, failed 1" in out.output
