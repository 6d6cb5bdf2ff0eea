"""The scorecards' charts, built in Python and drawn by static/reports/scorecards.js.

Each figure goes to the page as plain JSON (``json_script``), never as plotly's own HTML, whose
inline scripts the Content-Security-Policy refuses. Each chart comes with the same numbers as a
table, and each status has a fill pattern and a marker shape as well as a colour, so that
nothing is told by colour alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from indicators.formatting import format_number
from indicators.status import Status
from reports.headline import StatusCounts
from reports.selectors import Scorecard, ScorecardRow

# The colours of the status badges in app.css; a pattern and a marker shape for each as well.
STATUS_LOOK = {
    Status.ON_TRACK: ("#1e6b34", "", "circle"),
    Status.NOT_ON_TRACK: ("#9b1c1c", "x", "x"),
    Status.DATA_UNAVAILABLE: ("#6b4e00", "/", "diamond"),
    Status.NOT_REPORTED: ("#8a939e", ".", "square"),
}
CHART_TABLE_ROWS = 200
FONT = {"family": "system-ui, sans-serif", "size": 13}
# The legend under the plot, in the order of the statuses (and of the tables' columns).
LEGEND = {"orientation": "h", "x": 0, "y": 0, "yref": "container", "yanchor": "bottom"}


@dataclass(frozen=True)
class Chart:
    """A figure, its caption, and the numbers it draws as a table (first cell: the row's name)."""

    key: str
    title: str
    figure: dict[str, Any]
    columns: list[str]
    rows: list[list[str]]
    note: str = ""

    @property
    def element_id(self) -> str:
        return f"chart-{self.key}"

    @property
    def table_in_page(self) -> bool:
        """Past a few hundred rows the numbers stay in the targets table and the JSON download:
        a second table as long as the first would only double the page."""
        return len(self.rows) <= CHART_TABLE_ROWS


def _plain(figure: go.Figure) -> dict[str, Any]:
    # Through plotly's own encoder (it turns numpy values into lists), then back to plain data.
    return json.loads(figure.to_json())


def _status_columns() -> list[str]:
    return [status.label for status in Status] + ["Total"]


def _count_cells(counts: StatusCounts) -> list[str]:
    return [str(counts.count(status)) for status in Status] + [str(counts.total)]


def _status_bars(categories: list[str], counts: list[StatusCounts], *, across: bool) -> go.Figure:
    """Bars stacked by status, one per category: across (horizontal) or up (vertical)."""
    figure = go.Figure()
    for status in Status:
        colour, pattern, _ = STATUS_LOOK[status]
        values = [each.count(status) for each in counts]
        figure.add_trace(
            go.Bar(
                name=status.label,
                orientation="h" if across else "v",
                x=values if across else categories,
                y=categories if across else values,
                marker={
                    "color": colour,
                    "pattern": {"shape": pattern, "fgcolor": "#ffffff", "fillmode": "overlay"},
                },
                hovertemplate=("%{y}: %{x} " if across else "%{x}: %{y} ")
                + status.label.lower()
                + "<extra></extra>",
            )
        )
    longest = max((each.total for each in counts), default=0)
    axis = {"title": {"text": "Targets"}, "rangemode": "tozero", "dtick": _tick(longest)}
    figure.update_layout(
        template="none",
        barmode="stack",
        legend=LEGEND | {"traceorder": "normal"},
        font=FONT,
        **({"xaxis": axis} if across else {"yaxis": axis}),
    )
    return figure


def _tick(longest: int) -> int:
    """Whole targets only on the axis, and not too many ticks."""
    return 1 if longest <= 10 else 5 if longest <= 50 else 10 ** (len(str(longest)) - 1)


def status_chart(key: str, title: str, groups: list[tuple[str, StatusCounts]]) -> Chart:
    """A stacked horizontal bar per group (section, portfolio, region): targets by status."""
    figure = _status_bars([label for label, _ in groups], [c for _, c in groups], across=True)
    figure.update_layout(
        height=150 + 32 * len(groups),
        margin={"l": 20, "r": 20, "t": 20, "b": 80},
        yaxis={"autorange": "reversed", "automargin": True},
    )
    return Chart(
        key=key,
        title=title,
        figure=_plain(figure),
        columns=["", *_status_columns()],
        rows=[[label, *_count_cells(counts)] for label, counts in groups],
    )


def years_chart(scorecard: Scorecard) -> Chart:
    """Targets by status in every year of the plan: the change across years."""
    years = [year for year, counts in scorecard.counts_by_year.items() if counts.total]
    counts = [scorecard.counts_by_year[year] for year in years]
    figure = _status_bars([str(year) for year in years], counts, across=False)
    figure.update_layout(
        height=340,
        margin={"l": 60, "r": 20, "t": 20, "b": 90},
        xaxis={"title": {"text": "Reporting year"}, "type": "category"},
    )
    return Chart(
        key="years",
        title="Targets by status, year by year",
        figure=_plain(figure),
        columns=["Year", *_status_columns()],
        rows=[[str(year), *_count_cells(each)] for year, each in zip(years, counts, strict=True)],
        note="Each year counts the targets of the phase it falls in.",
    )


def _numeric_pairs(rows: list[ScorecardRow]) -> list[ScorecardRow]:
    return [
        row
        for row in rows
        if row.target.unit == "percent"
        and row.target.value is not None
        and row.result is not None
        and row.result.value is not None
        and not row.result.data_unavailable
    ]


def results_chart(rows: list[ScorecardRow], year: int) -> Chart | None:
    """Each target set in per cent: its result (up) against its target (across).

    A scatter rather than a bar per target, so that it stays legible for a plan of any size;
    the diagonal is "result equals target". None when no such target has a result.
    """
    pairs = _numeric_pairs(rows)
    if not pairs:
        return None
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=[0, 100],
            y=[0, 100],
            mode="lines",
            line={"color": "#5b636e", "dash": "dot", "width": 1},
            name="Result equals target",
            hoverinfo="skip",
        )
    )
    points = {status: [row for row in pairs if row.status == status] for status in Status}
    shown = [status for status in Status if points[status]]
    for status in shown:
        colour, _, symbol = STATUS_LOOK[status]
        figure.add_trace(
            go.Scatter(
                name=status.label,
                mode="markers",
                marker={"color": colour, "symbol": symbol, "size": 11, "line": {"width": 1}},
                hovertemplate="%{text}<br>target %{x}, result %{y}<extra></extra>",
            )
        )
    figure.update_layout(
        template="none",
        height=420,
        margin={"l": 70, "r": 20, "t": 20, "b": 110},
        xaxis={"title": {"text": "Target (per cent)"}, "range": [0, 100]},
        yaxis={"title": {"text": f"{year} result (per cent)"}, "range": [0, 100]},
        legend=LEGEND,
        font=FONT,
    )
    plain = _plain(figure)
    # The points go in after plotly checked the figure: checking thousands of numbers one by one
    # was most of the time of a 10,000-target page, and these are plain floats and strings.
    for trace, status in zip(plain["data"][1:], shown, strict=True):
        trace["x"] = [float(row.target.value) for row in points[status]]
        trace["y"] = [float(row.result.value) for row in points[status]]
        trace["text"] = [
            f"{row.target.indicator.code} · {row.target.scope_label}" for row in points[status]
        ]
    return Chart(
        key="results",
        title=f"{year} results against targets (targets set in per cent)",
        figure=plain,
        columns=["Indicator", "Scope", "Target", "Result", "Status"],
        rows=[
            [
                row.target.indicator.code,
                row.target.scope_label,
                format_number(row.target.value),
                format_number(row.result.value),
                row.status.label,
            ]
            for row in pairs
        ],
        note=(
            "Above the diagonal the result is higher than the target. For most indicators "
            "higher is better; the status says which side meets each target."
        ),
    )


