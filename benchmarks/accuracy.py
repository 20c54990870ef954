"""Accuracy on the public benchmarks: NewsQuant, IDETECT and PolNeAR, beside published anchors.

Usage: .venv/bin/python benchmarks/accuracy.py [--shared ../shared] [--only newsquant,idetect,polnear]
                                               [--split test|dev|train] [--limit N]

Prints one table, writes benchmarks/results/accuracy.json (date, git commit, scores) and the
per-row error listings to benchmarks/results/errors/ (git-ignored). Scoring rules:
../shared/benchmarks/README.md and docs/accuracy.md.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path
from typing import Any

from claimledger.evaluation import report
from claimledger.evaluation.run import EngineMissing, run_idetect, run_newsquant, run_polnear

REPO = Path(__file__).resolve().parents[1]
BENCHMARKS = ("newsquant", "idetect", "polnear")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared",
                        help="the shared folder holding benchmarks/ (default: ../shared)")
    parser.add_argument("--only", default=",".join(BENCHMARKS),
                        help="comma-separated benchmarks to run (default: all three)")
    parser.add_argument("--split", choices=("test", "dev", "train"), default="test", help="PolNeAR split")
    parser.add_argument("--limit", type=int, help="score only the first N items of each benchmark")
    parser.add_argument("--model", help="spaCy pipeline to use (default: claimledger's)")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results",
                        help="folder for accuracy.json and errors/")
    args = parser.parse_args(argv)

    chosen = [b.strip() for b in args.only.split(",") if b.strip()]
    unknown = sorted(set(chosen) - set(BENCHMARKS))
    if unknown:
        parser.error(f"unknown benchmark(s) {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    benchmarks = args.shared / "benchmarks"
    if not benchmarks.is_dir():
        print(f"No benchmark data at {benchmarks}: pass --shared PATH to the shared folder.", file=sys.stderr)
        return 2

    results: dict[str, Any] = {}
    errors = args.out / "errors"
    failed = False
    for name in chosen:
        try:
            results[name] = RUNNERS[name](benchmarks, args, errors)
        except EngineMissing as exc:
            print(f"{name} skipped: {exc}", file=sys.stderr)
        except Exception:  # an engine crash on one benchmark must not lose the others
            failed = True
            print(f"{name} failed:", file=sys.stderr)
            traceback.print_exc()

    print(report.table(results, polnear_split=args.split))
    _print_notes(results)
    meta = {"commit": report.git_commit(REPO), "only": chosen, "polnear_split": args.split,
            "limit": args.limit}
    if args.limit is None and not failed:
        report.write_json(args.out / "accuracy.json", results, meta)
        print(f"\nwrote {args.out / 'accuracy.json'} and error listings in {errors}/")
    else:  # a partial look or a crashed run must not replace the recorded scores
        print(f"\naccuracy.json not written (--limit or a failure); error listings in {errors}/")
    return 1 if failed else 0


def _newsquant(benchmarks: Path, args: argparse.Namespace, errors: Path) -> dict[str, Any]:
    result, timed, suspect = run_newsquant(benchmarks, args.model, args.limit)
    report.write_rows(errors / "newsquant.jsonl", result.rows)
    return {**result.to_dict(), "sentences": timed.items, "sentences_per_second": round(timed.per_second, 1),
            "suspect_gold": suspect}


def _idetect(benchmarks: Path, args: argparse.Namespace, errors: Path) -> dict[str, Any]:
    result, timed = run_idetect(benchmarks, args.model, args.limit)
    report.write_rows(errors / "idetect.jsonl", result.rows)
    return {**result.to_dict(), "excerpts_per_second": round(timed.per_second, 1)}


def _polnear(benchmarks: Path, args: argparse.Namespace, errors: Path) -> dict[str, Any]:
    result, timed, _ = run_polnear(benchmarks, args.split, args.model, args.limit)
    report.write_rows(errors / f"polnear-{args.split}.jsonl", result.rows)
    return {"split": args.split, **result.to_dict(), "characters_per_second": round(timed.per_second)}


RUNNERS = {"newsquant": _newsquant, "idetect": _idetect, "polnear": _polnear}


def _print_notes(results: dict[str, Any]) -> None:
    print()
    if "newsquant" in results:
        nq = results["newsquant"]
        print(f"NewsQuant: {nq['sentences']} sentences, {nq['value']['gold']} gold, "
              f"{nq['value']['predictions']} predictions.")
        for s in nq["suspect_gold"]:
            print(f"  suspect gold (scored as labelled): sentence {s['index']} gold {s['gold']}, "
                  f"the text writes {s['written']:g}")
    if "idetect" in results:
        idetect = results["idetect"]
        print(f"IDETECT: {idetect['excerpts']} excerpts, {idetect['predictions']} predicted figures.")
        for t in idetect["typos"]:
            print(f"  gold typo, scored against the written number: excerpt {t['excerpt_id']} "
                  f"gold {t['gold']:g}, written {t['written']:g}")
    if "polnear" in results:
        p = results["polnear"]
        print(f"PolNeAR {p['split']}: {p['content']['gold']} gold attributions ({p['direct_gold']} direct, "
              f"{p['indirect_gold']} indirect), {p['content']['predictions']} predicted, "
              f"{p['characters']:,} characters.")


if __name__ == "__main__":
    raise SystemExit(main())
