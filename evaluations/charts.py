"""The tracker's chart, built in Python and drawn by static/evaluations/charts.js.

The figure is handed to the page as plain JSON (``json_script``), never as plotly's own HTML,
whose inline scripts the Content-Security-Policy blocks. Each state has a colour and a fill
pattern, and the page repeats the numbers in a table, so nothing is told by colour alone.
"""

from __future__ import annotations

import json
from typing import Any

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from evaluations.selectors import TRACKER_STATES, Group

# The same colours as the state badges in app.css.
STATE_STYLE = {
    "not_started": ("#9b1c1c", "x"),
    "under_way": ("#6b4e00", "/"),
    "completed": ("#1e6b34", ""),
    "no_longer_relevant": ("#3f4650", "."),
    "not_reported": ("#b8bfc7", "-"),
}


def _tick_step(groups: list[Group]) -> int:
    longest = max((len(group.rows) for group in groups), default=0)
    return 1 if longest <= 10 else 5 if longest <= 50 else 10 ** (len(str(longest)) - 1)


def follow_up_chart(groups: list[Group], title: str) -> dict[str, Any]:
    """A stacked horizontal bar per group: how many recommendations are in each state."""
    labels = [group.short_label for group in groups]
    figure = go.Figure()
    for index, (state, lazy_label) in enumerate(TRACKER_STATES):
        label = str(lazy_label)
        colour, pattern = STATE_STYLE[state]
        figure.add_trace(
            go.Bar(
                name=label,
                y=labels,
                x=[group.counts[index].count for group in groups],
                orientation="h",
                # The pattern is drawn in white over the state's colour.
                marker={
                    "color": colour,
                    "pattern": {"shape": pattern, "fgcolor": "#ffffff", "fillmode": "overlay"},
                },
                hovertemplate="%{y}: %{x} " + label.lower() + "<extra></extra>",
            )
        )
    figure.update_layout(
        template="none",
        title={"text": str(title)},
        barmode="stack",
        height=190 + 30 * len(groups),
        margin={"l": 220, "r": 20, "t": 60, "b": 90},
        # Whole recommendations only: no tick at 0.5.
        xaxis={
            "title": {"text": _("Recommendations")},
            "dtick": _tick_step(groups),
            "rangemode": "tozero",
        },
        yaxis={"autorange": "reversed", "automargin": True},
        # In the order of the table's columns (plotly reverses a stacked bar's legend).
        legend={
            "orientation": "h",
            "x": 0,
            "y": 0,
            "yref": "container",
            "yanchor": "bottom",
            "traceorder": "normal",
        },
        font={"family": "system-ui, sans-serif", "size": 13},
    )
    # Through plotly's own encoder (it turns numpy values into lists), then back to plain data.
    return json.loads(figure.to_json())
