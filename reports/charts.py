"""The scorecards' charts, built in Python and drawn by static/reports/scorecards.js.

Each figure goes to the page as plain JSON (``json_script``), never as plotly's own HTML, whose
inline scripts the Content-Security-Policy refuses. Each chart comes with the same numbers as a
table, and each status has a fill pattern and a marker shape as well as a colour, so that
nothing is told by colour alone.

The figures are written as plotly.js reads them, as plain dicts, rather than built with plotly's
Python objects: those check every property as it is set, which took a plan scorecard of any size
about half a second. tests/reports/test_charts.py has plotly check every figure instead.
"""

from __future__ import annotations

import json
import textwrap
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from indicators.formatting import shown_number
from indicators.status import Status
from reports.headline import StatusCounts
from reports.published import published_counts
from reports.selectors import GAP_BIN, GAP_HIGHEST, GAP_LOWEST, ResultSpread, ScorecardSummary

# The colours of the status badges in app.css; a pattern and a marker shape for each as well.
STATUS_LOOK = {
    Status.ON_TRACK: ("#1e6b34", "", "circle"),
    Status.NOT_ON_TRACK: ("#9b1c1c", "x", "x"),
    Status.DATA_UNAVAILABLE: ("#6b4e00", "/", "diamond"),
    Status.NOT_REPORTED: ("#8a939e", ".", "square"),
}
CHART_TABLE_ROWS = 200
# Group names longer than this wrap onto more lines beside their bars.
TICK_LABEL_WIDTH = 20
FONT = {"family": "system-ui, sans-serif", "size": 13}
# The legend under the plot, in the order of the statuses (and of the tables' columns).
LEGEND = {"orientation": "h", "x": 0, "y": 0, "yref": "container", "yanchor": "bottom"}
# Plotly's "none" template, as plotly writes it out: no theme on top of our own styles.
NO_TEMPLATE = {"data": {"scatter": [{"type": "scatter"}]}}


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
    def script(self) -> str:
        """The figure as ``json_script`` writes it, escaped by str.replace: ``json_script``'s
        str.translate took a tenth of a large plan's page on the results chart's points."""
        text = json.dumps(self.figure, cls=DjangoJSONEncoder)
        for character, escaped in (("&", "\\u0026"), ("<", "\\u003C"), (">", "\\u003E")):
            text = text.replace(character, escaped)
        return format_html(
            '<script id="{}" type="application/json">{}</script>', self.element_id, mark_safe(text)
        )

    @property
    def size(self) -> int:
        return len(self.rows)

    @property
    def table_in_page(self) -> bool:
        """Past a few hundred rows the numbers stay in the targets table and the JSON download:
        a second table as long as the first would only double the page."""
        return self.size <= CHART_TABLE_ROWS


def _separators() -> dict[str, str]:
    """Plotly's decimal and thousands separators in the reader's language (its hover labels and
    ticks: 50,8 in French); nothing for plotly's own ".," (English)."""
    separators = f"{get_format('DECIMAL_SEPARATOR')}{get_format('THOUSAND_SEPARATOR')}"
    return {} if separators == ".," else {"separators": separators}


def _status_columns() -> list[str]:
    return [str(status.label) for status in Status] + [_("Total")]


def _count_cells(counts: StatusCounts) -> list[str]:
    return [str(counts.count(status)) for status in Status] + [str(counts.total)]


def _status_bars(
    categories: list[str], counts: list[StatusCounts], *, across: bool, layout: dict[str, Any]
) -> dict[str, Any]:
    """Bars stacked by status, one per category: across (horizontal) or up (vertical)."""
    traces = []
    for status in Status:
        colour, pattern, _symbol = STATUS_LOOK[status]
        values = [each.count(status) for each in counts]
        traces.append(
            {
                "hovertemplate": ("%{y}: %{x} " if across else "%{x}: %{y} ")
                + status.label.lower()
                + "<extra></extra>",
                "marker": {
                    "color": colour,
                    "pattern": {"fgcolor": "#ffffff", "fillmode": "overlay", "shape": pattern},
                },
                "name": str(status.label),
                "orientation": "h" if across else "v",
                "x": values if across else categories,
                "y": categories if across else values,
                "type": "bar",
            }
        )
    longest = max((each.total for each in counts), default=0)
    axis = {
        "title": {"text": _("Targets")},
        "rangemode": "tozero",
        "dtick": _tick(longest),
        "automargin": True,
    }
    return {
        "data": traces,
        "layout": {
            "template": NO_TEMPLATE,
            "legend": LEGEND | {"traceorder": "normal"},
            "font": FONT,
            ("xaxis" if across else "yaxis"): axis,
            "barmode": "stack",
            **_separators(),
            **layout,
        },
    }


