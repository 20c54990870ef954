"""A series timeline as one Vega-Lite chart: estimates over time by source, bounds as intervals.

The chart is a Vega-Lite spec built with altair, so a web page can embed the same definition;
``save_plot`` renders it offline to PNG or SVG with vl-convert (no browser, no network).

An estimate is a dict with ``source``, ``stated_on`` (YYYY-MM-DD), ``value``, ``low``,
``high``, ``bound`` (as in the claims format), ``outlets`` (list), ``superseded`` and
``disagrees`` (bools), and optionally ``text`` (the figure's words, used in tooltips).

How an estimate is drawn:
- a stated value (exact or approximate) is a filled circle at the value;
- a closed interval (``range``, or ``vague`` with both ends) is a solid bar from low to high;
- an open bound (``gt``/``ge``: more than, at least; ``lt``/``le``: fewer than, up to) is an
  open triangle at the bound pointing the open way, with a dashed bar to the edge of the chart;
- superseded estimates are faded; estimates in a disagreement get a dark ring;
- marker size grows with the number of outlets that carried the estimate;
- a thin line joins each source's estimates in date order.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Any

import altair as alt

BOUNDS = {"exact", "approx", "gt", "ge", "lt", "le", "range", "vague"}
OPEN_ABOVE = {"gt", "ge"}
OPEN_BELOW = {"lt", "le"}
REQUIRED = ("source", "stated_on", "value", "low", "high", "bound")
SUFFIXES = (".png", ".svg")
UNATTRIBUTED = "(unattributed)"

MARKERS = ["value", "interval", "open above", "open below"]
MARKER_SHAPES = ["circle", "square", "triangle-up", "triangle-down"]
DISAGREE_COLOUR = "#222222"
RING_SIZE = 420
SUPERSEDED_OPACITY = 0.4
WIDTH, HEIGHT = 640, 320
PNG_SCALE = 2.0
HEADROOM = 1.15
LABEL_LEFT_AFTER = 0.8  # share of the time axis after which a label sits left of its marker


def timeline_chart(estimates: list[dict[str, Any]], *, title: str | None = None) -> dict[str, Any]:
    """The Vega-Lite spec (a dict) of a series timeline; raises ValueError on malformed estimates."""
    if not estimates:
        raise ValueError("no estimates to plot")
    rows = [_row(i, e) for i, e in enumerate(estimates)]
    undated = [r for r in rows if r["date"] is None]
    # Sorted by content, not input order, so the same estimates always give the same spec.
    rows = sorted((r for r in rows if r["date"] is not None), key=_sort_key)
    if not rows:
        raise ValueError("no estimate has a stated_on date, so none can be placed on the timeline")

    finite = [v for r in rows for v in (r["value"], r["low"], r["high"]) if v is not None]
    # Headroom above the largest number so open-above bars visibly run on past it.
    top = float(math.ceil(max(finite) * HEADROOM)) if max(finite) > 0 else 1.0
    bottom = float(min(0, math.floor(min(finite) * HEADROOM)))
    days = [date.fromisoformat(r["date"]).toordinal() for r in rows]
    first, span = min(days), max(days) - min(days)
    for r, day in zip(rows, days, strict=True):
        r["y"], r["y2"] = _interval(r, bottom, top)
        r["y_marker"] = _marker_y(r)
        r["label_left"] = span > 0 and (day - first) / span > LABEL_LEFT_AFTER

    data = alt.Data(values=rows)
    base = alt.Chart(data)
    # Padding keeps markers on the first and last day inside the plot.
    x = alt.X("date:T", title="stated on", scale=alt.Scale(padding=28),
              axis=alt.Axis(format="%d %b %Y", labelAngle=-30))
    y_scale = alt.Scale(domain=[bottom, top], nice=False)
    colour = alt.Color("source:N", title="source", scale=alt.Scale(scheme="tableau10"),
                       sort=sorted({r["source"] for r in rows}),
                       legend=alt.Legend(symbolOpacity=1, symbolType="circle"))
    opacity = alt.condition("datum.superseded", alt.value(SUPERSEDED_OPACITY), alt.value(1.0))
    tooltip = [
        alt.Tooltip("source:N"), alt.Tooltip("date:T", title="stated on", format="%Y-%m-%d"),
        alt.Tooltip("label:N", title="figure"), alt.Tooltip("text:N", title="as written"),
        alt.Tooltip("outlet_list:N", title="outlets"),
        alt.Tooltip("status:N"),
    ]

    bars = base.transform_filter("datum.y !== null").mark_rule(strokeWidth=3).encode(
        x=x, y=alt.Y("y:Q", scale=y_scale, title="estimate"), y2="y2:Q",
        color=colour, opacity=opacity,
        strokeDash=alt.StrokeDash("open:N", scale=alt.Scale(domain=[False, True], range=[[1, 0], [5, 3]]),
                                  legend=None),
        tooltip=tooltip,
    )
    # A thin line per source shows how its estimates moved between statements.
    paths = base.mark_line(strokeWidth=1, opacity=0.5).encode(
        x=x, y=alt.Y("y_marker:Q", scale=y_scale), color=colour, detail="source:N", order="date:T",
    )
    rings = base.transform_filter("datum.disagrees").mark_point(
        shape="circle", filled=False, color=DISAGREE_COLOUR, strokeWidth=2, size=RING_SIZE,
    ).encode(x=x, y=alt.Y("y_marker:Q", scale=y_scale), opacity=opacity, tooltip=tooltip)
    marker_encoding = {
        "x": x, "y": alt.Y("y_marker:Q", scale=y_scale), "color": colour, "opacity": opacity,
        "shape": alt.Shape("marker:N", title="marker", scale=alt.Scale(domain=MARKERS, range=MARKER_SHAPES)),
        "size": alt.Size("n_outlets:Q", title="outlets", scale=alt.Scale(domain=[1, 4], range=[60, 200]),
                         legend=alt.Legend(values=[1, 2, 3, 4], format="d", labelOffset=10)),
        "tooltip": tooltip,
    }
    # A stated value is a filled marker; bounds and intervals are open (white-filled) ones.
    values = base.transform_filter("datum.marker == 'value'").mark_point(filled=True)
    values = values.encode(**marker_encoding)
    bounds = base.transform_filter("datum.marker != 'value'").mark_point(
        filled=False, fill="white", fillOpacity=1, strokeWidth=2,
    ).encode(**marker_encoding)
    label_encoding = {"x": x, "y": alt.Y("y_marker:Q", scale=y_scale), "text": "label:N", "color": colour,
                      "opacity": opacity}
    # Labels near the right edge go on the marker's left so they do not run into the legend.
    labels_right = base.transform_filter("!datum.label_left").mark_text(
        align="left", dx=13, dy=-10, fontSize=11).encode(**label_encoding)
    labels_left = base.transform_filter("datum.label_left").mark_text(
        align="right", dx=-13, dy=-10, fontSize=11).encode(**label_encoding)

    subtitle = ["ring: disagrees with another source · faded: superseded by a newer estimate"
                " · dashed: open bound · size: number of outlets"]
    if undated:
        subtitle.append(f"{len(undated)} estimate(s) without a date not shown")
    chart = alt.layer(paths, bars, rings, values, bounds, labels_right, labels_left).properties(
        width=WIDTH, height=HEIGHT,
        title=alt.TitleParams(title or "Estimates over time by source", subtitle=subtitle, anchor="start"),
    ).resolve_scale(color="shared")
    return chart.to_dict()


def save_plot(estimates: list[dict[str, Any]], path: str | Path, *, title: str | None = None) -> Path:
    """Render the timeline to ``path``: PNG or SVG by its suffix; returns the path written."""
    import vl_convert as vlc

    out = Path(path)
    suffix = out.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"cannot draw a plot to {out.name!r}: give a file name ending in .png or .svg")
    spec = timeline_chart(estimates, title=title)
    if suffix == ".png":
        out.write_bytes(vlc.vegalite_to_png(spec, scale=PNG_SCALE))
    else:
        out.write_text(vlc.vegalite_to_svg(spec), encoding="utf-8")
    return out


def _row(index: int, estimate: dict[str, Any]) -> dict[str, Any]:
    missing = [k for k in REQUIRED if k not in estimate]
    if missing:
        raise ValueError(f"estimate {index} lacks {', '.join(missing)}")
    bound = estimate["bound"]
    if bound not in BOUNDS:
        raise ValueError(f"estimate {index} has unknown bound {bound!r}; expected one of {sorted(BOUNDS)}")
    value, low, high = (_number(index, k, estimate[k]) for k in ("value", "low", "high"))
    if value is None and low is None and high is None:
        raise ValueError(f"estimate {index} has no value, low or high")
    stated_on = estimate["stated_on"]
    if stated_on is not None:
        try:
            date.fromisoformat(stated_on)
        except (TypeError, ValueError):
            raise ValueError(f"estimate {index} has stated_on {stated_on!r}; expected YYYY-MM-DD") from None
    outlets = [str(o) for o in estimate.get("outlets") or []]
    superseded = bool(estimate.get("superseded", False))
    disagrees = bool(estimate.get("disagrees", False))
    marker = _marker(bound, value, low, high)
    n_outlets = max(1, len(outlets))
    status = [s for s, on in (("superseded", superseded), ("disagrees", disagrees),
                              ("corroborated", len(outlets) > 1)) if on]
    return {
        "source": estimate["source"] or UNATTRIBUTED,
        "date": stated_on,
        "value": value, "low": low, "high": high, "bound": bound,
        "label": _label(bound, value, low, high),
        "text": estimate.get("text"),
        "marker": marker,
        "open": marker in ("open above", "open below"),
        "outlet_list": ", ".join(outlets) or "—",
        "n_outlets": min(n_outlets, 4),
        "superseded": superseded,
        "disagrees": disagrees,
        "status": ", ".join(status) or "current",
    }


def _sort_key(row: dict[str, Any]) -> tuple:
    return (row["date"], row["source"], row["label"], row["bound"], row["outlet_list"], row["superseded"],
            row["disagrees"], row["text"] or "")


def _number(index: int, key: str, raw: Any) -> float | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise ValueError(f"estimate {index} has {key} {raw!r}; expected a number or None")
    return float(raw)


def _marker(bound: str, value: float | None, low: float | None, high: float | None) -> str:
    if bound in OPEN_ABOVE or (value is None and low is not None and high is None):
        return "open above"
    if bound in OPEN_BELOW or (value is None and high is not None and low is None):
        return "open below"
    if value is not None:
        return "value"
    return "interval"


def _interval(row: dict[str, Any], bottom: float, top: float) -> tuple[float | None, float | None]:
    """The bar's ends: low to high, an open side running to the chart's edge; none for a bare value."""
    marker = row["marker"]
    if marker == "open above":
        return row["low"] if row["low"] is not None else row["value"], top
    if marker == "open below":
        return bottom, row["high"] if row["high"] is not None else row["value"]
    if row["low"] is not None and row["high"] is not None:
        return row["low"], row["high"]
    return None, None


def _marker_y(row: dict[str, Any]) -> float:
    marker = row["marker"]
    if marker == "open above":
        return row["low"] if row["low"] is not None else row["value"]
    if marker == "open below":
        return row["high"] if row["high"] is not None else row["value"]
    if row["value"] is not None:
        return row["value"]
    return (row["low"] + row["high"]) / 2


def _label(bound: str, value: float | None, low: float | None, high: float | None) -> str:
    def fmt(n: float) -> str:
        return f"{n:,.0f}" if n == int(n) else f"{n:,}"

    signs = {"gt": ">", "ge": "≥", "lt": "<", "le": "≤"}
    if bound in OPEN_ABOVE and (low is not None or value is not None):
        return f"{signs[bound]}{fmt(low if low is not None else value)}"
    if bound in OPEN_BELOW and (high is not None or value is not None):
        return f"{signs[bound]}{fmt(high if high is not None else value)}"
    if value is not None:
        return f"~{fmt(value)}" if bound == "approx" else fmt(value)
    if low is not None and high is not None:
        return f"{fmt(low)}–{fmt(high)}"
    return fmt(low if low is not None else high)
