"""The series timeline chart: a Vega-Lite spec, rendered offline to real PNG and SVG files."""

from __future__ import annotations

import json
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from claimledger.ledger.plot import save_plot, timeline_chart

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _estimate(source: str, stated_on: str | None, bound: str, value=None, low=None, high=None,
              outlets=("Meridian Wire",), superseded=False, disagrees=False) -> dict:
    return {"source": source, "stated_on": stated_on, "value": value, "low": low, "high": high,
            "bound": bound, "outlets": list(outlets), "superseded": superseded, "disagrees": disagrees}


# A hand-made series: a ministry revising its count twice, a rebel group's open-ended and
# approximate counts that disagree with it, an observer range and an NGO's upper bound.
SERIES = [
    _estimate("Defence Ministry", "2026-01-15", "exact", value=14, outlets=["Meridian Wire", "Radio Lumen"],
              superseded=True, disagrees=True),
    _estimate("Defence Ministry", "2026-01-26", "exact", value=23, superseded=True, disagrees=True),
    _estimate("Defence Ministry", "2026-02-16", "exact", value=31, outlets=["Northgate Daily"],
              disagrees=True),
    _estimate("People's Front", "2026-01-16", "gt", low=200, outlets=["Radio Lumen", "The Civic Observer"],
              superseded=True, disagrees=True),
    _estimate("People's Front", "2026-02-09", "approx", value=350, outlets=["The Orlevo Courier"],
              disagrees=True),
    _estimate("Observer Mission", "2026-02-03", "range", low=60, high=120, outlets=["Atlas Dispatch"]),
    _estimate("Aid Group", "2026-02-05", "lt", high=40, outlets=[]),
]


def _rows(spec: dict) -> list[dict]:
    return spec["data"]["values"]


def test_spec_is_vega_lite_with_one_row_per_estimate():
    spec = timeline_chart(SERIES, title="Soldiers killed")
    assert "vega-lite" in spec["$schema"]
    assert spec["title"]["text"] == "Soldiers killed"
    json.dumps(spec)  # the spec must be plain JSON for a web page to reuse it
    rows = _rows(spec)
    assert len(rows) == len(SERIES)
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    by_label = {r["label"]: r for r in rows}
    assert set(by_label) == {"14", "23", "31", ">200", "~350", "60–120", "<40"}
    assert by_label["14"]["marker"] == "value" and by_label["14"]["n_outlets"] == 2
    assert by_label["60–120"]["marker"] == "interval"
    assert (by_label["60–120"]["y"], by_label["60–120"]["y2"]) == (60, 120)
    assert by_label["14"]["y"] is None  # a bare value has no bar


def test_open_bounds_run_to_the_edge_of_the_chart():
    spec = timeline_chart(SERIES)
    rows = {r["label"]: r for r in _rows(spec)}
    y_domains = [layer["encoding"]["y"]["scale"]["domain"] for layer in spec["layer"]
                 if "scale" in layer["encoding"]["y"]]
    bottom, top = y_domains[0]
    assert all(d == [bottom, top] for d in y_domains)
    assert top > 350 and bottom == 0
    above, below = rows[">200"], rows["<40"]
    assert above["marker"] == "open above"
    assert (above["y"], above["y2"], above["y_marker"]) == (200, top, 200)
    assert below["marker"] == "open below"
    assert (below["y"], below["y2"], below["y_marker"]) == (bottom, 40, 40)
    assert above["open"] and below["open"] and not rows["60–120"]["open"]


def test_spec_does_not_depend_on_input_order():
    assert timeline_chart(SERIES) == timeline_chart(list(reversed(SERIES)))


def test_undated_estimates_are_left_out_and_counted():
    spec = timeline_chart(SERIES + [_estimate("Aid Group", None, "exact", value=5)])
    assert len(_rows(spec)) == len(SERIES)
    assert any("1 estimate(s) without a date" in line for line in spec["title"]["subtitle"])


@pytest.mark.parametrize(
    ("estimates", "message"),
    [
        ([], "no estimates"),
        ([{"source": "A", "stated_on": "2026-01-01", "value": 3, "low": None, "high": None}], "lacks bound"),
        ([_estimate("A", "2026-01-01", "roughly", value=3)], "unknown bound"),
        ([_estimate("A", "15/01/2026", "exact", value=3)], "YYYY-MM-DD"),
        ([_estimate("A", "2026-01-01", "exact", value="three")], "expected a number"),
        ([_estimate("A", "2026-01-01", "exact")], "no value, low or high"),
        ([_estimate("A", None, "exact", value=3)], "stated_on date"),
    ],
)
def test_malformed_estimates_are_refused(estimates, message):
    with pytest.raises(ValueError, match=message):
        timeline_chart(estimates)


def test_save_plot_writes_a_real_png(tmp_path: Path):
    path = save_plot(SERIES, tmp_path / "series.png", title="Soldiers killed")
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert width > 600 and height > 300


def test_save_plot_writes_a_real_svg(tmp_path: Path):
    path = save_plot(SERIES, tmp_path / "series.SVG")
    root = ET.fromstring(path.read_text(encoding="utf-8"))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    text = path.read_text(encoding="utf-8")
    for source in ("Defence Ministry", "People&apos;s Front", "Observer Mission", "Aid Group"):
        assert source in text or source.replace("&apos;", "'") in text


def test_save_plot_refuses_other_suffixes(tmp_path: Path):
    with pytest.raises(ValueError, match=r"\.png or \.svg"):
        save_plot(SERIES, tmp_path / "series.pdf")
    assert not (tmp_path / "series.pdf").exists()
