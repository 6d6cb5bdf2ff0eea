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
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from simple_history.models import HistoricalRecords

from custodians.access import access_of
from custodians.models import CustodianUnit, Portfolio, Region
from custodians.plan_texts import TranslatedText, in_language, translation_of, version_names
from indicators import limits
from indicators.formatting import result_text, target_text
from indicators.result_rules import (
    ACTION_FIELDS,
    RESULT_FIELDS,
    settle_action,
    settle_line,
    settle_result,
    settle_text,
)
from indicators.review import ReviewState, counted_condition, is_counted
from indicators.status import Status, target_status

# The years a plan, a phase or a reporting year can have.
FIRST_YEAR, LAST_YEAR = 2000, 2100
YEAR_VALIDATORS = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
SANE_YEAR = Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR)


class Unit(models.TextChoices):
    PERCENT = "percent", pgettext_lazy("unit of a target", "per cent")
    COUNT = "count", pgettext_lazy("unit of a target", "count")


class ActionPlan(models.Model):
    class State(models.TextChoices):
        """A plan's life (indicators/plan_life.py holds the rules): GEDI drafts its structure
        unseen by custodians, results are entered while it is active, a closed plan is read."""

        DRAFT = "draft", pgettext_lazy("state of a plan", "Draft")
        ACTIVE = "active", pgettext_lazy("state of a plan", "Active")
        CLOSED = "closed", pgettext_lazy("state of a plan", "Closed")

    slug = models.SlugField(max_length=60, unique=True, verbose_name=gettext_lazy("slug"))
    title = models.CharField(max_length=200, verbose_name=gettext_lazy("title"))
    organisation = models.CharField(max_length=120, verbose_name=gettext_lazy("organisation"))
    start_year = models.PositiveSmallIntegerField(
        validators=YEAR_VALIDATORS, verbose_name=gettext_lazy("start year")
    )
    end_year = models.PositiveSmallIntegerField(
        validators=YEAR_VALIDATORS, verbose_name=gettext_lazy("end year")
    )
    source_document = models.CharField(
        max_length=200, blank=True, verbose_name=gettext_lazy("source document")
    )
    loaded_targets = models.CharField(
        max_length=200,
        blank=True,
        help_text=gettext_lazy(
            "Which targets are loaded in detail, when not all of the plan's: it completes "
            '"the 30 targets …", e.g. "not met in the 2018–19 phase and listed in the appendix '
            'of GB.343/INS". Empty when every target is loaded.'
        ),
        verbose_name=gettext_lazy("loaded targets"),
    )
    state = models.CharField(
        max_length=10,
        choices=State.choices,
        default=State.ACTIVE,
        verbose_name=gettext_lazy("state"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = gettext_lazy("action plan")
        verbose_name_plural = gettext_lazy("action plans")
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
                {
                    "year": _("The plan runs from %(start)s to %(end)s.")
                    % {"start": self.start_year, "end": self.end_year}
                }
            )


class Phase(models.Model):
    """A biennium of the plan, with targets of its own (e.g. 2020–21)."""

    plan = models.ForeignKey(
        ActionPlan,
        on_delete=models.PROTECT,
        related_name="phases",
        verbose_name=gettext_lazy("plan"),
    )
    label = models.CharField(
        max_length=20,
        help_text=gettext_lazy("As documents print it, e.g. 2020–21"),
        verbose_name=gettext_lazy("label"),
    )
    start_year = models.PositiveSmallIntegerField(
        validators=YEAR_VALIDATORS, verbose_name=gettext_lazy("start year")
    )
    end_year = models.PositiveSmallIntegerField(
        validators=YEAR_VALIDATORS, verbose_name=gettext_lazy("end year")
    )
    target_count = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=gettext_lazy(
            "How many targets the phase has in the whole plan, as published (57 for 2020–21). "
            "Empty when every target of the phase is loaded."
        ),
        verbose_name=gettext_lazy("target count"),
    )

    class Meta:
        verbose_name = gettext_lazy("phase")
        verbose_name_plural = gettext_lazy("phases")
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
                _("A phase must lie within the plan's years %(start)s–%(end)s.")
                % {"start": self.plan.start_year, "end": self.plan.end_year}
            )