def scorecard_charts(
    scorecard: Scorecard, groups: dict[str, list[tuple[str, StatusCounts]]]
) -> list[Chart]:
    """The charts of a scorecard page: by section, by each extra grouping, results, years."""
    by_section = scorecard.counts_by_section()
    charts = [status_chart("sections", "Targets by status, by section", by_section)]
    for name, counts in groups.items():
        charts.append(status_chart(name, f"Targets by status, by {name}", counts))
    results = results_chart(scorecard.rows, scorecard.year)
    if results is not None:
        charts.append(results)
    charts.append(years_chart(scorecard))
    return charts


@dataclass(frozen=True)
class BarSegment:
    status: Status
    count: int
    start: float
    width: float


@dataclass(frozen=True)
class PrintBar:
    """A section's counts as a bar drawn in SVG on the server: it prints without JavaScript."""

    label: str
    counts: StatusCounts
    segments: list[BarSegment]


def print_bars(groups: list[tuple[str, StatusCounts]]) -> list[PrintBar]:
    """Bars on a 0–100 scale: each status's share of the group's targets."""
    bars = []
    for label, counts in groups:
        segments, start = [], 0.0
        for status in Status:
            count = counts.count(status)
            if count:
                width = 100 * count / counts.total
                segments.append(BarSegment(status, count, round(start, 3), round(width, 3)))
                start += width
        bars.append(PrintBar(label, counts, segments))
    return bars
