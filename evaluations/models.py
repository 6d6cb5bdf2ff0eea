"""Independent evaluations, their recommendations, the Office's response and the yearly follow-up.

The recommendations are addressed to the same custodian units as the Action Plan's targets, and
may be linked to the Action Plan indicators that take them up.
"""

from __future__ import annotations

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from simple_history.models import HistoricalRecords

from custodians.models import CustodianUnit
from indicators import limits
from indicators.models import Indicator

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]
# When a document carries no date, follow-up may be given for this many years back.
UNDATED_FOLLOW_UP_YEARS = 3


class Level(models.TextChoices):
    """Priority and resource implication, as the evaluation tables print them."""

    HIGH = "high", gettext_lazy("High")
    MEDIUM = "medium", gettext_lazy("Medium")
    LOW = "low", gettext_lazy("Low")


# An empty priority or resource level means the document's cell is empty (or, for resources,
# says something else, kept in ``resource_implication_text``).
LEVEL_OR_EMPTY = ["", *Level.values]


class Evaluation(models.Model):
    slug = models.SlugField(max_length=80, unique=True, verbose_name=gettext_lazy("slug"))
    title = models.CharField(max_length=400, verbose_name=gettext_lazy("title"))
    short_title = models.CharField(
        max_length=31,
        help_text=gettext_lazy(
            "For charts and the workbook's sheet names (31 characters at most)."
        ),
        verbose_name=gettext_lazy("short title"),
    )
    period = models.CharField(
        max_length=20,
        blank=True,
        help_text=gettext_lazy("The period evaluated, as printed, e.g. 2016–21."),
        verbose_name=gettext_lazy("period"),
    )
    year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=gettext_lazy(
            "Year of the document that made the recommendations; follow-up starts then."
        ),
        verbose_name=gettext_lazy("year"),
    )
    document = models.CharField(
        max_length=300,
        help_text=gettext_lazy("Document reference, e.g. GB.340/PFA/7."),
        verbose_name=gettext_lazy("document"),
    )
    source_file = models.CharField(
        max_length=100, blank=True, verbose_name=gettext_lazy("source file")
    )
    position = models.PositiveSmallIntegerField(default=0, verbose_name=gettext_lazy("position"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = gettext_lazy("evaluation")
        verbose_name_plural = gettext_lazy("evaluations")
        ordering = ["position", "title"]
        constraints = [
            models.CheckConstraint(
                name="evaluation_year_sane",
                condition=Q(year__isnull=True) | Q(year__gte=2000, year__lte=2100),
            ),
            models.CheckConstraint(name="evaluation_short_title_set", condition=~Q(short_title="")),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("evaluations:evaluation", args=[self.slug])

    def follow_up_years(self, this_year: int) -> list[int]:
        """The years a follow-up report may be given for, newest first: none in the future."""
        first = self.year if self.year is not None else this_year - UNDATED_FOLLOW_UP_YEARS + 1
        return list(range(this_year, min(first, this_year) - 1, -1))


class Recommendation(models.Model):
    evaluation = models.ForeignKey(
        Evaluation,
        on_delete=models.PROTECT,
        related_name="recommendations",
        verbose_name=gettext_lazy("evaluation"),
    )
    number = models.PositiveSmallIntegerField(verbose_name=gettext_lazy("number"))
    title = models.TextField(verbose_name=gettext_lazy("title"))
    summary = models.TextField(blank=True, verbose_name=gettext_lazy("summary"))
    responsible_units = models.ManyToManyField(
        CustodianUnit,
        through="ResponsibleUnit",
        related_name="recommendations",
        verbose_name=gettext_lazy("responsible units"),
    )
    responsible_units_text = models.TextField(
        blank=True,
        help_text=gettext_lazy("The 'Responsible unit' cell as the document prints it."),
        verbose_name=gettext_lazy("responsible units text"),
    )
    priority = models.CharField(
        max_length=10,
        choices=Level.choices,
        blank=True,
        help_text=gettext_lazy("Empty where the document's cell is empty."),
        verbose_name=gettext_lazy("priority"),
    )
    time_implication = models.CharField(
        max_length=100,
        blank=True,
        help_text=gettext_lazy(
            'As printed: "Short-term", "Medium-to-long-term", "Current biennium", "2021–23"…'
        ),
        verbose_name=gettext_lazy("time implication"),
    )
    resource_implication = models.CharField(
        max_length=10,
        choices=Level.choices,
        blank=True,
        verbose_name=gettext_lazy("resource implication"),
    )
    resource_implication_text = models.CharField(
        max_length=100,
        blank=True,
        help_text=gettext_lazy(
            'The cell as printed when it is not plainly High, Medium or Low ("Moderate", '
            '"Within existing resources"); shown instead of the level.'
        ),
        verbose_name=gettext_lazy("resource implication text"),
    )
    indicators = models.ManyToManyField(
        Indicator,
        through="IndicatorLink",
        related_name="recommendations",
        blank=True,
        verbose_name=gettext_lazy("indicators"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = gettext_lazy("recommendation")
        verbose_name_plural = gettext_lazy("recommendations")
        ordering = ["evaluation__position", "evaluation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "number"], name="recommendation_unique_number"
            ),
            models.CheckConstraint(
                name="recommendation_number_positive", condition=Q(number__gte=1)
            ),
            models.CheckConstraint(
                name="recommendation_priority_valid", condition=Q(priority__in=LEVEL_OR_EMPTY)
            ),
            models.CheckConstraint(
                name="recommendation_resource_valid",
                condition=Q(resource_implication__in=LEVEL_OR_EMPTY),
            ),
            models.CheckConstraint(name="recommendation_title_set", condition=~Q(title="")),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.title[:80]}"

    def get_absolute_url(self) -> str:
        return reverse("evaluations:recommendation", args=[self.pk])

    @property
    def label(self) -> str:
        return gettext("Recommendation %(number)s") % {"number": self.number}

    @property
    def resource_implication_display(self) -> str:
        """What the table shows: the printed words where they say more than the level."""
        return self.resource_implication_text or self.get_resource_implication_display()


class SubAction(models.Model):
    """One line of a recommendation's "Detailed Recommendation" list."""

    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        related_name="sub_actions",
        verbose_name=gettext_lazy("recommendation"),
    )
    text = models.TextField(verbose_name=gettext_lazy("text"))
    position = models.PositiveSmallIntegerField(default=0, verbose_name=gettext_lazy("position"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = gettext_lazy("sub action")
        verbose_name_plural = gettext_lazy("sub actions")
        ordering = ["recommendation", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "position"], name="subaction_unique_position"
            ),
            models.CheckConstraint(name="subaction_text_set", condition=~Q(text="")),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class ResponsibleUnit(models.Model):
    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        related_name="unit_links",
        verbose_name=gettext_lazy("recommendation"),
    )
    unit = models.ForeignKey(
        CustodianUnit,
        on_delete=models.PROTECT,
        related_name="recommendation_links",
        verbose_name=gettext_lazy("unit"),
    )
    position = models.PositiveSmallIntegerField(default=0, verbose_name=gettext_lazy("position"))

    class Meta:
        verbose_name = gettext_lazy("responsible unit")
        verbose_name_plural = gettext_lazy("responsible units")
        ordering = ["recommendation", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "unit"], name="responsibleunit_unique"
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(unit)s for recommendation %(number)s") % {
            "unit": self.unit.acronym,
            "number": self.recommendation_id,
        }


class IndicatorLink(models.Model):
    """An Action Plan indicator that takes a recommendation up."""

    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        related_name="indicator_links",
        verbose_name=gettext_lazy("recommendation"),
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="recommendation_links",
        verbose_name=gettext_lazy("indicator"),
    )
    note = models.CharField(
        max_length=300,
        blank=True,
        help_text=gettext_lazy("How the indicator takes the recommendation up."),
        verbose_name=gettext_lazy("note"),
    )

    class Meta:
        verbose_name = gettext_lazy("indicator link")
        verbose_name_plural = gettext_lazy("indicator links")
        ordering = ["recommendation", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "indicator"], name="indicatorlink_unique"
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(code)s takes up recommendation %(number)s") % {
            "code": self.indicator.code,
            "number": self.recommendation_id,
        }


