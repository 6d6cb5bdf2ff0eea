"""The appendix table of a Governing Body document (GB.343/INS), as an Excel workbook.

Columns: Indicator · "<phase> targets" · "<year> results" · Custodian(s) · Custodians' accelerating
actions, under a heading row per section. One indicator's targets sit on consecutive rows with the
indicator cell merged; a result broken down by portfolio gets a line per portfolio with that
portfolio's custodian and actions; a target with several custodians and no collective name gets a
line per custodian (the document prints the exit-interviews indicator so).

The table is streamed: targets are read in chunks and written an indicator at a time with
XlsxWriter in ``constant_memory`` mode (``workbooks.xlsx_writing.XlsxExport``: rows go to the file
as they are written, text is always written as text), so a plan of any size takes the memory of
one chunk. An indicator's rows are laid out first (``_Block``: heights, merged cells), as a row
cannot be changed once the next is written.

The plan's own texts (section titles, indicators, targets written in words, the names of units,
portfolios and regions, actions) are printed in the appendix's language where the plan has them
in it (``custodians.plan_texts``), else as written, in English.

The "Notes" sheet says what the table holds, the figures published for the whole plan, which of
the plan's texts are printed in English for want of a translation and which are working
translations (not the Office's text), and each revision of a target the table lists
(``indicators.plan_life.target_revisions``: read a chunk of listed targets at a time, one query
for a plan of up to ``EXPORT_CHUNK`` targets). Given a
``cover`` (``workbooks.appendix_cover.CoverRows``: the plan phase by phase, built by
reports/appendix_cover.py), the workbook opens with it as its first sheet, "Phases".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import groupby
from operator import attrgetter
from typing import NamedTuple

from django.utils import timezone, translation
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from xlsxwriter.worksheet import Worksheet

from custodians.models import CustodianUnit
from custodians.plan_texts import ORIGINAL, plan_text, reader_language
from custodians.roles import User
from indicators.coverage import Coverage, plan_coverage, published_in
from indicators.formatting import is_plan_words
from indicators.models import ActionPlan, Phase, PublishedFigures, Target
from indicators.plan_life import TargetRevision, target_revisions
from indicators.review import Counting, is_provisional, review_mark
from indicators.status import Status
from workbooks.appendix_cover import (
    BORDER,
    HEADER_MARGIN,
    HEADING_FILL,
    LANDSCAPE,
    WRAP,
    CoverRows,
    cover_sheet,
    page_margins,
    print_on_a4,
)
from workbooks.row_words import RowWords
from workbooks.selectors import appendix_targets
from workbooks.target_chunks import EXPORT_CHUNK, ListedAction, ResultRow, TargetRow
from workbooks.xlsx_writing import Style, XlsxExport, record_merge, set_height, set_width

BULLET = "• "
COLUMN_WIDTHS = (34, 22, 24, 24, 64)
LINE_HEIGHT = 12.75  # points per line of 10-11 pt text

# The kinds of plan text the notes name, in the order they name them.
SECTIONS, INDICATORS, TARGETS = "sections", "indicators", "targets"
UNITS, PORTFOLIOS, REGIONS, ACTIONS = "units", "portfolios", "regions", "actions"
PLAN_TEXTS = {
    SECTIONS: pgettext_lazy("plan texts the appendix notes name", "sections"),
    INDICATORS: pgettext_lazy("plan texts the appendix notes name", "indicators"),
    TARGETS: pgettext_lazy("plan texts the appendix notes name", "targets written in words"),
    UNITS: pgettext_lazy("plan texts the appendix notes name", "custodian units"),
    PORTFOLIOS: pgettext_lazy("plan texts the appendix notes name", "portfolios"),
    REGIONS: pgettext_lazy("plan texts the appendix notes name", "regions"),
    ACTIONS: pgettext_lazy("plan texts the appendix notes name", "accelerating actions"),
}
# Up to this many texts of a kind are named in the notes; more are counted.
NAMED_AT_MOST = 12


# Tuples: made once per printed row, so made cheaply.
class AppendixLine(NamedTuple):
    """One printed row of a target: its main row, a portfolio's line or a custodian's line."""

    result: str
    custodian: str
    actions: str


class AppendixTarget(NamedTuple):
    target: str
    lines: list[AppendixLine]
    # Lines per custodian share the one result: its cell spans them. Portfolio lines have their own.
    result_spans_lines: bool = False


class AppendixIndicator(NamedTuple):
    section: str  # the title of its section
    text: str
    targets: list[AppendixTarget]


class _PlanTexts:
    """The plan's texts as the table prints them in its language, each noted by kind and name:
    printed as written for want of a translation, or in a working translation, or in the
    Office's. Only names (and how often each was printed) are kept, so the notes take little
    memory whatever the plan's size."""

    def __init__(self) -> None:
        # The language does not change while a table is written: found once, not per text.
        self.language = reader_language()
        self.words = RowWords()  # the scopes' words, worded once
        self.untranslated: dict[str, dict[str, int]] = {}
        self.working: dict[str, dict[str, int]] = {}
        self.official: dict[str, dict[str, int]] = {}

    def __call__(self, kind: str, item: object, name: str = "", field: str | None = None) -> str:
        """``item``'s text as printed (``plan_texts.plan_text``), noted under ``name`` (by
        default the text printed)."""
        shown = plan_text(item, field, self.language)
        if shown.fallback:
            noted = self.untranslated
        elif shown.language == ORIGINAL:
            return shown.text  # an English appendix, or an empty text
        else:
            noted = self.working if shown.unofficial else self.official
        names = noted.setdefault(kind, {})
        names[name or shown.text] = names.get(name or shown.text, 0) + 1
        return shown.text

    @property
    def any_translated(self) -> bool:
        return bool(self.working or self.official)

    @staticmethod
    def listed(noted: dict[str, dict[str, int]]) -> str:
        """ "indicators: RBM.1, ACC.2; accelerating actions: 14": named, or counted when many.
        Actions are named by indicator and unit ("RBM.1 (PARDEV)"), which may have several,
        and each is printed once: they are counted one by one. A unit's or region's name is
        printed with each of its targets: those are counted by name."""
        parts = []
        for kind, label in PLAN_TEXTS.items():
            names = noted.get(kind, {})
            if not names:
                continue
            if len(names) <= NAMED_AT_MOST:
                shown = ", ".join(names)
            else:
                shown = str(sum(names.values()) if kind == ACTIONS else len(names))
            parts.append(_("%(texts)s: %(names)s") % {"texts": label, "names": shown})
        return "; ".join(parts)