# A reporting year's deadline falls from 1 January of the year itself to 31 December this many
# years after: a year's results come in the next one, late ones the year after at the latest.
# Further dates are typing slips (9999-12-31 once broke every scorecard).
DEADLINE_YEARS_AFTER = 2
DEADLINE_NEAR_ITS_YEAR = Q(deadline__isnull=True) | Q(
    deadline__year__gte=models.F("year"),
    deadline__year__lte=models.F("year") + DEADLINE_YEARS_AFTER,
)


def _deadline_refused() -> str:
    return _(
        "A deadline falls from 1 January of its year to 31 December %(years)s years after."
    ) % {"years": DEADLINE_YEARS_AFTER}


# Worded when it is shown, in the language of the request.
DEADLINE_REFUSED = lazy(_deadline_refused, str)()


class ReportingYear(models.Model):
    """A year the plan is reported on: open or closed for entries, with its deadline."""

    plan = models.ForeignKey(
        ActionPlan,
        on_delete=models.PROTECT,
        related_name="reporting_years",
        verbose_name=gettext_lazy("plan"),
    )
    year = models.PositiveSmallIntegerField(
        validators=YEAR_VALIDATORS, verbose_name=gettext_lazy("year")
    )
    deadline = models.DateField(null=True, blank=True, verbose_name=gettext_lazy("deadline"))
    is_open = models.BooleanField(
        default=True,
        help_text=gettext_lazy("Closed years take no entries."),
        verbose_name=gettext_lazy("is open"),
    )
    reopened_for = models.ManyToManyField(
        CustodianUnit,
        blank=True,
        related_name="reopened_years",
        help_text=gettext_lazy("Units that may still enter results although the year is closed."),
        verbose_name=gettext_lazy("reopened for"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = gettext_lazy("reporting year")
        verbose_name_plural = gettext_lazy("reporting years")
        ordering = ["plan", "year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="reportingyear_unique_per_plan"),
            models.CheckConstraint(name="reportingyear_year_sane", condition=SANE_YEAR),
            models.CheckConstraint(
                name="reportingyear_deadline_near_its_year",
                condition=DEADLINE_NEAR_ITS_YEAR,
                violation_error_message=DEADLINE_REFUSED,
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
        # The day, the month in words and the year, as the language writes a date in a sentence.
        written = pgettext("a date in a sentence (Django date format)", "j F Y")
        return _("The deadline for %(year)s must fall between %(first)s and %(last)s.") % {
            "year": self.year,
            "first": date_format(first, written),
            "last": date_format(last, written),
        }


class PublishedFigures(models.Model):
    """A year's monitoring of the whole plan as a Governing Body document published it.

    Kept for the years when only part of the plan is loaded in detail (GB.343/INS lists the 30
    targets not met in 2018–19; its paragraph 2 counts all 57), and for an earlier exercise with
    no detailed results at all. The close of a biennium stands for its exercise: 2019 is "the
    monitoring exercise for 2018–19".
    """

    plan = models.ForeignKey(
        ActionPlan,
        on_delete=models.PROTECT,
        related_name="published_figures",
        verbose_name=gettext_lazy("plan"),
    )
    year = models.PositiveSmallIntegerField(
        validators=YEAR_VALIDATORS, verbose_name=gettext_lazy("year")
    )
    on_track = models.PositiveSmallIntegerField(
        default=0,
        help_text=gettext_lazy("Met, for a closed phase."),
        verbose_name=gettext_lazy("on track"),
    )
    not_on_track = models.PositiveSmallIntegerField(
        default=0, verbose_name=gettext_lazy("not on track")
    )
    data_unavailable = models.PositiveSmallIntegerField(
        default=0, verbose_name=gettext_lazy("data unavailable")
    )
    not_reported = models.PositiveSmallIntegerField(
        default=0, verbose_name=gettext_lazy("not reported")
    )
    unavailable_reason = models.CharField(
        max_length=limits.STATEMENT,
        blank=True,
        help_text=gettext_lazy(
            "The document's words on why data were unavailable, as they follow the count: "
            '"owing to the fact that …", "on training".'
        ),
        verbose_name=gettext_lazy("unavailable reason"),
    )
    source_document = models.CharField(
        max_length=100,
        help_text=gettext_lazy("e.g. GB.343/INS"),
        verbose_name=gettext_lazy("source document"),
    )
    source_paragraph = models.CharField(
        max_length=20,
        blank=True,
        help_text=gettext_lazy("e.g. 2"),
        verbose_name=gettext_lazy("source paragraph"),
    )
    reconciliation = models.TextField(
        max_length=limits.NOTE,
        blank=True,
        validators=[MaxLengthValidator(limits.NOTE)],
        help_text=gettext_lazy(
            "How these figures meet the loaded targets' own, where they differ."
        ),
        verbose_name=gettext_lazy("reconciliation"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = gettext_lazy("published figures")
        ordering = ["plan", "year"]
        verbose_name_plural = gettext_lazy("published figures")
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="publishedfigures_unique_year"),
            models.CheckConstraint(name="publishedfigures_year_sane", condition=SANE_YEAR),
        ]

    def __str__(self) -> str:
        return _("%(plan)s – %(year)s as published in %(source)s") % {
            "plan": self.plan,
            "year": self.year,
            "source": self.source,
        }

    def clean(self) -> None:
        if self.plan_id:
            self.plan.refuse_year_outside(self.year)

    @property
    def source(self) -> str:
        """Where the figures were published: "GB.343/INS, paragraph 2"."""
        if self.source_paragraph:
            return _("%(document)s, paragraph %(paragraph)s") % {
                "document": self.source_document,
                "paragraph": self.source_paragraph,
            }
        return self.source_document

    @property
    def total(self) -> int:
        return self.on_track + self.not_on_track + self.data_unavailable + self.not_reported


class Section(TranslatedText):
    """A performance area of the plan (Results-based management, Oversight, …)."""

    plan = models.ForeignKey(
        ActionPlan,
        on_delete=models.PROTECT,
        related_name="sections",
        verbose_name=gettext_lazy("plan"),
    )
    translated_field = "title"

    title = models.CharField(max_length=120, verbose_name=gettext_lazy("title"))
    title_fr = translation_of(title, "fr")
    title_es = translation_of(title, "es")
    position = models.PositiveSmallIntegerField(default=0, verbose_name=gettext_lazy("position"))

    class Meta:
        verbose_name = gettext_lazy("section")
        verbose_name_plural = gettext_lazy("sections")
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "title"], name="section_unique_title_per_plan"),
        ]

    def __str__(self) -> str:
        # In the reader's language; ``title`` stays the text as written (queries, imports).
        return in_language(self)


class Indicator(TranslatedText):
    class Kind(models.TextChoices):
        PROPORTION = "proportion", pgettext_lazy("kind of indicator", "Proportion")
        COUNT = "count", pgettext_lazy("kind of indicator", "Count")
        MILESTONE = "milestone", pgettext_lazy("kind of indicator", "Milestone")

    translated_field = "text"

    section = models.ForeignKey(
        Section,
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name=gettext_lazy("section"),
    )
    code = models.CharField(
        max_length=20,
        help_text=gettext_lazy("Stable reference within the plan, e.g. ACC.1"),
        verbose_name=gettext_lazy("code"),
    )
    text = models.TextField(verbose_name=gettext_lazy("text"))
    text_fr = translation_of(text, "fr")
    text_es = translation_of(text, "es")
    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=gettext_lazy("kind"))
    position = models.PositiveSmallIntegerField(default=0, verbose_name=gettext_lazy("position"))
    trend_gap = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(0)],
        help_text=gettext_lazy(
            "Smallest change between two years that counts as a trend, in the target's unit."
        ),
        verbose_name=gettext_lazy("trend gap"),
    )
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        help_text=gettext_lazy(
            "The same indicator in the plan this one continues, to compare across plans."
        ),
        verbose_name=gettext_lazy("predecessor"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = gettext_lazy("indicator")
        verbose_name_plural = gettext_lazy("indicators")
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


class Target(TranslatedText):
    translated_field = "text"

    class Scope(models.TextChoices):
        GLOBAL = "global", pgettext_lazy("scope of a target", "Global")
        HEADQUARTERS = (
            "headquarters",
            pgettext_lazy("scope of a target", "Global (headquarters managed)"),
        )
        REGION = "region", pgettext_lazy("scope of a target", "Region")
        PORTFOLIO = "portfolio", pgettext_lazy("scope of a target", "Portfolio")

    class Kind(models.TextChoices):
        NUMERIC = "numeric", pgettext_lazy("kind of target", "Number")
        MILESTONE = "milestone", pgettext_lazy("kind of target", "Milestone")

    class Direction(models.TextChoices):
        AT_LEAST = "at_least", gettext_lazy("Higher is better (at least)")
        AT_MOST = "at_most", gettext_lazy("Lower is better (at most)")
        EXACTLY = "exactly", gettext_lazy("Exactly")

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        related_name="targets",
        verbose_name=gettext_lazy("indicator"),
    )
    phase = models.ForeignKey(
        Phase, on_delete=models.PROTECT, related_name="targets", verbose_name=gettext_lazy("phase")
    )
    # The plan of the target's indicator and phase, on the target itself (``of_plan``): given
    # by ``plan_of`` wherever a target is made, and checked against both by ``clean``.
    plan = models.ForeignKey(
        ActionPlan,
        on_delete=models.CASCADE,
        related_name="+",
        editable=False,
        verbose_name=gettext_lazy("plan"),
    )
    scope = models.CharField(
        max_length=20,
        choices=Scope.choices,
        default=Scope.GLOBAL,
        verbose_name=gettext_lazy("scope"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=gettext_lazy("region"),
    )
    portfolio = models.ForeignKey(
        Portfolio,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=gettext_lazy("portfolio"),
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=gettext_lazy("kind"))
    value = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True, verbose_name=gettext_lazy("value")
    )
    unit = models.CharField(
        max_length=10, choices=Unit.choices, blank=True, verbose_name=gettext_lazy("unit")
    )
    direction = models.CharField(
        max_length=10,
        choices=Direction.choices,
        default=Direction.AT_LEAST,
        verbose_name=gettext_lazy("direction"),
    )
    text = models.CharField(
        max_length=300,
        blank=True,
        help_text=gettext_lazy(
            'As the document prints it ("37 per cent", "At least 45 per cent", "Audit done").'
            " Left empty, it is written from the value."
        ),
        verbose_name=gettext_lazy("text"),
    )
    text_fr = translation_of(text, "fr")
    text_es = translation_of(text, "es")
    baseline_value = models.DecimalField(
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        verbose_name=gettext_lazy("baseline value"),
    )
    baseline_text = models.CharField(
        max_length=300, blank=True, verbose_name=gettext_lazy("baseline text")
    )
    baseline_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        verbose_name=gettext_lazy("baseline year"),
    )
    custodians = models.ManyToManyField(
        CustodianUnit,
        through="TargetCustodian",
        related_name="targets",
        verbose_name=gettext_lazy("custodians"),
    )
    custodians_label = models.CharField(
        max_length=300,
        blank=True,
        help_text=gettext_lazy(
            "How the document names the custodians when it differs from the list of units "
            '(e.g. "Deputy Directors-General").'
        ),
        verbose_name=gettext_lazy("custodians label"),
    )
    position = models.PositiveSmallIntegerField(default=0, verbose_name=gettext_lazy("position"))
    history = HistoricalRecords()

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("target")
        verbose_name_plural = gettext_lazy("targets")
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


