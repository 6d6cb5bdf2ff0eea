"""How much of the plan its loaded targets are, and what was published for the whole of it.

GB.343/INS lists in its appendix the 30 targets not met in 2018–19, and counts all 57 in its
paragraph 2. A phase's ``target_count`` says how many targets the whole plan has; the plan's
``loaded_targets`` says which are loaded when not all; its ``published_figures`` are the counts a
document gave for a year. Scorecards, JSON and workbooks read them here, so that none says "all
targets" over part of a plan (``reports.published`` sets the published figures beside the
loaded targets' own).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from indicators.models import ActionPlan, Phase, PublishedFigures


@dataclass(frozen=True)
class Coverage:
    """The loaded targets of a year's phase against the whole plan's, as published."""

    plan_targets: int | None  # the phase's targets in the whole plan (57); None: not given
    loaded: int  # the phase's targets loaded in detail (29 of 2020–21's)
    described_as: str  # the plan's own words for which they are
    phase_label: str = ""  # the year's phase, as documents print it ("2020–21")

    @property
    def complete(self) -> bool:
        """Whether every target of the plan is loaded, so that "all targets" is true."""
        return self.plan_targets is None or self.loaded >= self.plan_targets

    def which(self, *, all_words: str | None = None) -> str:
        """The loaded targets named for a title: "all targets", or "the targets not met …" (the
        plan's own words for them stay as the plan gives them)."""
        if self.complete:
            return _("all targets") if all_words is None else all_words
        return _("the targets %(described)s") % {
            "described": self.described_as or _("loaded in detail")
        }


def phases_with_counts(plan: ActionPlan) -> list[Phase]:
    """The plan's phases, each with ``loaded``: how many of its targets are in the database."""
    return list(plan.phases.annotate(loaded=Count("targets")))


def coverage_in(plan: ActionPlan, phases: Iterable[Phase], year: int) -> Coverage:
    """The coverage of ``year``'s phase (``phases`` from ``phases_with_counts``)."""
    for phase in phases:
        if phase.start_year <= year <= phase.end_year:
            return Coverage(phase.target_count, phase.loaded, plan.loaded_targets, phase.label)
    return Coverage(None, 0, plan.loaded_targets)


def plan_coverage(plan: ActionPlan, year: int) -> Coverage:
    """The coverage of ``year``'s phase: one query."""
    return coverage_in(plan, phases_with_counts(plan), year)


def published_in(plan: ActionPlan, years: Iterable[int]) -> dict[int, PublishedFigures]:
    """The figures published for the whole plan in ``years``, by year: one query."""
    return {figures.year: figures for figures in plan.published_figures.filter(year__in=years)}