@dataclass
class Appendix:
    """The appendix as ``user`` may see it. Its indicators are read when they are written."""

    user: User
    plan: ActionPlan
    phase: Phase
    year: int
    only_off_track: bool
    counting: str = Counting.APPROVED_ONLY
    # The language of its words (headers, notes, statuses, quantities) and of the plan's texts
    # where the plan has them in it. Every text of the appendix is made under it: see
    # ``written``.
    language: str = "en"
    _counted: int | None = field(default=None, init=False, repr=False)
    _revisions: list[str] | None = field(default=None, init=False, repr=False)
    _plan_texts: _PlanTexts | None = field(default=None, init=False, repr=False)

    def written(self) -> translation.override:
        """``with appendix.written():`` — its words in its language."""
        return translation.override(self.language)

    @property
    def headings(self) -> tuple[str, ...]:
        return (
            _("Indicator"),
            _("%(phase)s targets") % {"phase": self.phase.label},
            _("%(year)s results") % {"year": self.year},
            _("Custodian(s)"),
            _("Custodians' accelerating actions"),
        )

    @cached_property
    def coverage(self) -> Coverage:
        return plan_coverage(self.plan, self.year)

    @cached_property
    def published(self) -> dict[int, PublishedFigures]:
        """The figures published for the whole plan, this year's and the previous one's."""
        return published_in(self.plan, [self.year - 1, self.year])

    @property
    def holds(self) -> str:
        """Which targets the table holds: "all targets" only when the whole plan is loaded."""
        which = self.coverage.which()
        if self.only_off_track:
            if self.coverage.complete:
                return _("targets not on track")
            return _("targets not on track, of %(which)s") % {"which": which}
        return which

    @property
    def title(self) -> str:
        return _("%(plan)s: %(holds)s, %(year)s results (%(phase)s targets; %(results_held)s)") % {
            "plan": self.plan.title,
            "holds": self.holds,
            "year": self.year,
            "phase": self.phase.label,
            "results_held": self.results_held,
        }

    @property
    def results_held(self) -> str:
        if self.counting == Counting.APPROVED_ONLY:
            return _("approved results only")
        return _("approved and submitted results, submitted ones marked provisional")

    @property
    def notes(self) -> list[str]:
        """The notes sheet: what the table holds, and the whole plan's published figures."""
        lines = [self.title, ""]
        coverage = self.coverage
        if coverage.complete:
            lines.append(_("The table holds %(holds)s of the plan.") % {"holds": self.holds})
        else:
            lines.append(
                _(
                    "The table holds only %(holds)s (%(shown)s shown): the plan has "
                    "%(plan_targets)s targets in its %(phase)s phase. Its statuses are not the "
                    "whole plan's; the figures published for the whole plan follow."
                )
                % {
                    "holds": self.holds,
                    "shown": self.target_count,
                    "plan_targets": coverage.plan_targets,
                    "phase": self.phase.label,
                }
            )
        for year in (self.year, self.year - 1):
            figures = self.published.get(year)
            if figures is not None:
                lines += ["", _published_line(figures)]
                if figures.reconciliation:
                    lines.append(figures.reconciliation)
        if self.revisions:
            lines += ["", *self.revisions]
        if not translation.get_language().startswith("en"):
            lines += ["", *self.untranslated_note]
        return lines

    @property
    def untranslated_note(self) -> list[str]:
        """What the table prints in the plan's own language, and what in a working translation
        rather than the Office's text (a target that is only a quantity is written in the
        appendix's language: it is not among them)."""
        self._read_once()
        texts = self._plan_texts or _PlanTexts()
        if not texts.any_translated:  # a plan with no translation in this language
            lines = [
                _(
                    "The plan's own texts (its title, sections, indicators, custodians, "
                    "accelerating actions and results written in words) are printed as the plan "
                    "gives them, in English: the plan has no translation of them yet."
                )
            ]
            targets = list(texts.untranslated.get(TARGETS, ()))
            if targets:
                lines.append(
                    _("Targets printed in the plan's words, in English: %(targets)s.")
                    % {"targets": ", ".join(targets)}
                )
            return lines
        lines = [
            _(
                "The plan's title and its description of the targets loaded, the notes on the "
                "published figures, the results written in words and the custodians a target "
                "names as a group are printed as written, in English: they have no translation."
            )
        ]
        if texts.untranslated:
            lines.append(
                _(
                    "Also printed as written, in English, as the plan has no translation of "
                    "them yet: %(texts)s."
                )
                % {"texts": texts.listed(texts.untranslated)}
            )
        if texts.working and not texts.official:
            lines.append(
                _(
                    "The plan's other texts, printed here in translation, are working "
                    "translations, not the Office's official text."
                )
            )
        elif texts.working:
            lines.append(
                _("Working translations, not the Office's official text: %(texts)s.")
                % {"texts": texts.listed(texts.working)}
            )
        return lines

    @property
    def revisions(self) -> list[str]:
        """A sentence per revision of a target the table shows, in the table's order (a target's
        newest first): read while the table was written, or read for the purpose."""
        self._read_once()
        return self._revisions or []

    @property
    def target_count(self) -> int:
        """The targets the table shows: counted while it was written, or read for the purpose."""
        self._read_once()
        return self._counted or 0

    def _read_once(self) -> None:
        """Read the table for what writing it records (its count, revisions and the plan's
        texts it prints), unless it was written or read already."""
        if self._counted is None:
            with self.written():
                for _indicator in self.indicators():
                    pass

    def indicators(self) -> Iterator[AppendixIndicator]:
        """The indicators that show a target, in the document's order, with their targets."""
        counted = 0
        revisions = _Revisions()
        texts = _PlanTexts()
        targets = appendix_targets(
            user=self.user, plan=self.plan, phase=self.phase, year=self.year, counting=self.counting
        )
        for _indicator_id, group in groupby(targets, key=attrgetter("indicator_id")):
            siblings = list(group)
            with_scope = len({(t.scope, t.region_id, t.portfolio_id) for t in siblings}) > 1
            with_phase = len({t.phase_id for t in siblings}) > 1
            shown = []
            for target in siblings:
                result = target.year_results[0] if target.year_results else None
                if self.only_off_track and target.status_for(result) == Status.ON_TRACK:
                    continue
                lines, spans = _lines(target, result, texts)
                label = _revision_label(target, self.phase, texts.words.scope(target))
                text = _target_text(
                    target, label, texts, with_scope=with_scope, with_phase=with_phase
                )
                shown.append(AppendixTarget(target=text, lines=lines, result_spans_lines=spans))
                revisions.listed(target, label)
            if shown:
                counted += len(shown)
                indicator = siblings[0].indicator
                yield AppendixIndicator(
                    section=texts(SECTIONS, indicator.section),
                    text=texts(INDICATORS, indicator, indicator.code),
                    targets=shown,
                )
        self._counted = counted
        self._revisions = revisions.sentences()
        self._plan_texts = texts


