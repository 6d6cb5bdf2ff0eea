"""Action plans, their indicators, targets per phase and scope, yearly results and actions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from custodians.access import access_of
from custodians.models import CustodianUnit, Portfolio, Region
from indicators import limits
from indicators.formatting import result_text, target_text
from indicators.result_rules import (
    ACTION_FIELDS,
    RESULT_FIELDS,
    settle_action,
    settle_line,
    settle_result,
)
from indicators.review import ReviewState, counted_condition, is_counted
from indicators.status import Status, target_status

# The years a plan, a phase or a reporting year can have.
FIRST_YEAR, LAST_YEAR = 2000, 2100
YEAR_VALIDATORS = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
SANE_YEAR = Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR)


class Unit(models.TextChoices):
    PERCENT = "percent", "per cent"
    COUNT = "count", "count"


class ActionPlan(models.Model):
    class State(models.TextChoices):
        """A plan's life (indicators/plan_life.py holds the rules): GEDI drafts its structure
        unseen by custodians, results are entered while it is active, a closed plan is read."""

        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"

    slug = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=200)
    organisation = models.CharField(max_length=120)
    start_year = models.PositiveSmallIntegerField(validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(validators=YEAR_VALIDATORS)
    source_document = models.CharField(max_length=200, blank=True)
    loaded_targets = models.CharField(
        max_length=200,
        blank=True,
        help_text=(
            "Which targets are loaded in detail, when not all of the plan's: it completes "
            '"the 30 targets …", e.g. "not met in the 2018–19 phase and listed in the appendix '
            'of GB.343/INS". Empty when every target is loaded.'
        ),
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.ACTIVE)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_year", "title"]
        constraints = [
            models.CheckConstraint(
                name="actionplan_years_in_order", condition=Q(end_year__gte=models.F("start_year"))
            ),
            models.CheckConstraint(
                name="actionplan_start_year_sane",
                condition=Q(start_year__gte=2000, start_year__lte=2100),
            ),
            models.CheckConstraint(
                name="actionplan_state_known", condition=Q(state__in=["draft", "active", "closed"])
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("indicators:plan", args=[self.slug])

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)

    def refuse_year_outside(self, year: int | None) -> None:
        """A year of something in the plan (a result, a reporting year) lies within its years."""
        if year not in self.years:
            raise ValidationError(
                {"year": f"The plan runs from {self.start_year} to {self.end_year}."}
            )


class Phase(models.Model):
    """A biennium of the plan, with targets of its own (e.g. 2020–21)."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="phases")
    label = models.CharField(max_length=20, help_text="As documents print it, e.g. 2020–21")
    start_year = models.PositiveSmallIntegerField(validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(validators=YEAR_VALIDATORS)
    target_count = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=(
            "How many targets the phase has in the whole plan, as published (57 for 2020–21). "
            "Empty when every target of the phase is loaded."
        ),
    )

    class Meta:
        ordering = ["plan", "start_year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "label"], name="phase_unique_label_per_plan"),
            models.CheckConstraint(
                name="phase_years_in_order", condition=Q(end_year__gte=models.F("start_year"))
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if self.plan_id and not (
            self.plan.start_year <= self.start_year <= self.end_year <= self.plan.end_year
        ):
            raise ValidationError(
                f"A phase must lie within the plan's years "
                f"{self.plan.start_year}–{self.plan.end_year}."
            )


# A reporting year's deadline falls from 1 January of the year itself to 31 December this many
# years after: a year's results come in the next one, late ones the year after at the latest.
# Further dates are typing slips (9999-12-31 once broke every scorecard).
DEADLINE_YEARS_AFTER = 2
DEADLINE_NEAR_ITS_YEAR = Q(deadline__isnull=True) | Q(
    deadline__year__gte=models.F("year"),
    deadline__year__lte=models.F("year") + DEADLINE_YEARS_AFTER,
)


class ReportingYear(models.Model):
    """A year the plan is reported on: open or closed for entries, with its deadline."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="reporting_years")
    year = models.PositiveSmallIntegerField(validators=YEAR_VALIDATORS)
    deadline = models.DateField(null=True, blank=True)
    is_open = models.BooleanField(default=True, help_text="Closed years take no entries.")
    reopened_for = models.ManyToManyField(
        CustodianUnit,
        blank=True,
        related_name="reopened_years",
        help_text="Units that may still enter results although the year is closed.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="reportingyear_unique_per_plan"),
            models.CheckConstraint(name="reportingyear_year_sane", condition=SANE_YEAR),
            models.CheckConstraint(
                name="reportingyear_deadline_near_its_year",
                condition=DEADLINE_NEAR_ITS_YEAR,
                violation_error_message="A deadline falls from 1 January of its year to "
                f"31 December {DEADLINE_YEARS_AFTER} years after.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} – {self.year}"

    def clean(self) -> None:
        if self.plan_id:
            self.plan.refuse_year_outside(self.year)
        refusal = self.deadline_refusal(self.deadline)
        if refusal:
            raise ValidationError({"deadline": refusal})

    def deadline_range(self) -> tuple[date, date]:
        """The first and the last day the year's deadline may fall on."""
        return date(self.year, 1, 1), date(self.year + DEADLINE_YEARS_AFTER, 12, 31)

    def deadline_refusal(self, deadline: date | None) -> str:
        """Why ``deadline`` cannot be this year's, in the range allowed; empty when it can (no
        deadline at all can). The one rule the calendar's form, the service, ``clean()`` and
        the database constraint (``DEADLINE_NEAR_ITS_YEAR``) apply."""
        if deadline is None:
            return ""
        first, last = self.deadline_range()
        if first <= deadline <= last:
            return ""
        return (
            f"The deadline for {self.year} must fall between {first.day} {first:%B %Y} and "
            f"{last.day} {last:%B %Y}."
        )


class PublishedFigures(models.Model):
    """A year's monitoring of the whole plan as a Governing Body document published it.

    Kept for the years when only part of the plan is loaded in detail (GB.343/INS lists the 30
    targets not met in 2018–19; its paragraph 2 counts all 57), and for an earlier exercise with
    no detailed results at all. The close of a biennium stands for its exercise: 2019 is "the
    monitoring exercise for 2018–19".
    """

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="published_figures")
    year = models.PositiveSmallIntegerField(validators=YEAR_VALIDATORS)
    on_track = models.PositiveSmallIntegerField(default=0, help_text="Met, for a closed phase.")
    not_on_track = models.PositiveSmallIntegerField(default=0)
    data_unavailable = models.PositiveSmallIntegerField(default=0)
    not_reported = models.PositiveSmallIntegerField(default=0)
    unavailable_reason = models.CharField(
        max_length=limits.STATEMENT,
        blank=True,
        help_text=(
            "The document's words on why data were unavailable, as they follow the count: "
            '"owing to the fact that …", "on training".'
        ),
    )
    source_document = models.CharField(max_length=100, help_text="e.g. GB.343/INS")
    source_paragraph = models.CharField(max_length=20, blank=True, help_text="e.g. 2")
    reconciliation = models.TextField(
        max_length=limits.NOTE,
        blank=True,
        validators=[MaxLengthValidator(limits.NOTE)],
        help_text="How these figures meet the loaded targets' own, where they differ.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "year"]
        verbose_name_plural = "published figures"
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="publishedfigures_unique_year"),
            models.CheckConstraint(name="publishedfigures_year_sane", condition=SANE_YEAR),
        ]

    def __str__(self) -> str:
        return f"{self.plan} – {self.year} as published in {self.source}"

    def clean(self) -> None:
        if self.plan_id:
            self.plan.refuse_year_outside(self.year)

    @property
    def source(self) -> str:
        """Where the figures were published: "GB.343/INS, paragraph 2"."""
        if self.source_paragraph:
            return f"{self.source_document}, paragraph {self.source_paragraph}"
        return self.source_document

    @property
    def total(self) -> int:
        return self.on_track + self.not_on_track + self.data_unavailable + self.not_reported


