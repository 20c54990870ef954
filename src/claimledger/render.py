"""A readable terminal view of extracted claims (``claimledger extract --format table``).

Built from rich ``Text`` objects, never markup strings, so brackets in article text print
as written. Labels carry the meaning and colour only decorates it, so the view reads the
same with NO_COLOR and wraps in narrow terminals.
"""

from __future__ import annotations

from io import StringIO

from rich.console import Console, Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from .model import ArticleClaims, Claim, Figure, Source

MAX_TEXT_CHARS = 280
LABEL_STYLE = "dim"
LABEL_WIDTH = len("stated on")


def article_view(result: ArticleClaims) -> RenderableType:
    """The article header, its warnings, then every claim with its source, cue and figures."""
    parts: list[RenderableType] = [Rule(style="bold"), _header(result)]
    for warning in result.warnings:
        parts.append(Text.assemble(("warning: ", "bold yellow"), warning))
    for claim in result.claims:
        parts.append(Rule(style="dim"))
        parts.append(claim_view(claim))
    return Group(*parts)


def claim_view(claim: Claim) -> RenderableType:
    """One claim: a heading line (id, kind, markers), then labelled fields and its figures."""
    heading = Text.assemble((claim.id, "bold cyan"), "  ", (claim.kind, "bold"))
    for marker, shown in (("direct quote", claim.direct), ("hedged", claim.hedged)):
        if shown:
            heading.append(f"  [{marker}]", style="magenta")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style=LABEL_STYLE, no_wrap=True, min_width=LABEL_WIDTH)
    grid.add_column(overflow="fold")
    grid.add_row("source", _source(claim.source))
    if claim.cue is not None:
        grid.add_row("cue", Text(claim.cue, style="green"))
    if claim.stated_on is not None:
        grid.add_row("stated on", claim.stated_on)
    grid.add_row("text", Text(truncate(claim.text, MAX_TEXT_CHARS)))
    for i, figure in enumerate(claim.figures):
        grid.add_row("figures" if i == 0 else "", figure_line(figure))
    return Group(heading, grid)


def figure_line(figure: Figure) -> Text:
    """A figure on one wrapping line: its words, bound and numbers, measure, what, where, when."""
    line = Text.assemble(("“", "dim"), (figure.text, "bold"), ("”", "dim"), f" {figure.bound}")
    numbers = [
        f"{name} {_number(v)}"
        for name, v in (("value", figure.value), ("low", figure.low), ("high", figure.high))
        if v is not None
    ]
    if figure.unit:
        numbers.append(figure.unit)
    if numbers:
        line.append(" (" + ", ".join(numbers) + ")")
    fields = [("measure", figure.measure), ("counted", figure.counted)]
    if figure.location is not None:
        fields.append(("place", figure.location.resolved or figure.location.name))
    if figure.period is not None and (figure.period.start or figure.period.end):
        fields.append(("period", f"{figure.period.start or '…'} to {figure.period.end or '…'}"))
    for name, value in fields:
        if value:
            line.append(f" · {name} ", style=LABEL_STYLE)
            line.append(value)
    return line


def render_text(
    results: ArticleClaims | list[ArticleClaims], *, width: int = 100, color: bool = False
) -> str:
    """The table view as a string (for tests, logs and files)."""
    console = Console(
        file=StringIO(), width=width, color_system="standard" if color else None, force_terminal=color
    )
    for result in results if isinstance(results, list) else [results]:
        console.print(article_view(result))
    return console.file.getvalue()  # type: ignore[attr-defined]


def truncate(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut) + "…"


def _header(result: ArticleClaims) -> RenderableType:
    article = result.article
    title = Text(article.title or "(untitled)", style="bold")
    facts = [
        f"input {result.input_id}" if result.input_id is not None else None,
        article.outlet,
        f"published {article.published}" if article.published else None,
        f"id {article.id}",
    ]
    meta = Text(" · ".join(f for f in facts if f), style=LABEL_STYLE)
    figures = sum(len(c.figures) for c in result.claims)
    counts = Text(f"{_plural(len(result.claims), 'claim')}, {_plural(figures, 'figure')}")
    lines: list[RenderableType] = [title, meta]
    if article.url:
        lines.append(Text(article.url, style=LABEL_STYLE, overflow="fold"))
    lines.append(counts)
    return Group(*lines)


def _source(source: Source | None) -> Text:
    if source is None:
        return Text("(the article itself)", style="italic")
    text = Text(source.name, style="bold")
    details = [source.type, source.role, source.affiliation]
    text.append(" (" + ", ".join(d for d in details if d) + ")")
    if source.mention and source.mention.lower() not in (source.name.lower(), f"the {source.name.lower()}"):
        text.append(" as ", style=LABEL_STYLE)
        text.append(f"“{source.mention}”")
    return text


def _number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