class _Revisions:
    """The revision sentences of the listed targets, their history read a chunk at a time: only
    the sentences are kept, so the notes take the memory of one chunk whatever the plan's size."""

    def __init__(self) -> None:
        self.pending: list[tuple[int, str]] = []  # a listed target's id, and its name
        self.found: list[str] = []

    def listed(self, target: TargetRow, label: str) -> None:
        self.pending.append((target.pk, label))
        if len(self.pending) >= EXPORT_CHUNK:
            self._read()

    def sentences(self) -> list[str]:
        if self.pending:
            self._read()
        return self.found

    def _read(self) -> None:
        by_target = target_revisions(pk for pk, _label in self.pending)
        for pk, label in self.pending:
            self.found += [_revision_line(label, r) for r in by_target.get(pk, [])]
        self.pending = []


def _revision_label(target: TargetRow, phase: Phase, scope: str) -> str:
    """The target as the notes name it: ACC.1 (Global); one of an earlier phase says so:
    HFR.7 (Global, 2018–19 target). ``scope`` is the target's ``scope_label``."""
    which = scope
    if target.phase is not None and target.phase_id != phase.pk:
        which = _("%(scope)s, %(phase)s target") % {"scope": which, "phase": target.phase.label}
    return f"{target.indicator.code} ({which})"


