"""The accuracy table (ours beside published anchors), accuracy.json and the per-row error files."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

# Anchors from ../shared/benchmarks/README.md, measured with the published tools on this kind
# of machine, as percentages. Citron's speed: 388k characters in about 26 s.
ANCHORS: dict[str, tuple[float, str]] = {
    "newsquant.value.f1": (90.4, "CQE 2.0.3, sm 3.8"),
    "newsquant.value+unit.f1": (82.3, "CQE 2.0.3, sm 3.8"),
    "newsquant.value+change.f1": (85.8, "CQE 2.0.3, sm 3.8"),
    "idetect.found": (96.2, "CQE 2.0.3"),
    "idetect.found+counted": (84.0, "CQE 2.0.3"),
    "polnear.content.f1": (57.1, "Citron (PolNeAR train)"),
    "polnear.content+source.precision": (65.9, "Citron (PolNeAR train)"),
    "polnear.content+source.recall": (43.7, "Citron (PolNeAR train)"),
    "polnear.content+source.f1": (52.5, "Citron (PolNeAR train)"),
    "polnear.direct_recall_with_source": (57.8, "Citron (PolNeAR train)"),
    "polnear.indirect_recall_with_source": (36.2, "Citron (PolNeAR train)"),
    "polnear.characters_per_second": (388000 / 26, "Citron (PolNeAR train)"),
}

# (key in the flattened results, label, is a share shown as a percentage)
ROWS: tuple[tuple[str, str, bool], ...] = (
    ("newsquant.value.f1", "NewsQuant value F1", True),
    ("newsquant.value+unit.f1", "NewsQuant value+unit F1", True),
    ("newsquant.value+change.f1", "NewsQuant value+change F1", True),
    ("newsquant.value+unit exact.f1", "NewsQuant value+unit F1, whole unit phrase", True),
    ("newsquant.sentences_per_second", "NewsQuant speed, sentences/s", False),
    ("idetect.found", "IDETECT gold figure found %", True),
    ("idetect.found+counted", "IDETECT found, people/household counted %", True),
    ("idetect.found+counted+measure", "IDETECT found, counted and measure %", True),
    ("polnear.content.f1", "PolNeAR content F1", True),
    ("polnear.content+source.precision", "PolNeAR content+source P", True),
    ("polnear.content+source.recall", "PolNeAR content+source R", True),
    ("polnear.content+source.f1", "PolNeAR content+source F1", True),
    ("polnear.direct_recall_with_source", "PolNeAR direct recall with source", True),
    ("polnear.indirect_recall_with_source", "PolNeAR indirect recall with source", True),
    ("polnear.characters_per_second", "PolNeAR speed, characters/s", False),
)


def flatten(node: Any, prefix: str = "") -> dict[str, Any]:
    """{"a": {"b": 1}} -> {"a.b": 1}."""
    if not isinstance(node, dict):
        return {prefix: node}
    flat: dict[str, Any] = {}
    for key, value in node.items():
        flat.update(flatten(value, f"{prefix}.{key}" if prefix else key))
    return flat


def table(results: dict[str, Any], polnear_split: str = "test") -> str:
    """One plain-text table: each metric, our figure, and the anchor beside it ("-" where not run).

    PolNeAR anchors are test-split figures, so they are left out when another split was scored.
    """
    flat = flatten(results)
    lines = [("metric", "ours", "anchor", "anchor system")]
    for key, label, percent in ROWS:
        ours = flat.get(key)
        anchor = ANCHORS.get(key)
        if key.startswith("polnear."):
            label = label.replace("PolNeAR", f"PolNeAR {polnear_split}")
            if polnear_split != "test":
                anchor = None
        lines.append((
            label,
            _number(ours, percent),
            _number(anchor[0], False) if anchor else "",
            anchor[1] if anchor else "",
        ))
    widths = [max(len(row[i]) for row in lines) for i in range(4)]
    out = []
    for n, row in enumerate(lines):
        out.append("  ".join(
            cell.ljust(widths[i]) if i in (0, 3) else cell.rjust(widths[i]) for i, cell in enumerate(row)
        ).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def _number(value: float | None, percent: bool) -> str:
    if value is None:
        return "-"
    if percent:
        return f"{100 * value:.1f}"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def git_commit(repo: Path) -> str | None:
    """The checked-out commit, with "-dirty" when the tree has uncommitted changes (read only)."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True,
                              check=True)
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=repo,
                                capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return head.stdout.strip() + ("-dirty" if status.stdout.strip() else "")


def write_json(path: Path, results: dict[str, Any], meta: dict[str, Any]) -> None:
    payload = {
        "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        **meta,
        "results": results,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_rows(path: Path, rows: list[dict[str, Any]]) -> None:
    """One JSON object per line, in the order the scorer produced them (input order)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
