"""The organisation's units that are custodians of indicators, and who belongs to them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

from custodians.plan_texts import TranslatedText, in_language, translation_of


class Portfolio(TranslatedText):
    """A Deputy Director-General's portfolio (or the Office of the Director-General)."""

    translated_field = "name"

    code = models.SlugField(max_length=20, unique=True, verbose_name=gettext_lazy("code"))
    name = models.CharField(max_length=120, unique=True, verbose_name=gettext_lazy("name"))
    name_fr = translation_of(name, "fr")
    name_es = translation_of(name, "es")
    position = models.PositiveSmallIntegerField(default=0, verbose_name=gettext_lazy("position"))

    class Meta:
        verbose_name = gettext_lazy("portfolio")
        verbose_name_plural = gettext_lazy("portfolios")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        # In the reader's language (selects, messages, labels); ``name`` stays the text as
        # written, for queries, imports, matching and what is stored.
        return in_language(self)


class Region(TranslatedText):
    translated_field = "name"

    code = models.SlugField(max_length=20, unique=True, verbose_name=gettext_lazy("code"))
    name = models.CharField(max_length=120, unique=True, verbose_name=gettext_lazy("name"))
    name_fr = translation_of(name, "fr")
    name_es = translation_of(name, "es")
    position = models.PositiveSmallIntegerField(default=0, verbose_name=gettext_lazy("position"))

    class Meta:
        verbose_name = gettext_lazy("region")
        verbose_name_plural = gettext_lazy("regions")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        # In the reader's language (selects, messages, labels); ``name`` stays the text as
        # written, for queries, imports, matching and what is stored.
        return in_language(self)


class CustodianUnit(TranslatedText):
    """A department, office, branch, regional office or Deputy Director-General."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", gettext_lazy("Department")
        OFFICE = "office", gettext_lazy("Office")
        BRANCH = "branch", gettext_lazy("Branch")
        REGIONAL_OFFICE = "regional_office", gettext_lazy("Regional office")
        DEPUTY_DIRECTOR_GENERAL = "ddg", gettext_lazy("Deputy Director-General")
        CENTRE = "centre", gettext_lazy("Training centre")
        CONSTITUENTS = "constituents", gettext_lazy("Constituents (outside the Office)")

    translated_field = "name"

    acronym = models.CharField(
        max_length=30,
        unique=True,
        help_text=gettext_lazy("e.g. HRD, DDG/POL"),
        verbose_name=gettext_lazy("acronym"),
    )
    slug = models.SlugField(max_length=40, unique=True, verbose_name=gettext_lazy("slug"))
    name = models.CharField(max_length=200, unique=True, verbose_name=gettext_lazy("name"))
    name_fr = translation_of(name, "fr")
    name_es = translation_of(name, "es")
    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=gettext_lazy("kind"))
    portfolio = models.ForeignKey(
        Portfolio,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        help_text=gettext_lazy(
            "Empty only for custodians outside the Office, such as the constituents."
        ),
        verbose_name=gettext_lazy("portfolio"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=gettext_lazy("region"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        related_name="custodian_units",
        blank=True,
        verbose_name=gettext_lazy("members"),
    )
    # A unit the Office closed or merged away: it keeps its history, targets and results, and is
    # left out of the choices for anything new (custodians/services.py).
    retired_on = models.DateField(
        null=True,
        blank=True,
        help_text=gettext_lazy("The day the unit stopped existing; empty while active."),
        verbose_name=gettext_lazy("retired on"),
    )

    # Renames, moves and retirements are kept with who made them and why (custodians/services.py).
    history = HistoricalRecords()

    class Meta:
        verbose_name = gettext_lazy("custodian unit")
        verbose_name_plural = gettext_lazy("custodian units")
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
        # In the reader's language (selects, messages, labels); ``name`` stays the text as
        # written, for queries, imports, matching and what is stored.
        return in_language(self)

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
        CustodianUnit,
        on_delete=models.CASCADE,
        related_name="portfolio_periods",
        verbose_name=gettext_lazy("unit"),
    )
    portfolio = models.ForeignKey(
        Portfolio,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("portfolio"),
    )
    first_year = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=gettext_lazy("first year")
    )
    last_year = models.PositiveSmallIntegerField(verbose_name=gettext_lazy("last year"))

    class Meta:
        verbose_name = gettext_lazy("portfolio period")
        verbose_name_plural = gettext_lazy("portfolio periods")
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
        return _("%(unit)s: %(portfolio)s, %(first)s–%(last)s") % {
            "unit": self.unit.acronym,
            "portfolio": self.portfolio or _("no portfolio"),
            "first": self.first_year or _("the start"),
            "last": self.last_year,
        }


class Membership(models.Model):
    """A user who reports for a unit: its focal point."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=gettext_lazy("user"),
    )
    unit = models.ForeignKey(
        CustodianUnit,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=gettext_lazy("unit"),
    )
    since = models.DateField(auto_now_add=True, verbose_name=gettext_lazy("since"))

    # A focal point removed is kept here: who added or removed them, when and why.
    history = HistoricalRecords()

    class Meta:
        verbose_name = gettext_lazy("membership")
        verbose_name_plural = gettext_lazy("memberships")
        ordering = ["unit__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "unit"], name="membership_unique_user_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.unit.acronym}"
