"""Quick NewsQuant and IDETECT check for tuning the quantity recogniser.

Usage: .venv/bin/python benchmarks/quantities_quick.py [--errors N] [--json OUT]

NewsQuant scoring as in ../shared/benchmarks/README.md: per sentence each gold quantity
matches the first unused prediction with the same value (ranges: both ends; relative
tolerance 1e-5); value+unit also needs the same normalised unit, value+change the same
change. A prediction's NewsQuant value is its value, else "low-high" for a range or a
vague amount with both ends, else the one end given. A count with no counted noun has
unit "-", as in the gold.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path

from claimledger import nlp
from claimledger.extract.numbers import Quantity, find_quantities

SHARED = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"
NEWSQUANT = SHARED / "newsquant" / "NewsQuant.json"
IDETECT = SHARED / "idetect" / "idetect_test.jsonl"
PEOPLE = re.compile(
    r"\b(people|persons|person|individuals|residents|families|households|homes|houses|"
    r"villagers|civilians|refugees|children|inhabitants|evacuees|migrants|IDPs?|"
    r"dwellings|shelters|houses|others)\b",
    re.I,
)


def predicted_value(q: Quantity) -> tuple[float, ...]:
    if q.value is not None:
        return (q.value,)
    if q.low is not None and q.high is not None:
        return (q.low, q.high)
    return (q.low if q.low is not None else q.high,)  # type: ignore[return-value]


def gold_value(raw: str) -> tuple[float, ...]:
    m = re.fullmatch(r"(-?[\d.e+]+)-(-?[\d.e+]+)", raw.strip())
    if m:
        return (float(m[1]), float(m[2]))
    return (float(raw),)


def same(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return len(a) == len(b) and all(
        math.isclose(x, y, rel_tol=1e-5, abs_tol=1e-9) for x, y in zip(a, b, strict=True)
    )


def prf(match: int, pred: int, gold: int) -> tuple[float, float, float]:
    p = match / pred if pred else 0.0
    r = match / gold if gold else 0.0
    return 100 * p, 100 * r, (200 * p * r / (p + r) if p + r else 0.0)


def newsquant(n_errors: int) -> dict[str, tuple[float, float, float]]:
    data = json.loads(NEWSQUANT.read_text(encoding="utf-8"))
    model = nlp.load()
    n_pred = n_gold = 0
    hits = {"value": 0, "value+unit": 0, "value+change": 0}
    errors: list[str] = []
    docs = model.pipe([row["text"] for row in data], batch_size=64)
    for row, doc in zip(data, docs, strict=True):
        preds = [q for q in find_quantities(doc) if predicted_value(q)[0] is not None]
        n_pred += len(preds)
        n_gold += len(row["quantities"])
        for mode in hits:
            used: set[int] = set()
            for g in row["quantities"]:
                try:
                    gv = gold_value(g["value"])
                except ValueError:
                    continue
                for k, q in enumerate(preds):
                    if k in used or not same(predicted_value(q), gv):
                        continue
                    if mode == "value+unit" and (q.quant_unit or "-") != g["normalized_unit"]:
                        continue
                    if mode == "value+change" and q.change != g["change"]:
                        continue
                    used.add(k)
                    hits[mode] += 1
                    break
                else:
                    if mode == "value":
                        errors.append(
                            f"MISS {g['value']} {g['change']} {g['normalized_unit']!r} | {row['text'][:160]}"
                        )
                    elif mode == "value+unit" and any(same(predicted_value(q), gv) for q in preds):
                        got = [q.quant_unit for q in preds if same(predicted_value(q), gv)]
                        errors.append(f"UNIT {g['value']} gold {g['normalized_unit']!r} got {got}")
                    elif mode == "value+change" and any(same(predicted_value(q), gv) for q in preds):
                        got = [q.change for q in preds if same(predicted_value(q), gv)]
                        errors.append(
                            f"CHANGE {g['value']} gold {g['change']} got {got} | {row['text'][:120]}"
                        )
            if mode == "value":
                for k, q in enumerate(preds):
                    if k not in used:
                        errors.append(f"EXTRA {q.text!r} {predicted_value(q)} {q.kind} | {row['text'][:160]}")
    for line in errors[:n_errors]:
        print(line)
    return {mode: prf(h, n_pred, n_gold) for mode, h in hits.items()}


def idetect(n_errors: int) -> tuple[float, float, int, list[str]]:
    """Share of excerpts whose gold figure is found, and found with a people/household noun counted."""
    rows = [json.loads(line) for line in IDETECT.read_text(encoding="utf-8").splitlines() if line.strip()]
    model = nlp.load()
    found = found_people = 0
    typos: list[str] = []
    for row, doc in zip(rows, model.pipe([r["excerpt"] for r in rows], batch_size=64), strict=True):
        gold = float(row["Quantity"])
        qs = find_quantities(doc)
        hit = [q for q in qs if gold in (q.value, q.low, q.high)]
        if not hit:
            # The gold has typos (260,000 labelled 26000): accept the number written in the excerpt.
            written = {float(x.replace(",", "")) for x in re.findall(r"\d[\d,]*(?:\.\d+)?", row["excerpt"])}
            hit = [
                q
                for q in qs
                if q.value in written
                and q.value
                and str(int(gold)).rstrip("0") == str(int(q.value)).rstrip("0")
            ]
            typos += [f"{row['excerpt_id']}: gold {row['Quantity']}, written {hit[0].text!r}"] if hit else []
        if hit:
            found += 1
            if any(q.counted and PEOPLE.search(q.counted) for q in hit):
                found_people += 1
            elif n_errors:
                print(
                    f"NOCOUNT {row['Quantity']} {[(q.text, q.counted) for q in hit]} | {row['excerpt'][:160]}"
                )
        elif n_errors:
            print(f"IMISS {row['Quantity']} {[q.text for q in qs]} | {row['excerpt'][:200]}")
    return 100 * found / len(rows), 100 * found_people / len(rows), len(rows), typos


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", type=int, default=0, help="print up to N NewsQuant errors")
    parser.add_argument("--idetect-errors", action="store_true", help="print IDETECT misses")
    parser.add_argument("--json", type=Path, help="write the scores as JSON here")
    args = parser.parse_args()
    if not NEWSQUANT.exists():
        print(f"NewsQuant not found at {NEWSQUANT}", file=sys.stderr)
        return 1
    scores = newsquant(args.errors)
    print(f"{'NewsQuant':14} {'P':>6} {'R':>6} {'F1':>6}")
    for mode, (p, r, f) in scores.items():
        print(f"{mode:14} {p:6.1f} {r:6.1f} {f:6.1f}")
    result: dict[str, object] = {"newsquant": scores}
    if IDETECT.exists():
        found, people, n, typos = idetect(1 if args.idetect_errors else 0)
        print(
            f"IDETECT ({n} excerpts): gold figure found {found:.1f}%, "
            f"with a people/household noun {people:.1f}%"
        )
        print("IDETECT rows whose gold figure is a typo of the written number:", "; ".join(typos))
        result["idetect"] = {"found": found, "found_people": people, "n": n, "gold_typos": typos}
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
