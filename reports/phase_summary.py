"""A plan's phases one beside the other, for the Governing Body's mid-term and final reports.

Each phase (a biennium: 2018–19, 2020–21) is told by its targets' statuses in the phase's last
year that has results, counted by the plan's scorecard (``reports.selectors.scorecard_summary``:
the same targets, statuses and cut percentages as the scorecard of that year). A phase with no
detailed result at all is told by the figures a Governing Body document published for it (the
2018–19 phase: 29 met, 24 not met and 4 with data unavailable of 57, GB.343/INS, paragraph 2),
named with their source and with no sections, which the documents do not give. Each phase is
compared with the one before: how many more or fewer targets met, and the change in per cent.

Which targets each count covers is said in the coverage's own words: the loaded targets of the
ILO plan are the 30 not met in 2018–19, so that nothing here calls them "all targets", and a
comparison of counts over different targets says that it is one.

A status in a phase's closing year is its outcome (met, not met); in an earlier year of the phase
it is a mid-term reading (on track, not on track), and is named so.

Queries: the phases, the latest reported year and that year's scorecard counts (six), and four
more for each other phase told from its loaded results: a fixed number whatever the number of
targets (tests/reports/test_phase_summary.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from custodians.plan_texts import PlanText
from indicators.coverage import Coverage, coverage_in, phases_with_counts
from indicators.models import ActionPlan, Phase
from indicators.selectors import latest_reported_year
from indicators.status import Status
from reports.headline import StatusCounts, percent_in_words, whole_percent_of
from reports.published import published_counts
from reports.selectors import ScorecardSummary, plan_scope, scorecard_summary

RESULTS_LOADED = "results loaded"
NOTHING_REPORTED = "nothing reported"

# A status as a phase's outcome (its closing year) and as a reading during the phase: lazy, in
# the language of the page or download that shows them.
OUTCOME_LABELS = {
    Status.ON_TRACK: gettext_lazy("Met"),
    Status.NOT_ON_TRACK: gettext_lazy("Not met"),
    Status.DATA_UNAVAILABLE: Status.DATA_UNAVAILABLE.label,
    Status.NOT_REPORTED: Status.NOT_REPORTED.label,
}
DURING_LABELS = {status: status.label for status in Status}


@dataclass(frozen=True)
class PhaseComparison:
    """A phase against the one before: the change in targets met (or on track) and in per cent.

    ``same_targets`` says whether both counts are over the same targets (both the whole plan);
    when not, the change is of two different sets of targets, and the sentence says so.
    """

    previous_label: str
    previous_year: int
    previous_source: str
    previous: StatusCounts
    previous_outcome: bool
    met_change: int
    met_percent_change: Decimal  # percentage points, from the cut percentages of each
    same_targets: bool
    sentence: str


@dataclass(frozen=True)
class PhaseSummary:
    """A phase told by its statuses in one year: from the loaded results, or as published."""

    phase: Phase
    year: int | None  # the year it is measured on; None when nothing was reported
    source: str  # RESULTS_LOADED, a published source ("GB.343/INS, paragraph 2"), or nothing
    counts: StatusCounts
    # Each section's title in the reader's language and its counts; empty unless told from the
    # loaded results.
    by_section: list[tuple[PlanText, StatusCounts]]
    targets_are: str  # which targets the counts are, in the coverage's words
    all_targets: bool  # whether they are every target of the phase in the plan
    plan_targets: int | None  # the phase's targets in the whole plan, as published
    comparison: PhaseComparison | None = None
    # When the loaded targets are part of the plan: the figures published for the whole plan in
    # the same year, if any (GB.343/INS, paragraph 2 for 2020), and where.
    published: StatusCounts | None = None
    published_source: str = ""

    @property
    def label(self) -> str:
        return self.phase.label

    @property
    def from_results(self) -> bool:
        return self.source == RESULTS_LOADED

    @property
    def from_published(self) -> bool:
        return self.year is not None and not self.from_results

    @property
    def outcome(self) -> bool:
        """Whether the statuses are the phase's outcome: read in its closing year."""
        return self.year == self.phase.end_year

    @property
    def labels(self) -> dict[Status, Any]:
        return OUTCOME_LABELS if self.outcome else DURING_LABELS

    @property
    def measured(self) -> str:
        """How the phase is measured: "the loaded results of 2020, the phase's latest reported
        year", "the figures published for 2019, the phase's closing year"."""
        if self.year is None:
            return _("no result reported yet")
        if self.from_published:
            if self.outcome:
                return _("the figures published for %(year)s, the phase's closing year") % {
                    "year": self.year
                }
            return _("the figures published for %(year)s, the phase's latest published year") % {
                "year": self.year
            }
        if self.outcome:
            return _("the loaded results of %(year)s, the phase's closing year") % {
                "year": self.year
            }
        return _("the loaded results of %(year)s, the phase's latest reported year") % {
            "year": self.year
        }