# Lazy labels: ``scope_label`` makes them text in the language of the request.
SCOPE_LABELS = dict(Target.Scope.choices)


def scope_label(target: Any) -> str:
    """Where a target applies, as printed: "Global", a region's name, "<name> Portfolio"; for
    any object with a target's ``scope``, ``region`` and ``portfolio``. Plain text in the
    language active now, the names too (workbooks and charts take it as it is)."""
    if target.scope == Target.Scope.REGION:
        return in_language(target.region)
    if target.scope == Target.Scope.PORTFOLIO:
        return _("%(name)s Portfolio") % {"name": in_language(target.portfolio)}
    return str(SCOPE_LABELS.get(target.scope, target.scope))


class TargetCustodian(models.Model):
    target = models.ForeignKey(
        Target,
        on_delete=models.CASCADE,
        related_name="custodian_links",
        verbose_name=gettext_lazy("target"),
    )
    custodian = models.ForeignKey(
        CustodianUnit,
        on_delete=models.PROTECT,
        related_name="target_links",
        verbose_name=gettext_lazy("custodian"),
    )
    position = models.PositiveSmallIntegerField(default=0, verbose_name=gettext_lazy("position"))

    class Meta:
        verbose_name = gettext_lazy("target custodian")
        verbose_name_plural = gettext_lazy("target custodians")
        ordering = ["target", "position"]
        constraints = [
            models.UniqueConstraint(fields=["target", "custodian"], name="targetcustodian_unique"),
        ]

    def __str__(self) -> str:
        return _("%(unit)s for %(target)s") % {
            "unit": self.custodian.acronym,
            "target": self.target_id,
        }


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
        ON_TRACK = "on_track", gettext_lazy("On track")
        NOT_ON_TRACK = "not_on_track", gettext_lazy("Not on track")

    ReviewState = ReviewState  # the states and the table of steps: indicators/review.py

    target = models.ForeignKey(
        Target,
        on_delete=models.PROTECT,
        related_name="results",
        verbose_name=gettext_lazy("target"),
    )
    year = models.PositiveSmallIntegerField(
        validators=YEAR_VALIDATORS, verbose_name=gettext_lazy("year")
    )
    value = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True, verbose_name=gettext_lazy("value")
    )
    unit = models.CharField(
        max_length=10,
        choices=Unit.choices,
        blank=True,
        help_text=gettext_lazy("The target's unit, kept with the value."),
        verbose_name=gettext_lazy("unit"),
    )
    statement = models.CharField(
        max_length=limits.STATEMENT,
        blank=True,
        help_text=gettext_lazy('As reported ("No audits done", "None").'),
        verbose_name=gettext_lazy("statement"),
    )
    data_unavailable = models.BooleanField(
        default=False, verbose_name=gettext_lazy("data unavailable")
    )
    unavailable_reason = models.CharField(
        max_length=limits.STATEMENT, blank=True, verbose_name=gettext_lazy("unavailable reason")
    )
    declared_status = models.CharField(
        max_length=20,
        choices=DeclaredStatus.choices,
        blank=True,
        help_text=gettext_lazy(
            "For milestones, and for numeric targets reported only as a statement."
        ),
        verbose_name=gettext_lazy("declared status"),
    )
    status_confirmed = models.BooleanField(
        default=False,
        help_text=gettext_lazy("A reviewer has confirmed the declared status."),
        verbose_name=gettext_lazy("status confirmed"),
    )
    status_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("status confirmed by"),
    )
    status_confirmed_at = models.DateTimeField(
        null=True, blank=True, verbose_name=gettext_lazy("status confirmed at")
    )
    explanation = models.TextField(
        blank=True,
        max_length=limits.NOTE,
        validators=[MaxLengthValidator(limits.NOTE)],
        verbose_name=gettext_lazy("explanation"),
    )
    evidence_url = models.URLField(
        blank=True, max_length=limits.URL, verbose_name=gettext_lazy("evidence url")
    )
    review_state = models.CharField(
        max_length=20,
        choices=ReviewState.choices,
        default=ReviewState.DRAFT,
        verbose_name=gettext_lazy("review state"),
    )
    submitted_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=gettext_lazy("When it was first submitted (used for the deadline)."),
        verbose_name=gettext_lazy("submitted at"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=gettext_lazy("Who submitted it last: four eyes, someone else approves it."),
        verbose_name=gettext_lazy("submitted by"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("approved by"),
    )
    approved_at = models.DateTimeField(
        null=True, blank=True, verbose_name=gettext_lazy("approved at")
    )
    version = models.PositiveIntegerField(default=1, verbose_name=gettext_lazy("version"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=gettext_lazy("updated at"))
    history = HistoricalRecords()

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("result")
        verbose_name_plural = gettext_lazy("results")
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

    result = models.ForeignKey(
        Result,
        on_delete=models.CASCADE,
        related_name="breakdown_lines",
        verbose_name=gettext_lazy("result"),
    )
    portfolio = models.ForeignKey(
        Portfolio,
        on_delete=models.PROTECT,
        related_name="breakdown_lines",
        verbose_name=gettext_lazy("portfolio"),
    )
    custodian = models.ForeignKey(
        CustodianUnit,
        on_delete=models.PROTECT,
        related_name="breakdown_lines",
        verbose_name=gettext_lazy("custodian"),
    )
    statement = models.CharField(
        max_length=limits.STATEMENT, verbose_name=gettext_lazy("statement")
    )
    value = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True, verbose_name=gettext_lazy("value")
    )
    position = models.PositiveSmallIntegerField(default=0, verbose_name=gettext_lazy("position"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = gettext_lazy("result breakdown line")
        verbose_name_plural = gettext_lazy("result breakdown lines")
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


class AcceleratingAction(TranslatedText):
    """A measure a custodian commits to for a target that is off track."""

    translated_field = "text"

    class State(models.TextChoices):
        NOT_STARTED = "not_started", pgettext_lazy("state of an accelerating action", "Not started")
        UNDER_WAY = "under_way", pgettext_lazy("state of an accelerating action", "Under way")
        CONSTRAINED = "constrained", pgettext_lazy("state of an accelerating action", "Constrained")
        DONE = "done", pgettext_lazy("state of an accelerating action", "Done")
        DROPPED = "dropped", pgettext_lazy("state of an accelerating action", "Dropped")

    target = models.ForeignKey(
        Target,
        on_delete=models.PROTECT,
        related_name="actions",
        verbose_name=gettext_lazy("target"),
    )
    custodian = models.ForeignKey(
        CustodianUnit,
        on_delete=models.PROTECT,
        related_name="actions",
        verbose_name=gettext_lazy("custodian"),
    )
    text = models.TextField(
        max_length=limits.NOTE,
        validators=[MaxLengthValidator(limits.NOTE)],
        verbose_name=gettext_lazy("text"),
    )
    text_fr = translation_of(text, "fr")
    text_es = translation_of(text, "es")
    state = models.CharField(
        max_length=20,
        choices=State.choices,
        default=State.NOT_STARTED,
        verbose_name=gettext_lazy("state"),
    )
    progress_note = models.TextField(
        blank=True,
        max_length=limits.NOTE,
        validators=[MaxLengthValidator(limits.NOTE)],
        verbose_name=gettext_lazy("progress note"),
    )
    due_date = models.DateField(null=True, blank=True, verbose_name=gettext_lazy("due date"))
    next_review_date = models.DateField(
        null=True, blank=True, verbose_name=gettext_lazy("next review date")
    )
    position = models.PositiveSmallIntegerField(default=0, verbose_name=gettext_lazy("position"))
    version = models.PositiveIntegerField(default=1, verbose_name=gettext_lazy("version"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=gettext_lazy("updated at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = gettext_lazy("accelerating action")
        verbose_name_plural = gettext_lazy("accelerating actions")
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
        """What an action may hold (``indicators.result_rules.settle_action``); its French and
        Spanish versions are settled as its text is, whichever door wrote them."""
        for name, value in settle_action({n: getattr(self, n) for n in ACTION_FIELDS}).items():
            setattr(self, name, value)
        for name in version_names(AcceleratingAction):
            setattr(self, name, settle_text(getattr(self, name)))