def _tick(longest: int) -> int:
    """Whole targets only on the axis, and not too many ticks."""
    return 1 if longest <= 10 else 5 if longest <= 50 else 10 ** (len(str(longest)) - 1)


def _wrapped(label: str) -> str:
    """A long group name on two lines or more, so that on a phone the bars keep their room."""
    return "<br>".join(textwrap.wrap(label, TICK_LABEL_WIDTH)) or label


def status_chart(key: str, title: str, groups: list[tuple[Any, StatusCounts]]) -> Chart:
    """A stacked horizontal bar per group (section, portfolio, region): targets by status.

    The groups' names are text alone (a ``PlanText`` without its marks): a chart's labels and
    its table's first cells are read as they are."""
    labels = [str(label) for label, _counts in groups]
    figure = _status_bars(
        labels,
        [counts for _label, counts in groups],
        across=True,
        layout={
            "margin": {"l": 20, "r": 20, "t": 20, "b": 80},
            "yaxis": {
                "autorange": "reversed",
                "automargin": True,
                # The bars' categories stay the names (hover, data); only the labels wrap.
                "tickmode": "array",
                "tickvals": labels,
                "ticktext": [_wrapped(label) for label in labels],
            },
            "height": 150 + 36 * len(groups),
        },
    )
    return Chart(
        key=key,
        title=title,
        figure=figure,
        columns=["", *_status_columns()],
        rows=[
            [label, *_count_cells(counts)]
            for label, (_, counts) in zip(labels, groups, strict=True)
        ],
    )


def _columns_chart(
    key: str, title: str, columns: list[tuple[str, StatusCounts]], **kw: Any
) -> Chart:
    """A stacked bar per year or exercise, up the page."""
    figure = _status_bars(
        [label for label, _counts in columns],
        [counts for _label, counts in columns],
        across=False,
        layout={
            "margin": {"l": 60, "r": 20, "t": 20, "b": 90},
            "xaxis": {"title": {"text": kw.pop("axis")}, "type": "category", "automargin": True},
            "height": 340,
        },
    )
    return Chart(
        key=key,
        title=title,
        figure=figure,
        columns=[kw.pop("first_column"), *_status_columns()],
        rows=[[label, *_count_cells(counts)] for label, counts in columns],
        **kw,
    )


def years_chart(scorecard: ScorecardSummary) -> Chart:
    """Targets by status in every year of the plan with something reported: the change across
    years (a year before any result would be a bar of targets "not reported")."""
    columns = [
        (str(year), counts)
        for year, counts in scorecard.counts_by_year.items()
        if counts.total and (counts.reported or year == scorecard.year)
    ]
    title = (
        _("Targets by status, year by year")
        if scorecard.coverage.complete
        else _("Targets loaded in detail by status, year by year")
    )
    return _columns_chart(
        "years",
        title,
        columns,
        axis=_("Reporting year"),
        first_column=_("Year"),
        note=_("Each year counts the targets of the phase it falls in."),
    )


def published_chart(scorecard: ScorecardSummary) -> Chart | None:
    """The whole plan by status in each exercise, as documents published it; None without."""
    figures = [scorecard.published_previous, scorecard.published]
    shown = [each for each in figures if each is not None]
    if not shown:
        return None
    labels = [scorecard.previous_label, str(scorecard.year)]
    columns = [
        (label, published_counts(each))
        for label, each in zip(labels, figures, strict=True)
        if each is not None
    ]
    sources = ", ".join(dict.fromkeys(each.source for each in shown))
    return _columns_chart(
        "published",
        _("The whole plan by status, as published"),
        columns,
        axis=_("Monitoring exercise"),
        first_column=_("Exercise"),
        note=_(
            "As published in %(sources)s, for the whole plan; the other charts count only the "
            "targets loaded in detail."
        )
        % {"sources": sources},
    )