def _measured_year(phase: Phase, card: ScorecardSummary) -> int | None:
    """The phase's last year with a reported result (counted by the scorecard), if any."""
    years = range(phase.start_year, phase.end_year + 1)
    reported = [
        year for year in years if year in card.counts_by_year and card.counts_by_year[year].reported
    ]
    return max(reported, default=None)


def _published_year(phase: Phase, card: ScorecardSummary) -> int | None:
    """The phase's last year with figures published for the whole plan, if any."""
    years = range(phase.start_year, phase.end_year + 1)
    return max((year for year in years if year in card.published_by_year), default=None)


def _from_results(
    plan: ActionPlan, phase: Phase, coverage: Coverage, card: ScorecardSummary
) -> PhaseSummary:
    """The phase as the plan's scorecard of ``card.year`` counts it; beside it, when the loaded
    targets are part of the plan, the figures published for the whole plan that year."""
    counts = card.counts
    beside = None if coverage.complete else card.published
    return PhaseSummary(
        phase=phase,
        year=card.year,
        source=RESULTS_LOADED,
        counts=counts,
        by_section=card.by_section,
        targets_are=plan_scope().subject(plan, coverage, counts.total),
        all_targets=coverage.complete,
        plan_targets=coverage.plan_targets,
        published=published_counts(beside) if beside is not None else None,
        published_source=beside.source if beside is not None else "",
    )


def _from_published(phase: Phase, year: int, card: ScorecardSummary) -> PhaseSummary:
    figures = card.published_by_year[year]
    return PhaseSummary(
        phase=phase,
        year=year,
        source=figures.source,
        counts=published_counts(figures),
        by_section=[],
        targets_are=_("the whole plan's %(total)s targets") % {"total": figures.total},
        all_targets=True,
        plan_targets=figures.total,
    )


def _nothing(plan: ActionPlan, phase: Phase, coverage: Coverage) -> PhaseSummary:
    return PhaseSummary(
        phase=phase,
        year=None,
        source=NOTHING_REPORTED,
        counts=StatusCounts(),
        by_section=[],
        targets_are=plan_scope().subject(plan, coverage, 0),
        all_targets=coverage.complete,
        plan_targets=coverage.plan_targets,
    )


def phase_summary(plan: ActionPlan) -> list[PhaseSummary]:
    """Every phase of ``plan`` in order, told from its loaded results or its published figures,
    each compared with the phase before it when both have something to tell."""
    phases = phases_with_counts(plan)
    latest = scorecard_summary(plan=plan, year=latest_reported_year(plan), scope=plan_scope())
    summaries: list[PhaseSummary] = []
    for phase in phases:
        year = _measured_year(phase, latest)
        coverage = coverage_in(plan, phases, year or phase.end_year)
        if year is not None:
            card = latest
            if year != latest.year:
                card = scorecard_summary(plan=plan, year=year, scope=plan_scope())
            summary = _from_results(plan, phase, coverage, card)
        elif (published := _published_year(phase, latest)) is not None:
            summary = _from_published(phase, published, latest)
        else:
            summary = _nothing(plan, phase, coverage)
        previous = summaries[-1] if summaries else None
        if previous is not None and previous.year is not None and summary.year is not None:
            summary = _compared(summary, previous)
        summaries.append(summary)
    return summaries


def _compared(summary: PhaseSummary, previous: PhaseSummary) -> PhaseSummary:
    counts, earlier = summary.counts, previous.counts
    same_targets = summary.all_targets and previous.all_targets
    comparison = PhaseComparison(
        previous_label=previous.label,
        previous_year=previous.year or 0,
        previous_source=previous.source,
        previous=earlier,
        previous_outcome=previous.outcome,
        met_change=counts.on_track - earlier.on_track,
        met_percent_change=counts.percent(Status.ON_TRACK) - earlier.percent(Status.ON_TRACK),
        same_targets=same_targets,
        sentence=_sentence(summary, previous, same_targets),
    )
    return PhaseSummary(**{**vars(summary), "comparison": comparison})


def _counted(summary: PhaseSummary) -> str:
    """How many of the phase's targets were met (its outcome) or on track (during it)."""
    counts = summary.counts
    values = {"count": counts.on_track, "total": counts.total}
    if summary.all_targets:
        if summary.outcome:
            return (
                ngettext(
                    "%(count)s of the %(total)s targets was met",
                    "%(count)s of the %(total)s targets were met",
                    counts.on_track,
                )
                % values
            )
        return (
            ngettext(
                "%(count)s of the %(total)s targets was on track",
                "%(count)s of the %(total)s targets were on track",
                counts.on_track,
            )
            % values
        )
    if summary.outcome:
        return (
            ngettext(
                "%(count)s of the %(total)s targets loaded in detail was met",
                "%(count)s of the %(total)s targets loaded in detail were met",
                counts.on_track,
            )
            % values
        )
    return (
        ngettext(
            "%(count)s of the %(total)s targets loaded in detail was on track",
            "%(count)s of the %(total)s targets loaded in detail were on track",
            counts.on_track,
        )
        % values
    )