def _revision_line(label: str, revision: TargetRevision) -> str:
    """The revision as the notes say it: ACC.1 (Global): target revised on 3 March 2022 by gedi,
    from At least 40 per cent to At least 45 per cent: Raised by the mid-term review."""
    when = revision.when
    if timezone.is_aware(when):
        when = timezone.localtime(when)
    reason = revision.reason.strip()
    if reason and reason[-1] not in ".!?":
        reason += "."
    words = {
        "target": label,
        "date": format_date(when, "j F Y"),
        "who": revision.who,
        "before": revision.before,
        "after": revision.after,
        "reason": reason,
    }
    if revision.who:
        return (
            _(
                "%(target)s: target revised on %(date)s by %(who)s, from %(before)s to "
                "%(after)s: %(reason)s"
            )
            % words
        )
    return (
        _("%(target)s: target revised on %(date)s, from %(before)s to %(after)s: %(reason)s")
        % words
    )


def _published_line(figures: PublishedFigures) -> str:
    counts = [
        (str(status.label).lower(), getattr(figures, status.value))
        for status in Status
        if getattr(figures, status.value)
    ]
    listed = ", ".join(
        _("%(status)s: %(count)s") % {"status": label, "count": count} for label, count in counts
    )
    return _(
        "The whole plan in %(year)s, as published in %(source)s: %(total)s targets (%(listed)s)."
    ) % {"year": figures.year, "source": figures.source, "total": figures.total, "listed": listed}


