"""Independent evaluations, their recommendations, the Office's response and the yearly follow-up.

The recommendations are addressed to the same custodian units as the Action Plan's targets, and
may be linked to the Action Plan indicators that take them up.
"""

from __future__ import annotations

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from custodians.models import CustodianUnit
from indicators import limits
from indicators.models import Indicator

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]
# When a document carries no date, follow-up may be given for this many years back.
UNDATED_FOLLOW_UP_YEARS = 3


class Level(models.TextChoices):
    """Priority and resource implication, as the evaluation tables print them."""

    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


# An empty priority or resource level means the document's cell is empty (or, for resources,
# says something else, kept in ``resource_implication_text``).
LEVEL_OR_EMPTY = ["", *Level.values]


class Evaluation(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=400)
    short_title = models.CharField(
        max_length=31,
        help_text="For charts and the workbook's sheet names (31 characters at most).",
    )
    period = models.CharField(
        max_length=20, blank=True, help_text="The period evaluated, as printed, e.g. 2016–21."
    )
    year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text="Year of the document that made the recommendations; follow-up starts then.",
    )
    document = models.CharField(max_length=300, help_text="Document reference, e.g. GB.340/PFA/7.")
    source_file = models.CharField(max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
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
        Evaluation, on_delete=models.PROTECT, related_name="recommendations"
    )
    number = models.PositiveSmallIntegerField()
    title = models.TextField()
    summary = models.TextField(blank=True)
    responsible_units = models.ManyToManyField(
        CustodianUnit, through="ResponsibleUnit", related_name="recommendations"
    )
    responsible_units_text = models.TextField(
        blank=True, help_text="The 'Responsible unit' cell as the document prints it."
    )
    priority = models.CharField(
        max_length=10,
        choices=Level.choices,
        blank=True,
        help_text="Empty where the document's cell is empty.",
    )
    time_implication = models.CharField(
        max_length=100,
        blank=True,
        help_text='As printed: "Short-term", "Medium-to-long-term", "Current biennium", "2021–23"…',
    )
    resource_implication = models.CharField(max_length=10, choices=Level.choices, blank=True)
    resource_implication_text = models.CharField(
        max_length=100,
        blank=True,
        help_text='The cell as printed when it is not plainly High, Medium or Low ("Moderate", '
        '"Within existing resources"); shown instead of the level.',
    )
    indicators = models.ManyToManyField(
        Indicator, through="IndicatorLink", related_name="recommendations", blank=True
    )
    history = HistoricalRecords()

    class Meta:
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
        return f"Recommendation {self.number}"

    @property
    def resource_implication_display(self) -> str:
        """What the table shows: the printed words where they say more than the level."""
        return self.resource_implication_text or self.get_resource_implication_display()


class SubAction(models.Model):
    """One line of a recommendation's "Detailed Recommendation" list."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="sub_actions"
    )
    text = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
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
        Recommendation, on_delete=models.CASCADE, related_name="unit_links"
    )
    unit = models.ForeignKey(
        CustodianUnit, on_delete=models.PROTECT, related_name="recommendation_links"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["recommendation", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "unit"], name="responsibleunit_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit.acronym} for recommendation {self.recommendation_id}"


class IndicatorLink(models.Model):
    """An Action Plan indicator that takes a recommendation up."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="indicator_links"
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="recommendation_links"
    )
    note = models.CharField(
        max_length=300, blank=True, help_text="How the indicator takes the recommendation up."
    )

    class Meta:
        ordering = ["recommendation", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "indicator"], name="indicatorlink_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} takes up recommendation {self.recommendation_id}"


class ResponsePosition(models.TextChoices):
    AGREES = "agrees", "Agrees"
    PARTLY_AGREES = "partly_agrees", "Partly agrees"
    DISAGREES = "disagrees", "Does not agree"


class OfficeResponse(models.Model):
    """The Office's (management's) response to one recommendation."""

    Position = ResponsePosition

    recommendation = models.OneToOneField(
        Recommendation, on_delete=models.CASCADE, related_name="office_response"
    )
    position = models.CharField(
        max_length=20,
        choices=ResponsePosition.choices,
        blank=True,
        help_text="Empty where the response does not state a position.",
    )
    text = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
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
        return self.get_position_display() or "Position not stated"


class FollowUpState(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    UNDER_WAY = "under_way", "Under way"
    COMPLETED = "completed", "Completed"
    NO_LONGER_RELEVANT = "no_longer_relevant", "No longer relevant"


class FollowUp(models.Model):
    """A responsible unit's yearly report on where a recommendation stands."""

    State = FollowUpState

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="follow_ups"
    )
    year = models.PositiveSmallIntegerField(validators=YEAR_VALIDATORS)
    state = models.CharField(max_length=20, choices=FollowUpState.choices)
    note = models.TextField(
        blank=True, max_length=limits.NOTE, validators=[MaxLengthValidator(limits.NOTE)]
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
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
