"""The ledger at scale: ingest rates into SQLite and PostgreSQL, ledger size, filtered query time.

For the first ``--limit`` articles of a corpus (JSON lines of articles, HTML or text):

- extraction alone (``extract_many``), written to claims-format JSON lines with the text;
- storage alone: ``claimledger ingest`` of those pre-extracted lines into a fresh ledger;
- ingest with extraction: ``claimledger ingest`` of the raw articles into a fresh ledger;
- ledger size per 1,000 articles (SQLite file after a checkpoint; PostgreSQL relation sizes);
- filtered ``claims`` queries on a ledger of at least ``--figures`` figures: the extracted
  articles stored, then repeated (in SQL, doubling the rows) until there are that many.

PostgreSQL runs in a fresh schema of ``--pg`` (dropped at the end), skipped when unreachable.
Prints a table and writes benchmarks/results/ledger.json.

    .venv/bin/python benchmarks/ledger_bench.py --corpus ../shared/corpus/fox-2026.jsonl.gz --limit 200

Targets: storage at most 10% of the extraction time; each filtered query at most 50 ms at 100,000 figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import text

from claimledger.extract.pipeline import extract_many
from claimledger.ledger import Ledger
from claimledger.ledger.db import writer
from claimledger.ledger.schema import Base
from claimledger.model import ArticleClaims

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "fox-2026.jsonl.gz"
DEFAULT_OUT = ROOT / "benchmarks" / "results" / "ledger.json"
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test"
TARGET_STORAGE_SHARE = 0.10
TARGET_QUERY_MS = 50.0
QUERY_REPEATS = 5


def load_records(corpus: Path, limit: int) -> list[dict[str, Any]]:
    """The first ``limit`` records of a JSON lines corpus as ``extract_many`` inputs (HTML made text)."""
    from claimledger.ingest.html import article_from_html

    records = []
    opener = gzip.open if corpus.suffix == ".gz" else open
    with opener(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            if len(records) >= limit:
                break
            raw = json.loads(line)
            body = raw.get("text") if isinstance(raw.get("text"), str) else article_from_html(raw["html"])["text"]
            records.append({"id": raw.get("url") or f"line {len(records) + 1}", "text": body,
                            **{k: raw.get(k) for k in ("url", "title", "outlet", "published")}})
    return records


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


# --- databases ----------------------------------------------------------------------------------

@contextmanager
def fresh_db(backend: str, workdir: Path, pg: str) -> Iterator[str]:
    """A URL or path of an empty ledger database; PostgreSQL in a new schema dropped afterwards."""
    if backend == "sqlite":
        path = workdir / f"ledger-{secrets.token_hex(4)}.db"
        yield str(path)
        return
    import psycopg

    schema = f"bench_{secrets.token_hex(6)}"
    plain = pg.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
        try:
            sep = "&" if "?" in pg else "?"
            yield f"{pg}{sep}options=-csearch_path%3D{schema}"
        finally:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


def pg_reachable(pg: str) -> str | None:
    """None when PostgreSQL answers, else why not."""
    try:
        import psycopg

        with psycopg.connect(pg.replace("postgresql+psycopg://", "postgresql://"), connect_timeout=3):
            return None
    except Exception as exc:  # noqa: BLE001 - any failure means: skip PostgreSQL
        return f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"


def ledger_bytes(ledger: Ledger, db: str) -> int:
    """Bytes the ledger takes: the SQLite file after a checkpoint, or PostgreSQL's relation sizes."""
    with ledger.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            return Path(db).stat().st_size
        return int(conn.execute(text(
            "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'm')"
        )).scalar_one())


# --- the measurements ---------------------------------------------------------------------------

def ingest_run(db: str, paths: list[Path]) -> dict[str, Any]:
    """Ingest ``paths`` into a fresh ledger at ``db`` (opened before the clock starts)."""
    with Ledger(db) as ledger:
        summary, seconds = timed(lambda: ledger.ingest(paths))
        size = ledger_bytes(ledger, db)
    return {"seconds": round(seconds, 3), "articles": summary.new, "failed": summary.failed,
            "figures": summary.figures, "articles_per_s": round(summary.new / seconds, 2) if seconds else None,
            "bytes": size, "mb_per_1000_articles": round(size / 1e6 / summary.new * 1000, 2) if summary.new else None}