class ResponsePosition(models.TextChoices):
    AGREES = "agrees", gettext_lazy("Agrees")
    PARTLY_AGREES = "partly_agrees", gettext_lazy("Partly agrees")
    DISAGREES = "disagrees", gettext_lazy("Does not agree")


class OfficeResponse(models.Model):
    """The Office's (management's) response to one recommendation."""

    Position = ResponsePosition

    recommendation = models.OneToOneField(
        Recommendation,
        on_delete=models.CASCADE,
        related_name="office_response",
        verbose_name=gettext_lazy("recommendation"),
    )
    position = models.CharField(
        max_length=20,
        choices=ResponsePosition.choices,
        blank=True,
        help_text=gettext_lazy("Empty where the response does not state a position."),
        verbose_name=gettext_lazy("position"),
    )
    text = models.TextField(blank=True, verbose_name=gettext_lazy("text"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = gettext_lazy("office response")
        verbose_name_plural = gettext_lazy("office responses")
        ordering = ["recommendation"]
        constraints = [
            models.CheckConstraint(
                name="officeresponse_position_valid",
                condition=Q(position__in=["", *ResponsePosition.values]),
            ),
            models.CheckConstraint(
                name="officeresponse_says_something", condition=~Q(position="") | ~Q(text="")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position_display} ({self.recommendation})"

    @property
    def position_display(self) -> str:
        return self.get_position_display() or gettext("Position not stated")


class FollowUpState(models.TextChoices):
    NOT_STARTED = "not_started", gettext_lazy("Not started")
    UNDER_WAY = "under_way", gettext_lazy("Under way")
    COMPLETED = "completed", gettext_lazy("Completed")
    NO_LONGER_RELEVANT = "no_longer_relevant", gettext_lazy("No longer relevant")


class FollowUp(models.Model):
    """A responsible unit's yearly report on where a recommendation stands."""

    State = FollowUpState

    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.PROTECT,
        related_name="follow_ups",
        verbose_name=gettext_lazy("recommendation"),
    )
    year = models.PositiveSmallIntegerField(
        validators=YEAR_VALIDATORS, verbose_name=gettext_lazy("year")
    )
    state = models.CharField(
        max_length=20, choices=FollowUpState.choices, verbose_name=gettext_lazy("state")
    )
    note = models.TextField(
        blank=True,
        max_length=limits.NOTE,
        validators=[MaxLengthValidator(limits.NOTE)],
        verbose_name=gettext_lazy("note"),
    )
    version = models.PositiveIntegerField(default=1, verbose_name=gettext_lazy("version"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=gettext_lazy("updated at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = gettext_lazy("follow up")
        verbose_name_plural = gettext_lazy("follow ups")
        ordering = ["recommendation", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "year"], name="followup_one_per_year"
            ),
            models.CheckConstraint(
                name="followup_year_sane", condition=Q(year__gte=2000, year__lte=2100)
            ),
            models.CheckConstraint(
                name="followup_state_valid", condition=Q(state__in=FollowUpState.values)
            ),
        ]
        indexes = [models.Index(fields=["year", "state"], name="followup_year_state_idx")]

    def __str__(self) -> str:
        return f"{self.year}: {self.get_state_display()}"

    def get_absolute_url(self) -> str:
        return self.recommendation.get_absolute_url()
