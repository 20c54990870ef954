"""Throughput of ``claimledger.extract_many`` beside plain spaCy ``nlp.pipe`` on the same texts.

Each configuration runs in a fresh subprocess, so that its peak memory (``ru_maxrss`` of the
process and of the worker processes it started) is its own. Prints a table and writes JSON.

    .venv/bin/python benchmarks/throughput.py --corpus ../shared/corpus/fox-2026.jsonl.gz --limit 200

Targets: extraction at least 0.8x the articles/s of plain spaCy, at most 500 MB per process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from claimledger.extract.pipeline import DEFAULT_BATCH_SIZE as BATCH_SIZE

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "fox-2026.jsonl.gz"
DEFAULT_OUT = ROOT / "benchmarks" / "results" / "throughput.json"
TARGET_RATIO = 0.8
TARGET_MB = 500


def load_texts(corpus: Path, limit: int) -> list[str]:
    """The first ``limit`` article texts of a JSON lines corpus (HTML-only records through trafilatura)."""
    from claimledger.ingest.html import article_from_html

    texts: list[str] = []
    with (
        gzip.open(corpus, "rt", encoding="utf-8")
        if corpus.suffix == ".gz"
        else corpus.open(encoding="utf-8") as f
    ):
        for line in f:
            if len(texts) >= limit:
                break
            record = json.loads(line)
            text = record.get("text")
            if not isinstance(text, str):
                text = article_from_html(record["html"])["text"]
            texts.append(text)
    return texts


def run_worker(
    engine: str, n_process: int, corpus: Path, limit: int, model: str, batch_size: int = BATCH_SIZE
) -> dict[str, Any]:
    """Time one configuration in this process; called in a subprocess by ``main``."""
    texts = load_texts(corpus, limit)
    if engine == "spacy":
        import spacy

        nlp = spacy.load(model)
        start = time.perf_counter()
        for _ in nlp.pipe(texts, n_process=n_process, batch_size=batch_size):
            pass
    else:
        import claimledger
        from claimledger import nlp as nlp_loader

        nlp_loader.load(model)
        start = time.perf_counter()
        for _ in claimledger.extract_many(texts, n_process=n_process, batch_size=batch_size, model=model):
            pass
    seconds = time.perf_counter() - start
    # ru_maxrss is in KiB on Linux; for children it is the largest single child's peak.
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "engine": engine,
        "n_process": n_process,
        "seconds": round(seconds, 3),
        "peak_mb_main": round(own, 1),
        "peak_mb_worker": round(children, 1) if n_process > 1 else None,
    }


def _git_commit() -> str | None:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return commit.stdout.strip() + ("-dirty" if dirty.stdout.strip() else "")


def _run_subprocess(engine: str, n_process: int, args: argparse.Namespace) -> dict[str, Any]:
    worker = ["--worker", engine, "--n-process", str(n_process), "--batch-size", str(args.batch_size)]
    same = ["--corpus", str(args.corpus), "--limit", str(args.limit), "--model", args.model]
    cmd = [sys.executable, __file__, *worker, *same]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        # Reported in the table and the JSON, so one broken configuration does not hide the others.
        lines = proc.stderr.strip().splitlines() or ["no output"]
        return {"engine": engine, "n_process": n_process, "error": lines[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    from claimledger import nlp as nlp_loader

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=500)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--model", default=nlp_loader.DEFAULT_MODEL)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="nlp.pipe batch size for both")
    parser.add_argument("--processes", default="1,2", help="comma-separated n_process values to run")
    parser.add_argument("--worker", choices=["spacy", "claimledger"], help=argparse.SUPPRESS)
    parser.add_argument("--n-process", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        print(
            json.dumps(
                run_worker(args.worker, args.n_process, args.corpus, args.limit, args.model, args.batch_size)
            )
        )
        return
    if not args.corpus.exists():
        sys.exit(f"{args.corpus} is absent: pass --corpus PATH (a .jsonl or .jsonl.gz of articles).")

    texts = load_texts(args.corpus, args.limit)
    words = sum(len(t.split()) for t in texts)
    runs = []
    for n_process in (int(n) for n in args.processes.split(",")):
        for engine in ("spacy", "claimledger"):
            run = _run_subprocess(engine, n_process, args)
            if "error" not in run:
                run["articles_per_s"] = round(len(texts) / run["seconds"], 2)
                run["words_per_s"] = round(words / run["seconds"], 1)
            runs.append(run)
    ok = [r for r in runs if "error" not in r]
    ratios = {}
    for run in ok:
        base = next((r for r in ok if r["engine"] == "spacy" and r["n_process"] == run["n_process"]), None)
        if run["engine"] == "claimledger" and base is not None:
            ratios[str(run["n_process"])] = round(run["articles_per_s"] / base["articles_per_s"], 3)
    peaks = [max(r["peak_mb_main"], r["peak_mb_worker"] or 0) for r in ok if r["engine"] == "claimledger"]
    peak = max(peaks, default=None)
    result = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "git_commit": _git_commit(),
        "corpus": args.corpus.name,
        "articles": len(texts),
        "words": words,
        "model": args.model,
        "batch_size": args.batch_size,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "runs": runs,
        "ratio_to_spacy": ratios,
        "peak_mb_per_process": peak,
        "targets": {"ratio_to_spacy": TARGET_RATIO, "peak_mb_per_process": TARGET_MB},
        "meets_targets": len(ok) == len(runs)
        and all(r >= TARGET_RATIO for r in ratios.values())
        and peak is not None
        and peak <= TARGET_MB,
    }
    _print_table(result)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


def _print_table(result: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{result['articles']} articles, {result['words']:,} words, {result['model']}")
    for column in ("engine", "procs", "seconds", "art/s", "words/s", "MB main", "MB worker", "ratio"):
        table.add_column(column, justify="left" if column == "engine" else "right")
    for run in result["runs"]:
        if "error" in run:
            table.add_row(run["engine"], str(run["n_process"]), "failed", "", "", "", "", "")
            continue
        ratio = (
            result["ratio_to_spacy"].get(str(run["n_process"])) if run["engine"] == "claimledger" else None
        )
        table.add_row(
            run["engine"],
            str(run["n_process"]),
            f"{run['seconds']:.1f}",
            f"{run['articles_per_s']:.1f}",
            f"{run['words_per_s']:,.0f}",
            f"{run['peak_mb_main']:.0f}",
            "-" if run["peak_mb_worker"] is None else f"{run['peak_mb_worker']:.0f}",
            "" if ratio is None else f"{ratio:.2f}x",
        )
    Console().print(table)
    for run in result["runs"]:
        if "error" in run:
            print(f"{run['engine']} with n_process={run['n_process']} failed: {run['error']}")
    verdict = "meets" if result["meets_targets"] else "misses"
    print(
        f"{verdict} the targets: >= {TARGET_RATIO}x plain spaCy, <= {TARGET_MB} MB per process "
        f"(claimledger peak {result['peak_mb_per_process']} MB)"
    )


if __name__ == "__main__":
    main()