def build_large(db: str, extracted: list[ArticleClaims], target_figures: int) -> dict[str, Any]:
    """A ledger of at least ``target_figures`` figures: the articles stored once, then repeated.

    The repeats are made in SQL (each pass copies the articles, or the first ones in the last
    pass, with their claims, figures and series memberships under new ids and a suffixed content
    hash), so the tables hold what storing the corpus again and again would give, in seconds
    instead of an hour.
    """
    with Ledger(db) as ledger:
        ledger.ingest_records(extracted)
        start = time.perf_counter()
        passes = 0
        while (figures := ledger.counts()["figures"]) < target_figures:
            if figures == 0:
                raise SystemExit("the extracted articles hold no figures: nothing to query")
            passes += 1
            repeat_in_sql(ledger, passes, _prefix_for(ledger, target_figures - figures))
        with ledger.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql("ANALYZE")  # what autovacuum does on its own after bulk loads
        seconds = time.perf_counter() - start
        counts = ledger.counts()
        size = ledger_bytes(ledger, db)
    return {"passes": passes, "articles": counts["articles"], "claims": counts["claims"],
            "figures": counts["figures"], "seconds": round(seconds, 1), "bytes": size,
            "mb_per_1000_articles": round(size / 1e6 / counts["articles"] * 1000, 2)}


def _prefix_for(ledger: Ledger, needed: int) -> int:
    """The smallest article id such that the articles up to it hold ``needed`` figures (or all)."""
    with ledger.session() as s:
        rows = s.execute(text(
            "SELECT c.article_id, COUNT(f.id) FROM claims c JOIN figures f ON f.claim_id = c.id "
            "GROUP BY c.article_id ORDER BY c.article_id"
        )).all()
    total = 0
    for article, n in rows:
        total += n
        if total >= needed:
            return article
    return rows[-1][0]


def repeat_in_sql(ledger: Ledger, n: int, upto_article: int) -> None:
    """Copy the articles up to ``upto_article`` (content hash suffixed) with their claims, figures, memberships."""
    tables = Base.metadata.tables
    with writer(ledger.engine).begin() as conn:
        offsets = {t: conn.execute(text(f"SELECT COALESCE(MAX(id), 0) FROM {t}")).scalar_one()
                   for t in ("articles", "claims", "figures")}
        claims_in = f"SELECT id FROM claims WHERE article_id <= {upto_article}"
        figures_in = f"SELECT id FROM figures WHERE claim_id IN ({claims_in})"
        copied = {
            "articles": ({"id": f"id + {offsets['articles']}", "content_hash": f"content_hash || '-{n}'",
                          "previous_id": "NULL"}, f"id <= {upto_article}"),
            "claims": ({"id": f"id + {offsets['claims']}", "article_id": f"article_id + {offsets['articles']}"},
                       f"article_id <= {upto_article}"),
            "figures": ({"id": f"id + {offsets['figures']}", "claim_id": f"claim_id + {offsets['claims']}"},
                        f"claim_id IN ({claims_in})"),
            "series_members": ({"figure_id": f"figure_id + {offsets['figures']}"}, f"figure_id IN ({figures_in})"),
        }
        for table, (changes, where) in copied.items():
            columns = [c.name for c in tables[table].columns if not c.computed]
            quoted = ", ".join(f'"{c}"' for c in columns)
            values = ", ".join(changes.get(c, f'"{c}"') for c in columns)
            conn.execute(text(f"INSERT INTO {table} ({quoted}) SELECT {values} FROM {table} WHERE {where}"))


def query_set(ledger: Ledger) -> dict[str, dict[str, Any]]:
    """The filtered queries timed: by measure and dates, by source, by words, all filters at once."""
    top_source = ledger.sources()[0].name if ledger.sources() else None
    with ledger.session() as s:
        first, last = s.execute(text("SELECT MIN(published), MAX(published) FROM articles")).one()
        measure = s.execute(text(
            "SELECT measure FROM figures GROUP BY measure ORDER BY COUNT(*) DESC, measure LIMIT 1"
        )).scalar_one()
    words = Counter(w for r in ledger.claims(limit=5000) for w in re.findall(r"[a-z]{6,}", r["text"].lower()))
    word = words.most_common(1)[0][0] if words else "killed"
    since = first
    until = (dt.date.fromisoformat(first) + dt.timedelta(days=14)).isoformat() if first else None
    return {
        "measure+dates": {"measure": "killed", "since": since, "until": until},
        "source": {"source": top_source},
        "search": {"search": word},
        "all filters": {"measure": measure, "source": top_source, "since": since, "until": last, "search": word},
        "measure+dates, limit 100": {"measure": "killed", "since": since, "until": until, "limit": 100},
    }