def results_chart(spread: ResultSpread, year: int) -> Chart | None:
    """Each target set in per cent: its result (up) against its target (across).

    A scatter, the diagonal being "result equals target", while it has a point per target that
    a person can tell apart (and a table beside it); past that, the distribution of the gaps
    (``gaps_chart``), whose size does not grow with the plan. None when no such target has a
    result.
    """
    if not spread.total:
        return None
    if spread.total > CHART_TABLE_ROWS:
        return gaps_chart(spread, year)
    points = spread.points
    diagonal = {
        "hoverinfo": "skip",
        "line": {"color": "#5b636e", "dash": "dot", "width": 1},
        "mode": "lines",
        "name": _("Result equals target"),
        "x": [0, 100],
        "y": [0, 100],
        "type": "scatter",
    }
    traces = [diagonal]
    for status in Status:
        shown = [point for point in points if point.status == status]
        if not shown:
            continue
        colour, _pattern, symbol = STATUS_LOOK[status]
        traces.append(
            {
                # Plotly's own placeholders (%{x}) are kept as they are in every language.
                "hovertemplate": "%{text}<br>"
                + _("target %(x)s, result %(y)s") % {"x": "%{x}", "y": "%{y}"}
                + "<extra></extra>",
                "marker": {"color": colour, "line": {"width": 1}, "size": 11, "symbol": symbol},
                "mode": "markers",
                "name": str(status.label),
                "type": "scatter",
                "x": [point.target for point in shown],
                "y": [point.result for point in shown],
                "text": [f"{point.code} · {point.scope_label}" for point in shown],
            }
        )
    figure = {
        "data": traces,
        "layout": {
            "template": NO_TEMPLATE,
            "margin": {"l": 70, "r": 20, "t": 20, "b": 110},
            "xaxis": {
                "title": {"text": _("Target (per cent)")},
                "range": [0, 100],
                "automargin": True,
            },
            "yaxis": {
                "title": {"text": _("%(year)s result (per cent)") % {"year": year}},
                "range": [0, 100],
                "automargin": True,
            },
            "legend": LEGEND,
            "font": FONT,
            "height": 420,
            **_separators(),
        },
    }
    return Chart(
        key="results",
        title=_("%(year)s results against targets (targets set in per cent)") % {"year": year},
        figure=figure,
        columns=[_("Indicator"), _("Scope"), _("Target"), _("Result"), _("Status")],
        rows=[
            [
                point.code,
                point.scope_label,
                shown_number(point.target),
                shown_number(point.result),
                str(point.status.label),
            ]
            for point in points
        ],
        note=_(
            "Above the diagonal the result is higher than the target. For most indicators "
            "higher is better; the status says which side meets each target."
        ),
    )


def _signed(points: int) -> str:
    return "0" if points == 0 else f"{points:+d}".replace("-", "\N{MINUS SIGN}")


def _gap_label(low: int) -> str:
    return _("%(low)s to %(high)s") % {"low": _signed(low), "high": _signed(low + GAP_BIN)}


def gaps_chart(spread: ResultSpread, year: int) -> Chart:
    """How far each result is from its target, in bins of ten percentage points (counted by the
    database: ``reports.selectors.gap_bin``), stacked by status: one bar per bin, whatever the
    number of targets."""
    tallies = {
        low: spread.gaps.get(low, Counter()) for low in range(GAP_LOWEST, GAP_HIGHEST + 1, GAP_BIN)
    }
    # The bins from the first to the last with a target, so that the bars keep their width.
    filled = [low for low, tally in tallies.items() if tally]
    shown = [low for low in tallies if filled[0] <= low <= filled[-1]]
    columns = [
        (
            _gap_label(low),
            StatusCounts(**{status.value: tallies[low][status.value] for status in Status}),
        )
        for low in shown
    ]
    return _columns_chart(
        "results",
        _(
            "%(year)s results against targets: result minus target, in percentage points "
            "(targets set in per cent)"
        )
        % {"year": year},
        columns,
        axis=_("Result minus target (percentage points)"),
        first_column=_("Result minus target (percentage points)"),
        note=_(
            "Each bar counts the targets whose %(year)s result is that far from the target: "
            "right of zero the result is higher than the target, a bin holds its lower end "
            "and not its upper one. For most indicators higher is better; the status says "
            "which side meets each target. The %(count)s targets, each with its result, "
            "are in the targets table and the JSON download."
        )
        % {"year": year, "count": spread.total},
    )


def scorecard_charts(
    scorecard: ScorecardSummary,
    *,
    groups: dict[str, list[tuple[str, StatusCounts]]],
    spread: ResultSpread,
) -> list[Chart]:
    """The charts of a scorecard page: by section, by each extra grouping, results, years."""
    charts = [status_chart("sections", _("Targets by status, by section"), scorecard.by_section)]
    titles = {
        "portfolio": _("Targets by status, by portfolio"),
        "region": _("Targets by status, by region"),
    }
    for name, counts in groups.items():
        charts.append(status_chart(name, titles.get(name, name), counts))
    results = results_chart(spread, scorecard.year)
    if results is not None:
        charts.append(results)
    charts.append(years_chart(scorecard))
    published = published_chart(scorecard)
    if published is not None:
        charts.append(published)
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

    label: Any  # a text, or a plan text in the reader's language (``PlanText``) to be marked
    counts: StatusCounts
    segments: list[BarSegment]


def print_bars(groups: list[tuple[Any, StatusCounts]]) -> list[PrintBar]:
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
