"""The organisation's units that are custodians of indicators, and who belongs to them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords


class Portfolio(models.Model):
    """A Deputy Director-General's portfolio (or the Office of the Director-General)."""

    code = models.SlugField(max_length=20, unique=True)
    name = models.CharField(max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    code = models.SlugField(max_length=20, unique=True)
    name = models.CharField(max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class CustodianUnit(models.Model):
    """A department, office, branch, regional office or Deputy Director-General."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", "Department"
        OFFICE = "office", "Office"
        BRANCH = "branch", "Branch"
        REGIONAL_OFFICE = "regional_office", "Regional office"
        DEPUTY_DIRECTOR_GENERAL = "ddg", "Deputy Director-General"
        CENTRE = "centre", "Training centre"
        CONSTITUENTS = "constituents", "Constituents (outside the Office)"

    acronym = models.CharField(max_length=30, unique=True, help_text="e.g. HRD, DDG/POL")
    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    portfolio = models.ForeignKey(
        Portfolio,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        help_text="Empty only for custodians outside the Office, such as the constituents.",
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="units"
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="custodian_units", blank=True
    )
    # A unit the Office closed or merged away: it keeps its history, targets and results, and is
    # left out of the choices for anything new (custodians/services.py).
    retired_on = models.DateField(
        null=True, blank=True, help_text="The day the unit stopped existing; empty while active."
    )

    # Renames, moves and retirements are kept with who made them and why (custodians/services.py).
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="custodianunit_regional_office_has_region",
                condition=~Q(kind="regional_office") | Q(region__isnull=False),
            ),
            models.CheckConstraint(
                name="custodianunit_office_unit_has_portfolio",
                condition=Q(kind="constituents") | Q(portfolio__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_retired(self) -> bool:
        return self.retired_on is not None


class PortfolioPeriod(models.Model):
    """Years in which a unit belonged to another portfolio than its own today.

    A unit's ``portfolio`` is where it is now; a move "from a given year" keeps the years before
    it here, so that the scorecards of those years count the unit's targets where they were
    (custodians/placements.py). A unit that never moved has no period. ``first_year`` is empty
    for a period that runs from the start.
    """

    unit = models.ForeignKey(
        CustodianUnit, on_delete=models.CASCADE, related_name="portfolio_periods"
    )
    portfolio = models.ForeignKey(
        Portfolio, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    first_year = models.PositiveSmallIntegerField(null=True, blank=True)
    last_year = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["unit", "last_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "last_year"], name="portfolioperiod_one_per_unit_last_year"
            ),
            models.CheckConstraint(
                name="portfolioperiod_first_year_not_after_last",
                condition=Q(first_year__isnull=True) | Q(first_year__lte=F("last_year")),
            ),
        ]

    def __str__(self) -> str:
        start = self.first_year or "the start"
        return f"{self.unit.acronym}: {self.portfolio or 'no portfolio'}, {start}–{self.last_year}"


class Membership(models.Model):
    """A user who reports for a unit: its focal point."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(CustodianUnit, on_delete=models.CASCADE, related_name="memberships")
    since = models.DateField(auto_now_add=True)

    # A focal point removed is kept here: who added or removed them, when and why.
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "unit"], name="membership_unique_user_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.unit.acronym}"