def time_queries(db: str) -> list[dict[str, Any]]:
    out = []
    with Ledger(db) as ledger:
        for name, filters in query_set(ledger).items():
            rows = ledger.claims(**filters)  # warm the caches once
            times = []
            for _ in range(QUERY_REPEATS):
                _, seconds = timed(lambda f=filters: ledger.claims(**f))
                times.append(seconds * 1000)
            out.append({"query": name, "filters": filters, "rows": len(rows),
                        "median_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1)})
    return out


def git_commit() -> str | None:
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return commit.stdout.strip() + ("-dirty" if dirty.stdout.strip() else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=200, help="articles read from the corpus")
    parser.add_argument("--figures", type=int, default=100_000, help="figures in the ledger that is queried")
    parser.add_argument("--pg", default=os.environ.get("CLAIMLEDGER_BENCH_PG", DEFAULT_PG),
                        help="PostgreSQL URL; each run uses a fresh schema in it")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"{args.corpus} is absent: pass --corpus PATH (a .jsonl or .jsonl.gz of articles).")

    backends = args.backends.split(",")
    skipped = {}
    if "postgresql" in backends and (why := pg_reachable(args.pg)) is not None:
        skipped["postgresql"] = why
        backends.remove("postgresql")

    records = load_records(args.corpus, args.limit)
    from claimledger import nlp as nlp_loader

    nlp_loader.load()  # the model load is not extraction time
    list(extract_many(records[:1]))  # nor are the lexicons and tables loaded on first use
    extracted, extract_s = timed(lambda: list(extract_many(records)))
    result: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "git_commit": git_commit(), "corpus": args.corpus.name, "articles": len(records),
        "figures_extracted": sum(len(c.figures) for a in extracted for c in a.claims),
        "python": platform.python_version(), "cpus": os.cpu_count(),
        "extraction": {"seconds": round(extract_s, 2), "articles_per_s": round(len(records) / extract_s, 2)},
        "backends": {}, "skipped": skipped,
        "targets": {"storage_share_of_extraction": TARGET_STORAGE_SHARE, "query_ms": TARGET_QUERY_MS,
                    "query_figures": args.figures},
    }
    with tempfile.TemporaryDirectory(prefix="ledger-bench-") as tmp:
        work = Path(tmp)
        raw = work / "articles.jsonl"
        pre = work / "extracted.jsonl"
        raw.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        pre.write_text("".join(a.to_json(include_text=True, indent=None) + "\n" for a in extracted), encoding="utf-8")
        for backend in backends:
            out: dict[str, Any] = {}
            with fresh_db(backend, work, args.pg) as db:
                out["storage_alone"] = ingest_run(db, [pre])
            out["storage_share_of_extraction"] = round(out["storage_alone"]["seconds"] / extract_s, 4)
            with fresh_db(backend, work, args.pg) as db:
                out["with_extraction"] = ingest_run(db, [raw])
            with fresh_db(backend, work, args.pg) as db:
                out["large"] = build_large(db, extracted, args.figures)
                out["queries"] = time_queries(db)
            result["backends"][backend] = out
            print(f"{backend}: done", file=sys.stderr)
    runs = result["backends"].values()
    result["meets_targets"] = bool(runs) and all(
        r["storage_share_of_extraction"] <= TARGET_STORAGE_SHARE
        and all(q["median_ms"] <= TARGET_QUERY_MS for q in r["queries"])
        for r in runs
    )
    print_table(result)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


def print_table(result: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=160)
    ex = result["extraction"]
    title = (f"{result['articles']} articles, {result['figures_extracted']} figures; "
             f"extraction alone {ex['seconds']} s ({ex['articles_per_s']} articles/s)")
    table = Table(title=title)
    for column in ("backend", "storage alone art/s", "storage / extraction", "with extraction art/s",
                   "MB per 1,000 articles", "queried ledger"):
        table.add_column(column, justify="left" if column == "backend" else "right")
    for name, r in result["backends"].items():
        large = r["large"]
        table.add_row(
            name, f"{r['storage_alone']['articles_per_s']}", f"{r['storage_share_of_extraction']:.1%}",
            f"{r['with_extraction']['articles_per_s']}", f"{large['mb_per_1000_articles']}",
            f"{large['articles']:,} art, {large['figures']:,} fig",
        )
    console.print(table)
    queries = Table(title="filtered claims queries on the large ledger (median of 5)")
    for column in ("backend", "query", "rows", "median ms", "max ms"):
        queries.add_column(column, justify="left" if column in ("backend", "query") else "right")
    for name, r in result["backends"].items():
        for q in r["queries"]:
            queries.add_row(name, q["query"], f"{q['rows']:,}", f"{q['median_ms']}", f"{q['max_ms']}")
    console.print(queries)
    for backend, why in result["skipped"].items():
        print(f"{backend} skipped: {why}")
    verdict = "meets" if result["meets_targets"] else "misses"
    print(f"{verdict} the targets: storage <= {TARGET_STORAGE_SHARE:.0%} of extraction time, "
          f"each query <= {TARGET_QUERY_MS:.0f} ms at {result['targets']['query_figures']:,} figures")


if __name__ == "__main__":
    main()
