"""PolNeAR false positives and misses with their context, for tuning the attribution engine.

Usage: .venv/bin/python benchmarks/attribution_errors.py [--split dev|train] [--kind fp,miss,source]
                                                     [--article SUBSTRING] [--max N] [--width CHARS]

Runs ``claimledger.extract`` over a tuning split (never test), scores it as
benchmarks/accuracy.py does, and prints each error with the text around it; the content is
marked ⟦like this⟧.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from claimledger.evaluation.attribution_benchmark import load_polnear, score_polnear
from claimledger.evaluation.run import POLNEAR_DIR, EngineMissing, polnear_predictions

REPO = Path(__file__).resolve().parents[1]
KINDS = {"fp": "false_positives", "miss": "missed", "source": "source_wrong"}
LONGEST = 400  # characters of a content shown before eliding its middle


def context(text: str, pieces: list[list[int]] | list[tuple[int, int]], width: int) -> str:
    """The text around the first to the last piece, the pieces marked ⟦…⟧, on one line."""
    start, end = pieces[0][0], pieces[-1][1]
    out, at = [text[max(0, start - width):start]], start
    for s, e in pieces:
        out.append(text[at:s])
        inner = text[s:e]
        if len(inner) > LONGEST:
            inner = inner[: LONGEST // 2] + " … " + inner[-LONGEST // 2:]
        out.append(f"⟦{inner}⟧")
        at = e
    out.append(text[end:end + width])
    return "".join(out).replace("\n", " ⏎ ")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--split", choices=("dev", "train"), default="dev",
                        help="a tuning split; the test split is for reporting only")
    parser.add_argument("--kind", default="fp,miss,source",
                        help="which errors: fp (false positives), miss, source (matched, source wrong)")
    parser.add_argument("--article", help="only articles whose name contains this")
    parser.add_argument("--max", type=int, default=60, help="print at most N errors")
    parser.add_argument("--width", type=int, default=90, help="characters of context on each side")
    parser.add_argument("--model", help="spaCy pipeline to use")
    args = parser.parse_args(argv)
    kinds = [KINDS[k.strip()] for k in args.kind.split(",") if k.strip() in KINDS]

    articles = load_polnear(args.shared / "benchmarks" / POLNEAR_DIR, args.split)
    if args.article:
        articles = [a for a in articles if args.article in a.name]
    if not articles:
        print("No articles to score (check --shared and --article).", file=sys.stderr)
        return 2
    try:
        predictions, timed = polnear_predictions(articles, args.model)
    except EngineMissing as exc:
        print(f"Cannot run the engine: {exc}", file=sys.stderr)
        return 1
    result = score_polnear(articles, predictions)
    texts = {a.name: a.text for a in articles}
    c, cs = result.content, result.content_source
    print(f"PolNeAR {args.split}: {len(articles)} articles, {c.gold} gold, {c.predictions} predicted; "
          f"content P/R/F1 {c.precision:.3f}/{c.recall:.3f}/{c.f1:.3f}; "
          f"content+source {cs.precision:.3f}/{cs.recall:.3f}/{cs.f1:.3f}; "
          f"direct R(src) {result.direct_recall_source:.3f}, "
          f"indirect R(src) {result.indirect_recall_source:.3f}; "
          f"{timed.per_second:,.0f} chars/s")
    shown = 0
    for row in result.rows:
        for kind in kinds:
            for error in row[kind]:
                if shown >= args.max:
                    print(f"\n… stopped after {args.max} errors (--max).")
                    return 0
                shown += 1
                print(f"\n[{kind}] {row['article']}")
                print(describe(kind, error, texts[row["article"]], args.width))
    return 0


def describe(kind: str, error: dict, text: str, width: int) -> str:
    """Two lines: what was predicted or expected, then the content in its context."""
    if kind == "false_positives":
        head = (f"predicted source {error['source_text']!r} cue {error['cue_text']!r}; "
                f"best Jaccard with an unused gold {error['best_jaccard']}")
        pieces = [error["content"]]
    elif kind == "missed":
        direct = "direct" if error["direct"] else "indirect"
        head = f"gold {error['id']} ({direct}) source {error['source_text']!r} cue {error['cue_text']!r}"
        pieces = error["content"]
    else:
        predicted = error["predicted"]
        head = (f"gold source {error['gold']['source_text']!r}, predicted {predicted['source_text']!r} "
                f"(cue {predicted['cue_text']!r})")
        pieces = [predicted["content"]]
    return f"  {head}\n  {context(text, pieces, width)}"


if __name__ == "__main__":
    raise SystemExit(main())