def _where(summary: PhaseSummary) -> str:
    if summary.from_results:
        return _("from the loaded results of %(year)s") % {"year": summary.year}
    return _("as published in %(source)s") % {"source": summary.source}


def _sentence(summary: PhaseSummary, previous: PhaseSummary, same_targets: bool) -> str:
    """The comparison as a report would write it: the phase monitored in one decimal, the
    earlier one in whole per cents (``reports.headline``), each with its targets and source."""
    counts, earlier = summary.counts, previous.counts
    # In the active language, its numbers written as its documents write them (50,8 in French).
    values = {
        "phase": summary.label,
        "counted": _counted(summary),
        "percent": percent_in_words(counts.percent(Status.ON_TRACK)),
        "where": _where(summary),
        "earlier_count": earlier.on_track,
        "earlier_total": earlier.total,
        "earlier_percent": percent_in_words(whole_percent_of(earlier.on_track, earlier.total)),
        "previous_phase": previous.label,
        "previous_where": _where(previous),
    }
    if previous.outcome:
        text = (
            _(
                "In %(phase)s, %(counted)s (%(percent)s per cent, %(where)s), against "
                "%(earlier_count)s of %(earlier_total)s met (%(earlier_percent)s per cent) in "
                "%(previous_phase)s, %(previous_where)s."
            )
            % values
        )
    else:
        text = (
            _(
                "In %(phase)s, %(counted)s (%(percent)s per cent, %(where)s), against "
                "%(earlier_count)s of %(earlier_total)s on track (%(earlier_percent)s per cent) "
                "in %(previous_phase)s, %(previous_where)s."
            )
            % values
        )
    if not same_targets:
        text += " " + _(
            "The two counts are not of the same targets: %(phase)s's are %(targets)s; "
            "%(previous_phase)s's are %(previous_targets)s."
        ) % {
            "phase": summary.label,
            "targets": summary.targets_are,
            "previous_phase": previous.label,
            "previous_targets": previous.targets_are,
        }
    return text


# ---- As plain data: the JSON download, and the page's one source ------------------------------


def _counts_entry(counts: StatusCounts, labels: dict[Status, str]) -> dict[str, Any]:
    """The total and a line per status, in the documents' order, percentages as the scorecard
    cuts them (``StatusCounts.percent``)."""
    return {
        "total": counts.total,
        "statuses": [
            {
                "status": line.status.value,
                "label": str(labels[line.status]),
                "targets": line.count,
                "percent": float(line.percent),
            }
            for line in counts.lines
        ],
    }


def _comparison_entry(comparison: PhaseComparison | None) -> dict[str, Any] | None:
    if comparison is None:
        return None
    return {
        "phase": comparison.previous_label,
        "year": comparison.previous_year,
        "source": comparison.previous_source,
        "met": comparison.previous.on_track,
        "total": comparison.previous.total,
        "met_change": comparison.met_change,
        "met_percent_change": float(comparison.met_percent_change),
        "same_targets": comparison.same_targets,
        "sentence": comparison.sentence,
    }


def _published_entry(summary: PhaseSummary) -> dict[str, Any] | None:
    if summary.published is None:
        return None
    return {
        "year": summary.year,
        "source": summary.published_source,
        **_counts_entry(summary.published, summary.labels),
    }


def phase_summary_document(
    summaries: list[PhaseSummary], *, marked: bool = False
) -> dict[str, Any]:
    """The phases as plain data: what ``phases.json`` serves and the page shows. ``marked``
    keeps the sections' titles as ``PlanText`` for the page, which marks a working translation
    or a title not yet translated."""
    return {
        "phases": [
            {
                "phase": summary.label,
                "year": summary.year,
                "measured_on": summary.measured,
                "outcome": summary.outcome,
                "source": summary.source,
                "targets_are": summary.targets_are,
                "all_targets": summary.all_targets,
                "plan_targets": summary.plan_targets,
                "counts": _counts_entry(summary.counts, summary.labels),
                "by_section": [
                    {
                        "section": title if marked else str(title),
                        **_counts_entry(counts, summary.labels),
                    }
                    for title, counts in summary.by_section
                ],
                "compared_with_previous": _comparison_entry(summary.comparison),
                "published_for_whole_plan": _published_entry(summary),
            }
            for summary in summaries
        ]
    }