def _lines(
    target: TargetRow, result: ResultRow | None, texts: _PlanTexts
) -> tuple[list[AppendixLine], bool]:
    """The printed rows of one target, and whether they share the result cell."""
    units = target.custodian_units
    acronyms = {unit.pk: unit.acronym for unit in units}
    code = target.indicator.code

    def actions_cell(actions: list[ListedAction], note: str = "") -> str:
        bullets = [
            BULLET + texts(ACTIONS, action, f"{code} ({acronyms[action.custodian_id]})")
            for action in actions
        ]
        return "\n".join([*bullets, *([note] if note else [])])

    def unit_names(units: list[CustodianUnit]) -> str:
        return ", ".join(texts(UNITS, unit, unit.acronym) for unit in units)

    actions_of: dict[int, list[ListedAction]] = {}
    for action in target.listed_actions:
        actions_of.setdefault(action.custodian_id, []).append(action)
    result_text = result.display_text if result else ""
    if result and is_provisional(result.review_state):
        result_text += f" ({review_mark(result.review_state)})"
    # The document prints explanations that are notes to the reader after the actions.
    note = result.explanation.strip() if result and result.explanation.startswith("Note:") else ""
    breakdown = result.lines if result else []

    if breakdown:
        with_line = {line.custodian_id for line in breakdown}
        others = [unit for unit in units if unit.pk not in with_line]
        main = AppendixLine(
            result=result_text,
            custodian=target.custodians_label or unit_names(others),
            actions=actions_cell([a for u in others for a in actions_of.get(u.pk, [])], note),
        )
        acronyms |= {line.custodian_id: line.custodian.acronym for line in breakdown}
        lines = [
            AppendixLine(
                result=_("%(portfolio)s Portfolio: %(statement)s")
                % {
                    "portfolio": texts(PORTFOLIOS, line.portfolio),
                    "statement": line.statement,
                },
                custodian=texts(UNITS, line.custodian, line.custodian.acronym),
                actions=actions_cell(actions_of.get(line.custodian_id, [])),
            )
            for line in breakdown
        ]
        return [main, *lines], False

    if len(units) > 1 and not target.custodians_label:
        lines = [
            AppendixLine(
                result=result_text if position == 0 else "",
                custodian=texts(UNITS, unit, unit.acronym),
                actions=actions_cell(actions_of.get(unit.pk, []), note if position == 0 else ""),
            )
            for position, unit in enumerate(units)
        ]
        return lines, True

    every_action = [a for u in units for a in actions_of.get(u.pk, [])]
    return [
        AppendixLine(
            result=result_text,
            custodian=target.custodians_label or unit_names(units),
            actions=actions_cell(every_action, note),
        )
    ], False


def _target_text(
    target: TargetRow, label: str, texts: _PlanTexts, *, with_scope: bool, with_phase: bool
) -> str:
    text = target.display_text  # in the appendix's language unless they are the plan's words
    if is_plan_words(target):
        text = texts(TARGETS, target, label, "text")
    if with_scope:
        # The region's or portfolio's name, in the appendix's language (``scope_label``).
        if target.scope == Target.Scope.REGION:
            texts(REGIONS, target.region)
        elif target.scope == Target.Scope.PORTFOLIO:
            texts(PORTFOLIOS, target.portfolio)
        text = f"{texts.words.scope(target)}: {text}"
    if with_phase:
        text = _("%(target)s (%(phase)s target)") % {"target": text, "phase": target.phase.label}
    return text


def appendix_for(
    *,
    user: User,
    plan: ActionPlan,
    phase: Phase,
    year: int,
    only_off_track: bool,
    counting: str = Counting.APPROVED_ONLY,
    language: str = "en",
) -> Appendix:
    """The appendix as the document lays it out, from what ``user`` may see: approved results
    only unless ``counting`` asks for submitted ones too; its words in ``language``."""
    return Appendix(
        user=user,
        plan=plan,
        phase=phase,
        year=year,
        only_off_track=only_off_track,
        counting=counting,
        language=language,
    )


# --- the workbook -------------------------------------------------------------------------------