class Section(models.Model):
    """A performance area of the plan (Results-based management, Oversight, …)."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="sections")
    title = models.CharField(max_length=120)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "title"], name="section_unique_title_per_plan"),
        ]

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    class Kind(models.TextChoices):
        PROPORTION = "proportion", "Proportion"
        COUNT = "count", "Count"
        MILESTONE = "milestone", "Milestone"

    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="indicators")
    code = models.CharField(max_length=20, help_text="Stable reference within the plan, e.g. ACC.1")
    text = models.TextField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(default=0)
    trend_gap = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(0)],
        help_text="Smallest change between two years that counts as a trend, in the target's unit.",
    )
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        help_text="The same indicator in the plan this one continues, to compare across plans.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["section__plan", "section__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["section", "code"], name="indicator_unique_code"),
            models.CheckConstraint(
                name="indicator_trend_gap_nonnegative", condition=Q(trend_gap__gte=0)
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return reverse("indicators:indicator", args=[self.pk])


def phase_covers(year: int) -> Q:
    """Targets whose phase covers ``year``: the year takes their results and counts them."""
    return Q(phase__start_year__lte=year, phase__end_year__gte=year)


def phase_ended_before(year: int) -> Q:
    """Targets of an earlier phase: a year still counts one that has a result in it (GB.343/INS
    prints HFR.7's 2018–19 target beside its 2020–21 one)."""
    return Q(phase__end_year__lt=year)


class TargetQuerySet(models.QuerySet):
    def of_plan(self, plan: ActionPlan) -> TargetQuerySet:
        """The plan's targets, by their own indexed plan key: a small plan in a database that
        holds big ones reads only its rows, and the planner knows how many there are."""
        return self.filter(plan=plan)

    def for_units(self, units) -> TargetQuerySet:
        """Targets that any of the given custodian units is responsible for."""
        return self.filter(custodians__in=units).distinct()


class Target(models.Model):
    class Scope(models.TextChoices):
        GLOBAL = "global", "Global"
        HEADQUARTERS = "headquarters", "Global (headquarters managed)"
        REGION = "region", "Region"
        PORTFOLIO = "portfolio", "Portfolio"

    class Kind(models.TextChoices):
        NUMERIC = "numeric", "Number"
        MILESTONE = "milestone", "Milestone"

    class Direction(models.TextChoices):
        AT_LEAST = "at_least", "Higher is better (at least)"
        AT_MOST = "at_most", "Lower is better (at most)"
        EXACTLY = "exactly", "Exactly"

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets")
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="targets")
    # The plan of the target's indicator and phase, on the target itself (``of_plan``): given
    # by ``plan_of`` wherever a target is made, and checked against both by ``clean``.
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="+", editable=False)
    scope = models.CharField(max_length=20, choices=Scope.choices, default=Scope.GLOBAL)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="targets"
    )
    portfolio = models.ForeignKey(
        Portfolio, on_delete=models.PROTECT, null=True, blank=True, related_name="targets"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    value = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    unit = models.CharField(max_length=10, choices=Unit.choices, blank=True)
    direction = models.CharField(
        max_length=10, choices=Direction.choices, default=Direction.AT_LEAST
    )
    text = models.CharField(
        max_length=300,
        blank=True,
        help_text='As the document prints it ("37 per cent", "At least 45 per cent", "Audit done").'
        " Left empty, it is written from the value.",
    )
    baseline_value = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    baseline_text = models.CharField(max_length=300, blank=True)
    baseline_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=YEAR_VALIDATORS
    )
    custodians = models.ManyToManyField(
        CustodianUnit, through="TargetCustodian", related_name="targets"
    )
    custodians_label = models.CharField(
        max_length=300,
        blank=True,
        help_text="How the document names the custodians when it differs from the list of units "
        '(e.g. "Deputy Directors-General").',
    )
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "phase", "position"]
        constraints = [
            models.CheckConstraint(
                name="target_region_iff_regional_scope",
                condition=(Q(scope="region") & Q(region__isnull=False))
                | (~Q(scope="region") & Q(region__isnull=True)),
            ),
            models.CheckConstraint(
                name="target_portfolio_iff_portfolio_scope",
                condition=(Q(scope="portfolio") & Q(portfolio__isnull=False))
                | (~Q(scope="portfolio") & Q(portfolio__isnull=True)),
            ),
            models.CheckConstraint(
                name="target_numeric_has_value_and_unit",
                condition=(Q(kind="numeric") & Q(value__isnull=False) & ~Q(unit=""))
                | (Q(kind="milestone") & Q(value__isnull=True) & Q(unit="")),
            ),
            models.CheckConstraint(
                name="target_value_in_range",
                condition=Q(value__isnull=True)
                | (Q(unit="percent") & Q(value__gte=0) & Q(value__lte=100))
                | (Q(unit="count") & Q(value__gte=0)),
            ),
            models.CheckConstraint(
                name="target_baseline_in_range",
                condition=Q(baseline_value__isnull=True)
                | (Q(unit="percent") & Q(baseline_value__gte=0) & Q(baseline_value__lte=100))
                | (~Q(unit="percent") & Q(baseline_value__gte=0)),
            ),
            models.CheckConstraint(
                name="target_baseline_year_sane",
                condition=Q(baseline_year__isnull=True)
                | Q(baseline_year__gte=2000, baseline_year__lte=2100),
            ),
            models.CheckConstraint(
                name="target_milestone_has_text", condition=~Q(kind="milestone") | ~Q(text="")
            ),
            models.UniqueConstraint(
                fields=["indicator", "phase"],
                condition=Q(scope__in=["global", "headquarters"]),
                name="target_one_global_per_indicator_phase",
            ),
            models.UniqueConstraint(
                fields=["indicator", "phase", "region"],
                condition=Q(scope="region"),
                name="target_one_per_region",
            ),
            models.UniqueConstraint(
                fields=["indicator", "phase", "portfolio"],
                condition=Q(scope="portfolio"),
                name="target_one_per_portfolio",
            ),
        ]
        indexes = [
            models.Index(fields=["phase", "indicator"], name="target_phase_indicator_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} · {self.scope_label} · {self.display_text}"

    def get_absolute_url(self) -> str:
        return self.indicator.get_absolute_url()

    @property
    def scope_label(self) -> str:
        return scope_label(self)

    @property
    def display_text(self) -> str:
        return target_text(self)

    def status_for(self, result: Result | None) -> Status:
        return target_status(self, result)

    def in_phase(self, year: int) -> bool:
        """Whether the target's phase covers ``year`` (``phase_covers`` for one target)."""
        return self.phase.start_year <= year <= self.phase.end_year


SCOPE_LABELS = dict(Target.Scope.choices)


def scope_label(target: Any) -> str:
    """Where a target applies, as printed: "Global", a region's name, "<name> Portfolio"; for
    any object with a target's ``scope``, ``region`` and ``portfolio``."""
    if target.scope == Target.Scope.REGION:
        return str(target.region)
    if target.scope == Target.Scope.PORTFOLIO:
        return f"{target.portfolio} Portfolio"
    return SCOPE_LABELS.get(target.scope, target.scope)


class TargetCustodian(models.Model):
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="custodian_links")
    custodian = models.ForeignKey(
        CustodianUnit, on_delete=models.PROTECT, related_name="target_links"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["target", "position"]
        constraints = [
            models.UniqueConstraint(fields=["target", "custodian"], name="targetcustodian_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.custodian.acronym} for {self.target_id}"


class ResultQuerySet(models.QuerySet):
    def counted(self) -> ResultQuerySet:
        """Results that count on scorecards, charts, workbooks and headlines: submitted or
        approved (``indicators.review.COUNTED_STATES``)."""
        return self.filter(counted_condition())

    def visible_to(self, user: Any) -> ResultQuerySet:
        """What ``user`` may see: every counted result; a draft or a returned entry only by its
        target's custodian units, GEDI reviewers and administrators."""
        access = access_of(user)
        if access.is_reviewer:
            return self.all()
        return self.filter(
            counted_condition()
            | Q(
                target_id__in=TargetCustodian.objects.filter(
                    custodian_id__in=access.unit_ids
                ).values("target_id")
            )
        )


class Result(models.Model):
    """What was reported for a target in one year: a number, a statement, or data unavailable."""

    class DeclaredStatus(models.TextChoices):
        ON_TRACK = "on_track", "On track"
        NOT_ON_TRACK = "not_on_track", "Not on track"

    ReviewState = ReviewState  # the states and the table of steps: indicators/review.py

    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="results")
    year = models.PositiveSmallIntegerField(validators=YEAR_VALIDATORS)
    value = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    unit = models.CharField(
        max_length=10,
        choices=Unit.choices,
        blank=True,
        help_text="The target's unit, kept with the value.",
    )
    statement = models.CharField(
        max_length=limits.STATEMENT, blank=True, help_text='As reported ("No audits done", "None").'
    )
    data_unavailable = models.BooleanField(default=False)
    unavailable_reason = models.CharField(max_length=limits.STATEMENT, blank=True)
    declared_status = models.CharField(
        max_length=20,
        choices=DeclaredStatus.choices,
        blank=True,
        help_text="For milestones, and for numeric targets reported only as a statement.",
    )
    status_confirmed = models.BooleanField(
        default=False, help_text="A reviewer has confirmed the declared status."
    )
    status_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status_confirmed_at = models.DateTimeField(null=True, blank=True)
    explanation = models.TextField(
        blank=True, max_length=limits.NOTE, validators=[MaxLengthValidator(limits.NOTE)]
    )
    evidence_url = models.URLField(blank=True, max_length=limits.URL)
    review_state = models.CharField(
        max_length=20, choices=ReviewState.choices, default=ReviewState.DRAFT
    )
    submitted_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was first submitted (used for the deadline)."
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who submitted it last: four eyes, someone else approves it.",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = ResultQuerySet.as_manager()

    class Meta:
        ordering = ["target", "year"]
        constraints = [
            models.UniqueConstraint(fields=["target", "year"], name="result_one_per_target_year"),
            models.CheckConstraint(name="result_year_sane", condition=SANE_YEAR),
            models.CheckConstraint(
                name="result_value_in_range",
                condition=Q(value__isnull=True)
                | (Q(unit="percent") & Q(value__gte=0) & Q(value__lte=100))
                | (Q(unit="count") & Q(value__gte=0)),
            ),
            models.CheckConstraint(
                name="result_unavailable_has_reason_and_no_value",
                condition=Q(data_unavailable=False)
                | (Q(value__isnull=True) & ~Q(unavailable_reason="")),
            ),
            models.CheckConstraint(
                name="result_reports_something",
                condition=Q(value__isnull=False) | ~Q(statement="") | Q(data_unavailable=True),
            ),
            models.CheckConstraint(
                name="result_confirmation_needs_declaration",
                condition=Q(status_confirmed=False) | ~Q(declared_status=""),
            ),
        ]
        indexes = [
            models.Index(fields=["year", "review_state"], name="result_year_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.display_text}"

    def get_absolute_url(self) -> str:
        return self.target.get_absolute_url()

    def clean(self) -> None:
        """The plan's years, and what a result may hold (``indicators.result_rules``)."""
        self.target.indicator.section.plan.refuse_year_outside(self.year)
        self.settle()

    def settle(self) -> None:
        """Apply the one rule of what a result holds to this row's fields, in place."""
        settled = settle_result(self.target, {name: getattr(self, name) for name in RESULT_FIELDS})
        for name, value in settled.items():
            setattr(self, name, value)
        if not self.declared_status:  # nothing declared, nothing confirmed
            self.status_confirmed = False
            self.status_confirmed_by = None
            self.status_confirmed_at = None

    @property
    def is_counted(self) -> bool:
        return is_counted(self.review_state)

    @property
    def display_text(self) -> str:
        return result_text(self)

    @property
    def status(self) -> Status:
        return target_status(self.target, self)


class ResultBreakdownLine(models.Model):
    """One portfolio's part of a result ("Policy Portfolio: none"), with its own custodian."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="breakdown_lines")
    portfolio = models.ForeignKey(
        Portfolio, on_delete=models.PROTECT, related_name="breakdown_lines"
    )
    custodian = models.ForeignKey(
        CustodianUnit, on_delete=models.PROTECT, related_name="breakdown_lines"
    )
    statement = models.CharField(max_length=limits.STATEMENT)
    value = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["result", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["result", "portfolio"], name="breakdown_one_per_portfolio"
            ),
            models.CheckConstraint(
                name="breakdown_value_nonnegative",
                condition=Q(value__isnull=True) | Q(value__gte=0),
            ),
        ]

    def __str__(self) -> str:
        return self.statement

    def clean(self) -> None:
        self.statement, self.value = settle_line(self.statement, self.value)


class AcceleratingAction(models.Model):
    """A measure a custodian commits to for a target that is off track."""

    class State(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        UNDER_WAY = "under_way", "Under way"
        CONSTRAINED = "constrained", "Constrained"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="actions")
    custodian = models.ForeignKey(CustodianUnit, on_delete=models.PROTECT, related_name="actions")
    text = models.TextField(max_length=limits.NOTE, validators=[MaxLengthValidator(limits.NOTE)])
    state = models.CharField(max_length=20, choices=State.choices, default=State.NOT_STARTED)
    progress_note = models.TextField(
        blank=True, max_length=limits.NOTE, validators=[MaxLengthValidator(limits.NOTE)]
    )
    due_date = models.DateField(null=True, blank=True)
    next_review_date = models.DateField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["target", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "custodian", "position"], name="action_unique_position"
            ),
            models.CheckConstraint(name="action_text_not_empty", condition=~Q(text="")),
        ]
        indexes = [models.Index(fields=["custodian", "state"], name="action_custodian_state_idx")]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return self.target.get_absolute_url()

    def clean(self) -> None:
        """What an action may hold (``indicators.result_rules.settle_action``)."""
        for name, value in settle_action({n: getattr(self, n) for n in ACTION_FIELDS}).items():
            setattr(self, name, value)
