"""What the one-page portfolio scorecard lists, so that it prints on one A4 landscape sheet.

The sheet (static/reports/one-page.css) holds a header, the headline band (counts, paragraph,
sections) and the targets table. The heights below are CSS pixels measured on Chromium's print
layout of the page; each row takes as many lines as its fullest cell needs, so rows are measured
by their text. The targets that need the meeting's attention (not on track, data unavailable,
not reported) come first, those on track fill what room is left, and the page says how many it
left out. A browser test prints the page with the longest indicator texts of the plan and checks
that it is one sheet.
"""

from __future__ import annotations

from math import ceil

from django.db.models import Case, QuerySet, Value, When

from custodians.models import Portfolio
from custodians.plan_texts import in_language
from indicators.models import Target
from indicators.status import Status
from reports.headline import StatusCounts
from reports.selectors import DOCUMENT_ORDER, ScorecardRow, ScorecardSummary, scorecard_rows

SHEET = 741  # 210 mm less the 2 × 7 mm margins
FIXED = 40 + 16 + 80  # title and subtitle, table header, gaps, legend and the "left out" line
# The band is as tall as the tallest of its three columns.
COUNTS_TABLE = 124
PARAGRAPH_CHARACTERS, PARAGRAPH_LINE, COMPLETENESS_CHARACTERS = 62, 14, 230
SECTION_ROW, SECTION_CAPTION = 30, 18
# A target row: a line per line of its fullest cell (three at most), at the table's 7 pt.
ROW_PADDING, ROW_LINE, ROW_MINIMUM, ROW_LINES = 3, 11, 16, 3
COLUMN_CHARACTERS = {"indicator": 78, "target": 30, "result": 30, "trend": 18, "custodians": 24}


def _lines(text: str, column: str) -> int:
    return max(1, ceil(len(text) / COLUMN_CHARACTERS[column]))


def row_height(row: ScorecardRow, portfolio: Portfolio, year: int) -> int:
    target = row.target
    scope = "" if target.scope == "global" else f"{target.scope_label}: "
    in_phase = target.in_phase(year)
    phase = "" if in_phase else f" ({target.phase.label} target)"
    result = row.result.display_text if row.result else "Not reported"
    # The texts as the page shows them, in the reader's language.
    breakdown = [f"{in_language(portfolio)} Portfolio: {line.statement}" for line in row.breakdown]
    lines = max(
        _lines(f"{target.indicator.code} {in_language(target.indicator)}", "indicator"),
        _lines(f"{scope}{target.display_text}{phase}", "target"),
        sum(_lines(text, "result") for text in [result, *breakdown]),
        _lines(row.trend.short_words, "trend"),
        _lines(", ".join(unit.acronym for unit in row.custodians), "custodians"),
    )
    return max(ROW_MINIMUM, ROW_PADDING + ROW_LINE * min(lines, ROW_LINES))


def band_height(card: ScorecardSummary, sections: int) -> int:
    words = len(card.headline) + COMPLETENESS_CHARACTERS
    paragraph = ceil(words / PARAGRAPH_CHARACTERS) * PARAGRAPH_LINE + 8
    return max(COUNTS_TABLE, paragraph, SECTION_CAPTION + SECTION_ROW * sections)


def attention_first(targets: QuerySet[Target]) -> QuerySet[Target]:
    """The targets that need the meeting's attention first, each part in the document's order."""
    on_track_last = Case(When(status=Status.ON_TRACK.value, then=Value(1)), default=Value(0))
    return targets.order_by(on_track_last, *DOCUMENT_ORDER)


def one_page_rows(
    card: ScorecardSummary, targets: QuerySet[Target], portfolio: Portfolio, sections: int
) -> tuple[list[ScorecardRow], StatusCounts]:
    """The rows that fit under the band, in the document's order, and what was left out.

    Only as many targets are read as could fit, were each row as short as a row can be.
    """
    room = SHEET - FIXED - band_height(card, sections)
    candidates = attention_first(targets)[: max(room // ROW_MINIMUM + 1, 0)]
    chosen = []
    for row in scorecard_rows(
        list(candidates), plan=card.plan, year=card.year, counting=card.scope.counting
    ):
        height = row_height(row, portfolio, card.year)
        if height > room:
            break  # this one and every one after it is left out
        chosen.append(row)
        room -= height
    shown = StatusCounts.of(row.status for row in chosen)
    return sorted(chosen, key=lambda row: row.indicator_order), card.counts.minus(shown)