def _lines_needed(text: str, width: float) -> int:
    """Lines a wrapped cell of ``width`` characters needs: spreadsheets do not size rows that
    hold merged cells, and LibreOffice sizes none on opening, so the workbook says it."""
    per_line = max(int(width * 1.1), 10)
    if "\n" not in text:
        return max(1, -(-len(text) // per_line))
    return sum(max(1, -(-len(paragraph) // per_line)) for paragraph in text.split("\n"))


def _row_height(values: list[str]) -> float:
    # The indicator and target cells span the rows of their indicator: fitted in _Block.fit.
    lines = max(
        _lines_needed(values[2], COLUMN_WIDTHS[2]),
        _lines_needed(values[3], COLUMN_WIDTHS[3]),
        _lines_needed(values[4], COLUMN_WIDTHS[4]),
    )
    return LINE_HEIGHT * lines + 3


class _Merge(NamedTuple):
    """Rows ``first``..``last`` of one column merged (rows and columns counted from 0)."""

    column: int
    first: int
    last: int


@dataclass
class _Block:
    """An indicator's rows, laid out before they are written: a streamed sheet cannot go back to
    make an earlier row taller or merge it."""

    first_row: int
    rows: list[list[str]] = field(default_factory=list)
    heights: list[float] = field(default_factory=list)
    merges: list[_Merge] = field(default_factory=list)

    @property
    def next_row(self) -> int:
        return self.first_row + len(self.rows)

    def add(self, values: list[str]) -> None:
        self.rows.append(values)
        self.heights.append(_row_height(values))

    def fit(self, text: str, column: int, first: int, last: int) -> None:
        """Make rows ``first``..``last`` tall enough together for ``text`` in their merged cell."""
        needed = LINE_HEIGHT * _lines_needed(text, COLUMN_WIDTHS[column]) + 3
        start, end = first - self.first_row, last - self.first_row
        have = sum(self.heights[start : end + 1])
        if have < needed:
            self.heights[end] += needed - have

    def merge(self, column: int, first: int, last: int) -> None:
        if last > first:
            self.merges.append(_Merge(column, first, last))


INDICATOR, TARGET, RESULT, CUSTODIAN = 0, 1, 2, 3  # the table's columns, from 0


def _indicator_block(indicator: AppendixIndicator, first_row: int) -> _Block:
    block = _Block(first_row)
    custodian_run: tuple[str, int] | None = None  # (text, first row) of equal single-line cells
    for target in indicator.targets:
        target_first = block.next_row
        for line in target.lines:
            block.add(["", "", line.result, line.custodian, line.actions])
        last = block.next_row - 1
        block.rows[target_first - first_row][TARGET] = target.target
        block.fit(target.target, TARGET, target_first, last)
        block.merge(TARGET, target_first, last)
        if target.result_spans_lines:
            block.merge(RESULT, target_first, last)
        # Regional targets of one indicator share the custodian: one cell, as the document has it.
        single = len(target.lines) == 1
        custodian = target.lines[0].custodian
        if single and custodian_run and custodian_run[0] == custodian:
            continue
        if custodian_run:
            block.merge(CUSTODIAN, custodian_run[1], target_first - 1)
        custodian_run = (custodian, target_first) if single else None
    last = block.next_row - 1
    if custodian_run:
        block.merge(CUSTODIAN, custodian_run[1], last)
    block.rows[0][INDICATOR] = indicator.text
    block.fit(indicator.text, INDICATOR, first_row, last)
    block.merge(INDICATOR, first_row, last)
    return block


# The table's cell formats: Calibri 11, wrapped at the top of the cell, thin grey borders; the
# headings bold on blue, the section titles bold on grey.
CELL = {"font_name": "Calibri", "font_size": 11, **WRAP, **BORDER}
HEADING = {**CELL, "bold": True, **HEADING_FILL}
SECTION = {**CELL, "bold": True, "pattern": 1, "bg_color": "#F2F2F2"}


class _AppendixSheet:
    """Writes the table's rows in order with their heights, and records the merged ranges."""

    def __init__(self, export: XlsxExport, sheet: Worksheet) -> None:
        self.export = export
        self.sheet = sheet
        self.row = 0
        self.cell = export.style(**CELL)
        self.heading = export.style(**HEADING)
        self.section_title = export.style(**SECTION)

    def append(self, values: list[str], height: float, style: Style | None = None) -> None:
        style = style or self.cell
        row = self.row
        set_height(self.sheet, row, height)
        for column, value in enumerate(values):
            # Cells a merge covers keep only their format, as Excel's own merges do.
            self.export.cell(self.sheet, row, column, value, style)
        _forget_written_row(self.sheet, row - 1)
        self.row += 1

    def section(self, title: str) -> None:
        record_merge(self.sheet, self.row, 0, self.row, len(COLUMN_WIDTHS) - 1)
        self.append([title, "", "", "", ""], LINE_HEIGHT + 3, self.section_title)

    def indicator(self, indicator: AppendixIndicator) -> None:
        block = _indicator_block(indicator, self.row)
        for merge in block.merges:
            record_merge(self.sheet, merge.first, merge.column, merge.last, merge.column)
        for values, height in zip(block.rows, block.heights, strict=True):
            self.append(values, height)


def _forget_written_row(sheet: Worksheet, row: int) -> None:
    """Drop what XlsxWriter keeps of ``row`` once it is in the file: the height it was set and
    its size (kept for placing images, which the table has none of). Row ``row`` was written
    when the next one was first written to; kept, they would take memory row by row."""
    sheet.row_info.pop(row, None)
    sheet.row_sizes.pop(row, None)


def _page_layout(sheet: Worksheet, appendix: Appendix) -> None:
    """Widths, frozen heading and page setup, with the title as the page header."""
    for column, width in enumerate(COLUMN_WIDTHS):
        set_width(sheet, column, width)
    sheet.freeze_panes(1, 0)
    sheet.repeat_rows(0)
    print_on_a4(sheet, LANDSCAPE)
    _page_header(sheet, appendix.title)


def _page_header(sheet: Worksheet, title: str) -> None:
    """``title`` at the top of every page, centred ("&" starts a code in a page header: "&&"
    prints it). Set past ``set_header``, which refuses a header longer than 255 characters (the
    title of an appendix of only some targets is longer in French, or with submitted results)
    and reads "&[Picture]" as an image: the header holds the whole title, as it always has."""
    sheet.set_header("", margin=HEADER_MARGIN)  # its margin, through the method
    sheet.header = "&C" + title.replace("&", "&&")


def appendix_bytes(appendix: Appendix, cover: CoverRows | None = None) -> bytes:
    """The appendix as an .xlsx file; with ``cover``, that first, as the sheet "Phases" (the
    appendix's sheet stays the one the workbook opens on). Every word is written in the
    appendix's language (the cover comes made in it)."""
    with appendix.written(), XlsxExport() as export:
        _write_appendix(export, appendix, cover)
        return export.close()


def _write_appendix(export: XlsxExport, appendix: Appendix, cover: CoverRows | None) -> None:
    export.workbook.set_properties({"title": appendix.title, "author": _("Action Plan monitor")})
    if cover is not None:
        cover_sheet(export, cover)
    sheet = export.sheet(_("Appendix"))
    sheet.activate()
    _page_layout(sheet, appendix)

    table = _AppendixSheet(export, sheet)
    headings = list(appendix.headings)
    table.append(headings, _row_height(headings), table.heading)
    section = None
    for indicator in appendix.indicators():
        if indicator.section != section:
            section = indicator.section
            table.section(section)
        table.indicator(indicator)
    _notes_sheet(export, appendix)


def _notes_sheet(export: XlsxExport, appendix: Appendix) -> None:
    """A last sheet saying what the table holds and what was published for the whole plan."""
    sheet = export.sheet(_("Notes"))
    set_width(sheet, 0, 120)
    page_margins(sheet)
    wrap = export.style(**WRAP)
    for row, line in enumerate(appendix.notes):
        export.cell(sheet, row, 0, line, wrap)  # an empty line: an empty cell, wrapped
