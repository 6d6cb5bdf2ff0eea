"""The appendix table of a Governing Body document (GB.343/INS), as an Excel workbook.

Columns: Indicator · "<phase> targets" · "<year> results" · Custodian(s) · Custodians' accelerating
actions, under a heading row per section. One indicator's targets sit on consecutive rows with the
indicator cell merged; a result broken down by portfolio gets a line per portfolio with that
portfolio's custodian and actions; a target with several custodians and no collective name gets a
line per custodian (the document prints the exit-interviews indicator so).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from custodians.models import CustodianUnit
from custodians.roles import User
from indicators.models import AcceleratingAction, ActionPlan, Phase, Result, Target
from indicators.status import Status
from workbooks.cells import write_text
from workbooks.selectors import appendix_targets

BULLET = "• "
COLUMN_WIDTHS = (34, 22, 24, 24, 64)
LINE_HEIGHT = 12.75  # points per line of 10-11 pt text
WRAP = Alignment(wrap_text=True, vertical="top")
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADING_FILL = PatternFill("solid", fgColor="D9E1F2")
SECTION_FILL = PatternFill("solid", fgColor="F2F2F2")
CELL_STYLE, HEADING_STYLE, SECTION_STYLE = "Appendix cell", "Appendix heading", "Appendix section"


@dataclass(frozen=True)
class AppendixLine:
    """One printed row of a target: its main row, a portfolio's line or a custodian's line."""

    result: str
    custodian: str
    actions: str


@dataclass(frozen=True)
class AppendixTarget:
    target: str
    lines: list[AppendixLine]
    # Lines per custodian share the one result: its cell spans them. Portfolio lines have their own.
    result_spans_lines: bool = False


@dataclass
class AppendixIndicator:
    text: str
    targets: list[AppendixTarget] = field(default_factory=list)


@dataclass
class AppendixSection:
    title: str
    indicators: list[AppendixIndicator] = field(default_factory=list)


@dataclass(frozen=True)
class Appendix:
    plan: ActionPlan
    phase: Phase
    year: int
    only_off_track: bool
    sections: list[AppendixSection]

    @property
    def headings(self) -> tuple[str, ...]:
        return (
            "Indicator",
            f"{self.phase.label} targets",
            f"{self.year} results",
            "Custodian(s)",
            "Custodians' accelerating actions",
        )

    @property
    def title(self) -> str:
        which = "targets not on track" if self.only_off_track else "all targets"
        return f"{self.plan.title}: {which}, {self.year} results ({self.phase.label} targets)"

    @property
    def target_count(self) -> int:
        return sum(len(i.targets) for s in self.sections for i in s.indicators)


def _bullets(actions: list[AcceleratingAction]) -> list[str]:
    return [BULLET + action.text for action in actions]


def _actions_cell(actions: list[AcceleratingAction], note: str = "") -> str:
    return "\n".join([*_bullets(actions), *([note] if note else [])])


def _unit_names(units: list[CustodianUnit]) -> str:
    return ", ".join(unit.name for unit in units)


def _lines(target: Target, result: Result | None) -> tuple[list[AppendixLine], bool]:
    """The printed rows of one target, and whether they share the result cell."""
    units = [link.custodian for link in target.custodian_links.all()]
    actions_of: dict[int, list[AcceleratingAction]] = {}
    for action in target.listed_actions:
        actions_of.setdefault(action.custodian_id, []).append(action)
    result_text = result.display_text if result else ""
    # The document prints explanations that are notes to the reader after the actions.
    note = result.explanation.strip() if result and result.explanation.startswith("Note:") else ""
    breakdown = list(result.breakdown_lines.all()) if result else []

    if breakdown:
        with_line = {line.custodian_id for line in breakdown}
        others = [unit for unit in units if unit.pk not in with_line]
        main = AppendixLine(
            result=result_text,
            custodian=target.custodians_label or _unit_names(others),
            actions=_actions_cell([a for u in others for a in actions_of.get(u.pk, [])], note),
        )
        lines = [
            AppendixLine(
                result=f"{line.portfolio.name} Portfolio: {line.statement}",
                custodian=line.custodian.name,
                actions=_actions_cell(actions_of.get(line.custodian_id, [])),
            )
            for line in breakdown
        ]
        return [main, *lines], False

    if len(units) > 1 and not target.custodians_label:
        lines = [
            AppendixLine(
                result=result_text if position == 0 else "",
                custodian=unit.name,
                actions=_actions_cell(actions_of.get(unit.pk, []), note if position == 0 else ""),
            )
            for position, unit in enumerate(units)
        ]
        return lines, True

    every_action = [a for u in units for a in actions_of.get(u.pk, [])]
    return [
        AppendixLine(
            result=result_text,
            custodian=target.custodians_label or _unit_names(units),
            actions=_actions_cell(every_action, note),
        )
    ], False


def _target_text(target: Target, *, with_scope: bool, with_phase: bool) -> str:
    text = target.display_text
    if with_scope:
        text = f"{target.scope_label}: {text}"
    if with_phase:
        text = f"{text} ({target.phase.label} target)"
    return text


def appendix_for(
    *, user: User, plan: ActionPlan, phase: Phase, year: int, only_off_track: bool
) -> Appendix:
    """The appendix as the document lays it out, from what ``user`` may see."""
    sections: dict[int, AppendixSection] = {}
    indicators: dict[int, AppendixIndicator] = {}
    targets = appendix_targets(user=user, plan=plan, phase=phase, year=year)
    by_indicator: dict[int, list[Target]] = {}
    for target in targets:
        by_indicator.setdefault(target.indicator_id, []).append(target)

    for target in targets:
        result = target.year_results[0] if target.year_results else None
        if only_off_track and target.status_for(result) == Status.ON_TRACK:
            continue
        siblings = by_indicator[target.indicator_id]
        indicator = target.indicator
        section = sections.setdefault(
            indicator.section_id, AppendixSection(title=indicator.section.title)
        )
        if indicator.pk not in indicators:
            indicators[indicator.pk] = AppendixIndicator(text=indicator.text)
            section.indicators.append(indicators[indicator.pk])
        lines, spans = _lines(target, result)
        indicators[indicator.pk].targets.append(
            AppendixTarget(
                target=_target_text(
                    target,
                    with_scope=len({t.scope_label for t in siblings}) > 1,
                    with_phase=len({t.phase_id for t in siblings}) > 1,
                ),
                lines=lines,
                result_spans_lines=spans,
            )
        )
    return Appendix(
        plan=plan,
        phase=phase,
        year=year,
        only_off_track=only_off_track,
        sections=[s for s in sections.values() if s.indicators],
    )


# --- the workbook -------------------------------------------------------------------------------


def _lines_needed(text: str, width: float) -> int:
    """Lines a wrapped cell of ``width`` characters needs: spreadsheets do not size rows that
    hold merged cells, and LibreOffice sizes none on opening, so the workbook says it."""
    per_line = max(int(width * 1.1), 10)
    return sum(max(1, -(-len(paragraph) // per_line)) for paragraph in text.split("\n"))


def _named_styles(workbook: Workbook) -> None:
    """One named style per kind of row: assigning it copies a style, which is far quicker than
    setting alignment and borders cell by cell."""
    for name, bold, fill in (
        (CELL_STYLE, False, None),
        (HEADING_STYLE, True, HEADING_FILL),
        (SECTION_STYLE, True, SECTION_FILL),
    ):
        workbook.add_named_style(
            NamedStyle(
                name=name,
                font=Font(name="Calibri", size=11, bold=bold),
                alignment=WRAP,
                border=BORDER,
                **({"fill": fill} if fill else {}),
            )
        )


def _write_row(
    sheet: Worksheet, row: int, values: tuple[str, ...], style: str = CELL_STYLE
) -> None:
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column)
        cell.style = style  # first: write_text may add the quote prefix to it
        if value:  # cells a merge covers keep only their style, as Excel's own merges do
            write_text(cell, value)
    # The indicator and target cells span the rows of their indicator: not counted here.
    lines = max(_lines_needed(v, w) for v, w in zip(values[2:], COLUMN_WIDTHS[2:], strict=True))
    sheet.row_dimensions[row].height = LINE_HEIGHT * lines + 3


def _fit(sheet: Worksheet, text: str, column: int, first: int, last: int) -> None:
    """Make rows ``first``..``last`` tall enough together for ``text`` in their merged cell."""
    needed = LINE_HEIGHT * _lines_needed(text, COLUMN_WIDTHS[column - 1]) + 3
    rows = [sheet.row_dimensions[r] for r in range(first, last + 1)]
    have = sum(r.height or LINE_HEIGHT for r in rows)
    if have < needed:
        rows[-1].height = (rows[-1].height or LINE_HEIGHT) + needed - have


def _merge(sheet: Worksheet, column: int, first: int, last: int) -> None:
    """Merge a column's cells from ``first`` to ``last``.

    ``Worksheet.merge_cells`` checks each new range against every earlier one and restyles the
    borders, which makes a large appendix quadratic; these ranges never overlap and every cell
    already has its border and no value below the first, so the range is simply recorded.
    """
    if last > first:
        letter = get_column_letter(column)
        sheet.merged_cells.ranges.add(MergedCellRange(sheet, f"{letter}{first}:{letter}{last}"))


def _write_indicator(sheet: Worksheet, row: int, indicator: AppendixIndicator) -> int:
    """Write an indicator's rows from ``row``; return the next free row."""
    first_row = row
    custodian_run: tuple[str, int] | None = None  # (text, first row) of equal single-line cells
    for target in indicator.targets:
        target_first = row
        for line in target.lines:
            _write_row(sheet, row, ("", "", line.result, line.custodian, line.actions))
            row += 1
        write_text(sheet.cell(row=target_first, column=2), target.target)
        _fit(sheet, target.target, 2, target_first, row - 1)
        _merge(sheet, 2, target_first, row - 1)
        if target.result_spans_lines:
            _merge(sheet, 3, target_first, row - 1)
        # Regional targets of one indicator share the custodian: one cell, as the document has it.
        single = len(target.lines) == 1
        custodian = target.lines[0].custodian
        if single and custodian_run and custodian_run[0] == custodian:
            continue
        if custodian_run:
            _merge(sheet, 4, custodian_run[1], target_first - 1)
        custodian_run = (custodian, target_first) if single else None
    if custodian_run:
        _merge(sheet, 4, custodian_run[1], row - 1)
    write_text(sheet.cell(row=first_row, column=1), indicator.text)
    _fit(sheet, indicator.text, 1, first_row, row - 1)
    _merge(sheet, 1, first_row, row - 1)
    return row


def appendix_workbook(appendix: Appendix) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Appendix"
    workbook.properties.title = appendix.title
    workbook.properties.creator = "Action Plan monitor"

    _named_styles(workbook)
    _write_row(sheet, 1, appendix.headings, HEADING_STYLE)
    row = 2
    for section in appendix.sections:
        _write_row(sheet, row, (section.title, "", "", "", ""), SECTION_STYLE)
        sheet.merged_cells.ranges.add(MergedCellRange(sheet, f"A{row}:E{row}"))
        row += 1
        for indicator in section.indicators:
            row = _write_indicator(sheet, row, indicator)

    for letter, width in zip("ABCDE", COLUMN_WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = False
    sheet.oddHeader.center.text = appendix.title.replace("&", "&&")  # "&" starts a code
    sheet.oddFooter.center.text = "Page &P of &N"
    return workbook


def appendix_bytes(appendix: Appendix) -> bytes:
    buffer = BytesIO()
    appendix_workbook(appendix).save(buffer)
    return buffer.getvalue()
