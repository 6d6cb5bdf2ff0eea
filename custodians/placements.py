"""Which portfolio a unit belonged to in a given year.

A unit's ``portfolio`` is where it is now. When the Office moves it "from a given year", the
years before keep the portfolio it had then, as ``PortfolioPeriod`` rows; a year no period
covers is the current portfolio's. The scorecards of a year count a unit's targets in its
portfolio of that year (reports/selectors.py asks ``units_in_portfolio`` and ``portfolio_in``),
so a move from 2022 leaves the 2020 and 2021 scorecards as they were published.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import BigIntegerField, Case, Exists, F, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.expressions import Expression
from django.utils.translation import gettext as _

from custodians.models import CustodianUnit, Portfolio, PortfolioPeriod


def _covering(year: int) -> Q:
    """The periods that hold ``year``."""
    return (Q(first_year__isnull=True) | Q(first_year__lte=year)) & Q(last_year__gte=year)


def portfolio_in(year: int, unit: str = "pk") -> Expression:
    """The portfolio id of the unit found at ``unit`` (a lookup from the queryset's model) in
    ``year``: its period's that year, or its current one."""
    periods = PortfolioPeriod.objects.filter(_covering(year), unit=OuterRef(unit))
    current = F(f"{unit}__portfolio") if unit != "pk" else F("portfolio")
    return Case(
        When(Exists(periods), then=Subquery(periods.values("portfolio")[:1])),
        default=current,
        output_field=BigIntegerField(),
    )


def units_in_portfolio(portfolio: Portfolio, year: int) -> QuerySet[CustodianUnit]:
    """The units that belonged to ``portfolio`` in ``year``, retired ones included."""
    return CustodianUnit.objects.alias(placed=portfolio_in(year)).filter(placed=portfolio.pk)


def portfolio_of(unit: CustodianUnit, year: int) -> Portfolio | None:
    """The portfolio ``unit`` belonged to in ``year``."""
    for period in placements(unit):
        if period.holds(year):
            return period.portfolio
    return unit.portfolio


@dataclass(frozen=True)
class Placement:
    """A run of years in one portfolio; open at either end where ``first_year`` (from the
    start) or ``last_year`` (still) is None."""

    portfolio: Portfolio | None
    first_year: int | None
    last_year: int | None

    def holds(self, year: int) -> bool:
        return (self.first_year is None or self.first_year <= year) and (
            self.last_year is None or year <= self.last_year
        )

    def __str__(self) -> str:
        where = str(self.portfolio) if self.portfolio else _("no portfolio")
        years = {"where": where, "first": self.first_year, "last": self.last_year}
        if self.first_year is None and self.last_year is None:
            return where
        if self.first_year is None:
            return _("%(where)s until %(last)s") % years
        if self.last_year is None:
            return _("%(where)s from %(first)s") % years
        if self.first_year == self.last_year:
            return _("%(where)s in %(first)s") % years
        return _("%(where)s from %(first)s to %(last)s") % years


def placements(unit: CustodianUnit) -> list[Placement]:
    """The unit's portfolios through the years, oldest first, the current one last."""
    periods = list(unit.portfolio_periods.select_related("portfolio").order_by("last_year"))
    runs = [Placement(p.portfolio, p.first_year, p.last_year) for p in periods]
    since = periods[-1].last_year + 1 if periods else None
    return [*runs, Placement(unit.portfolio, since, None)]


def is_placed(unit: CustodianUnit, portfolio: Portfolio | None, from_year: int) -> bool:
    """Whether the unit is in ``portfolio`` in ``from_year`` and every year after it."""
    later = unit.portfolio_periods.filter(last_year__gte=from_year)
    return unit.portfolio == portfolio and not later.exists()


def place(unit: CustodianUnit, portfolio: Portfolio | None, from_year: int | None) -> None:
    """Records that ``unit`` is in ``portfolio`` from ``from_year`` on (every year if None),
    keeping the years before where they were. Sets ``unit.portfolio``; the caller saves the
    unit, in the same transaction.
    """
    periods = unit.portfolio_periods
    if from_year is None:
        periods.all().delete()
        unit.portfolio = portfolio
        return
    # Years from ``from_year`` on are the new portfolio's: later periods go, one that runs
    # across ``from_year`` now ends the year before.
    periods.filter(first_year__gte=from_year).delete()
    periods.filter(last_year__gte=from_year).update(last_year=from_year - 1)
    # The years between the last period and ``from_year`` were the current portfolio's.
    last = periods.order_by("-last_year").first()
    if (last is None or last.last_year < from_year - 1) and unit.portfolio != portfolio:
        PortfolioPeriod.objects.create(
            unit=unit,
            portfolio=unit.portfolio,
            first_year=last.last_year + 1 if last else None,
            last_year=from_year - 1,
        )
    unit.portfolio = portfolio
    # A period in the new portfolio just before ``from_year`` is one run with the current.
    while (last := periods.order_by("-last_year").first()) and last.portfolio == portfolio:
        last.delete()
