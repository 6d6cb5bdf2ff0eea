"""A generated action plan of any size, for tests and benchmarks of the pages that read plans.

``generate_plan(targets=1000, years=4, seed=7)`` builds a plan shaped like the ILO's: five
sections, indicators with a global target, or a headquarters target and one per region, or one
per portfolio; custodians across the portfolios and the regional offices; results for every year
with a mix of on track, not on track, data unavailable, not reported and drafts; portfolio
breakdowns; accelerating actions. The same seed gives the same plan.

``targets`` is the number of targets of each phase (a biennium), which is what a year's
scorecard counts. Rows are written with ``bulk_create``, and with ``bulk_create_with_history``
for the models whose history the pages read, so 10,000 targets take seconds, not minutes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from custodians.models import CustodianUnit, Portfolio, Region
from indicators.models import (
    AcceleratingAction,
    ActionPlan,
    Indicator,
    Phase,
    ReportingYear,
    Result,
    ResultBreakdownLine,
    Section,
    Target,
    TargetCustodian,
)

CHANGE_REASON = "Generated (python -m benchmarks.synth)"
DEFAULT_START_YEAR = 2022
BATCH = 2000

# The same codes and names as fixtures/ilo_action_plan_2018_21.json, so both plans share them.
PORTFOLIOS = [
    ("policy", "Policy"),
    ("mr", "Management and Reform"),
    ("fop", "Field Operations and Partnerships"),
    ("odg", "Office of the Director-General"),
]
REGIONS = [
    ("africa", "Africa", "ROAF", "Regional Office for Africa"),
    ("americas", "Americas", "ROLAC", "Regional Office for Latin America and the Caribbean"),
    ("arab-states", "Arab States", "ROAS", "Regional Office for Arab States"),
    ("asia-pacific", "Asia and the Pacific", "ROAP", "Regional Office for Asia and the Pacific"),
    (
        "europe-central-asia",
        "Europe and Central Asia",
        "ROECA",
        "Regional Office for Europe and Central Asia",
    ),
]
DEPUTIES = {
    "policy": ("DDG/POL", "Deputy Director-General for Policy", "ddg"),
    "mr": ("DDG/MR", "Deputy Director-General for Management and Reform", "ddg"),
    "fop": ("DDG/FOP", "Deputy Director-General for Field Operations and Partnerships", "ddg"),
    "odg": ("CABINET", "Office of the Director-General", "office"),
}
DEPARTMENTS = [
    ("HRD", "Human Resources Development Department", "department", "mr"),
    ("PROGRAM", "Strategic Programming and Management Department", "department", "mr"),
    (
        "RELMEETINGS",
        "Official Meetings, Documentation and Relations Department",
        "department",
        "mr",
    ),
    ("FINANCE", "Financial Management Department", "department", "mr"),
    ("INFOTEC", "Information and Technology Management Department", "department", "mr"),
    ("GEDI", "Gender, Equality, Diversity and Inclusion Branch", "branch", "policy"),
    ("RESEARCH", "Research Department", "department", "policy"),
    ("WORKQUALITY", "Conditions of Work and Equality Department", "department", "policy"),
    ("EMPLOYMENT", "Employment Policy Department", "department", "policy"),
    ("SOCPRO", "Social Protection Department", "department", "policy"),
    ("PARDEV", "Partnerships and Field Support Department", "department", "fop"),
    ("ITCILO", "Turin Centre", "centre", "fop"),
    ("EVAL", "Evaluation Office", "office", "odg"),
    ("IAO", "Office of Internal Audit and Oversight", "office", "odg"),
    ("JUR", "Office of the Legal Adviser", "office", "odg"),
]
SECTIONS = [
    "Results-based management",
    "Oversight",
    "Accountability",
    "Human and financial resources",
    "Capacity",
]
SECTION_CODES = ["RBM", "OVS", "ACC", "HFR", "CAP"]
PROPORTIONS = [
    "Proportion of {who} who are women",
    "Proportion of {who} trained on gender equality and non-discrimination",
    "Proportion of {who} whose work plans include a gender equality target",
    "Proportion of {what} that integrate gender analysis",
    "Proportion of {what} with a gender equality marker ranked 2 or 3",
]
WHO = [
    "senior staff (P5 and above)",
    "professional staff in field offices",
    "participants in training sessions of the Turin Centre",
    "members of recruitment panels",
    "speakers at Research Department events",
    "delegates accredited to regional meetings",
    "heads of units",
    "staff in the General Service category",
]
WHAT = [
    "project and programme proposals",
    "sampled evaluations",
    "audited field office reports",
    "country programme outcomes",
    "job vacancy descriptions",
    "flagship reports",
    "events-related studies",
]
COUNTS = [
    "Number of {event} held with directors and unit heads",
    "Number of {event} convened for senior managers (D1 and above)",
    "Number of {event} organized for constituents",
]
EVENTS = ["meetings", "unconscious bias sessions", "capacity-building events", "peer reviews"]
MILESTONES = [
    ("{thing} drafted", "Plan drafted"),
    ("{thing} published on the public website", "Accessible through the public website"),
    ("{thing} completed and results disseminated", "Audit done"),
]
THINGS = [
    "Staff gender mainstreaming capacity-development plan",
    "Audit of internal controls relating to sexual harassment",
    "Guidance note on gender-responsive budgeting",
    "Exit-interview report to the Governing Body",
    "Gender parity strategy for senior posts",
]
UNAVAILABLE_REASONS = [
    "No events held",
    "No audits done",
    "Session of the Conference not held",
    "Survey postponed",
    "Data system being replaced",
]
ACTIONS = [
    "Conduct targeted outreach so that more women apply for senior positions.",
    "Share sex-disaggregated statistics with the regions before each recruitment round.",
    "Include the indicator in the beginning-of-cycle outputs of every director.",
    "Hold two meetings a year on the targets with the units' heads.",
    "Update the how-to guide on gender mainstreaming and run webinars on it.",
    "Introduce rolling quality appraisals of evaluation reports.",
    "On target, none required.",
]
PORTFOLIO_LINES = ["none", "one of two", "two of two", "none of six", "three of five"]


@dataclass(frozen=True)
class Custodians:
    departments: list[CustodianUnit]
    regional_offices: dict[int, CustodianUnit]  # by region id
    deputies: dict[int, CustodianUnit]  # by portfolio id


def _ensure_organisation() -> tuple[list[Portfolio], list[Region], Custodians]:
    """The portfolios, regions and units, created where missing (the real plan may have them)."""
    portfolios = {}
    for position, (code, name) in enumerate(PORTFOLIOS):
        portfolios[code] = Portfolio.objects.get_or_create(
            code=code, defaults={"name": name, "position": position}
        )[0]
    regions, offices = [], {}
    for position, (code, name, acronym, office) in enumerate(REGIONS):
        region = Region.objects.get_or_create(
            code=code, defaults={"name": name, "position": position}
        )[0]
        regions.append(region)
        offices[region.pk] = _unit(acronym, office, "regional_office", portfolios["fop"], region)
    deputies = {
        portfolios[code].pk: _unit(acronym, name, kind, portfolios[code])
        for code, (acronym, name, kind) in DEPUTIES.items()
    }
    departments = [
        _unit(acronym, name, kind, portfolios[code]) for acronym, name, kind, code in DEPARTMENTS
    ]
    return list(portfolios.values()), regions, Custodians(departments, offices, deputies)


def _unit(
    acronym: str, name: str, kind: str, portfolio: Portfolio, region: Region | None = None
) -> CustodianUnit:
    return CustodianUnit.objects.get_or_create(
        acronym=acronym,
        defaults={
            "slug": acronym.lower().replace("/", "-"),
            "name": name,
            "kind": kind,
            "portfolio": portfolio,
            "region": region,
        },
    )[0]


class _Builder:
    """Collects the rows of one plan in memory, then writes each table in bulk."""

    def __init__(self, rng: random.Random, plan: ActionPlan, phases: list[Phase]) -> None:
        self.rng, self.plan, self.phases = rng, plan, phases
        self.indicators: list[Indicator] = []
        # Positions count within a section, as the model's small-integer field expects.
        self.in_section: dict[int, int] = {}
        # (index of its indicator, the target, its custodians)
        self.targets: list[tuple[int, Target, list[CustodianUnit]]] = []

    def indicator(self, section: Section, code: str, kind: str) -> tuple[int, Indicator]:
        rng = self.rng
        if kind == Indicator.Kind.PROPORTION:
            text = rng.choice(PROPORTIONS).format(who=rng.choice(WHO), what=rng.choice(WHAT))
            gap = Decimal(rng.choice([1, 2, 3]))
        elif kind == Indicator.Kind.COUNT:
            text = rng.choice(COUNTS).format(event=rng.choice(EVENTS))
            gap = Decimal(rng.choice([0, 1]))
        else:
            text = rng.choice(MILESTONES)[0].format(thing=rng.choice(THINGS))
            gap = Decimal("0")
        self.in_section[section.pk] = self.in_section.get(section.pk, 0) + 1
        indicator = Indicator(
            section=section,
            code=code,
            text=text,
            kind=kind,
            position=self.in_section[section.pk],
            trend_gap=gap,
        )
        self.indicators.append(indicator)
        return len(self.indicators) - 1, indicator

    def target(
        self, index: int, phase: Phase, custodians: list[CustodianUnit], position: int, **scope
    ) -> None:
        rng = self.rng
        kind = self.indicators[index].kind
        if kind == Indicator.Kind.MILESTONE:
            fields = {"kind": "milestone", "text": rng.choice(MILESTONES)[1]}
        elif kind == Indicator.Kind.COUNT:
            value = rng.choice([1, 2, 2, 3, 4, 6, 10])
            fields = {"kind": "numeric", "value": Decimal(value), "unit": "count"}
        else:
            direction = rng.choices(["at_least", "at_most", "exactly"], [90, 8, 2])[0]
            fields = {
                "kind": "numeric",
                "value": Decimal(rng.randrange(10, 75)),
                "unit": "percent",
                "direction": direction,
            }
        target = Target(phase=phase, plan_id=phase.plan_id, position=position, **fields, **scope)
        self.targets.append((index, target, custodians))


def _result_for(rng: random.Random, target: Target, year: int, deadline: date) -> Result | None:
    """One year's result: about 45 % on track, 35 % not, 8 % unavailable, the rest not reported."""
    roll = rng.random()
    if roll < 0.06:
        return None
    state = Result.ReviewState.APPROVED if rng.random() < 0.7 else Result.ReviewState.SUBMITTED
    if roll < 0.10:
        state = rng.choice([Result.ReviewState.DRAFT, Result.ReviewState.RETURNED])
    submitted = None
    if state != Result.ReviewState.DRAFT and rng.random() < 0.9:
        days = rng.randint(-40, 25)  # a fifth or so come in after the deadline
        moment = datetime.combine(deadline + timedelta(days=days), time(10, 0))
        submitted = timezone.make_aware(moment)
    result = Result(target=target, year=year, review_state=state, submitted_at=submitted)
    if roll < 0.18:
        reason = rng.choice(UNAVAILABLE_REASONS)
        result.data_unavailable, result.unavailable_reason, result.statement = True, reason, reason
        return result
    meets = rng.random() < 0.55
    if target.kind == Target.Kind.MILESTONE:
        result.statement = target.text if meets else "Not achieved"
        result.declared_status = "on_track" if meets else "not_on_track"
        result.status_confirmed = rng.random() < 0.8
        return result
    assert target.value is not None
    span = Decimal(rng.randint(0, 12) if target.unit == "percent" else rng.randint(0, 2))
    better = meets if target.direction != Target.Direction.AT_MOST else not meets
    value = target.value + span if better else target.value - span - 1
    if target.direction == Target.Direction.EXACTLY and meets:
        value = target.value
    upper = Decimal(100) if target.unit == "percent" else Decimal(10_000)
    result.value = min(max(value, Decimal(0)), upper)
    result.unit = target.unit
    return result


@transaction.atomic
def generate_plan(
    *, targets: int, years: int, seed: int = 1, start_year: int = DEFAULT_START_YEAR
) -> ActionPlan:
    """Generate and save a plan with ``targets`` targets in each biennium of ``years`` years."""
    if targets < 1 or years < 1:
        raise ValueError("A plan needs at least one target and one year.")
    rng = random.Random(seed)
    portfolios, regions, units = _ensure_organisation()
    end_year = start_year + years - 1
    slug = f"synthetic-{targets}-{years}y-seed{seed}"
    if start_year != DEFAULT_START_YEAR:
        slug += f"-from{start_year}"
    if ActionPlan.objects.filter(slug=slug).exists():
        raise ValueError(f"A plan {slug!r} exists already: choose another seed.")
    plan = ActionPlan.objects.create(
        slug=slug,
        title=f"Synthetic Action Plan for Gender Equality {start_year}–{str(end_year)[-2:]}",
        organisation=f"Generated with seed {seed}",
        start_year=start_year,
        end_year=end_year,
        source_document=(
            f"python -m benchmarks.synth --targets {targets} --years {years} --seed {seed}"
        ),
    )
    phases = Phase.objects.bulk_create(
        [
            Phase(
                plan=plan,
                label=f"{first}–{str(min(first + 1, end_year))[-2:]}"
                if first < end_year
                else str(first),
                start_year=first,
                end_year=min(first + 1, end_year),
            )
            for first in range(start_year, end_year + 1, 2)
        ]
    )
    deadlines = {year: date(year + 1, 1, 31) for year in range(start_year, end_year + 1)}
    bulk_create_with_history(
        [
            ReportingYear(plan=plan, year=year, deadline=deadline, is_open=year == end_year)
            for year, deadline in deadlines.items()
        ],
        ReportingYear,
        default_change_reason=CHANGE_REASON,
    )
    sections = Section.objects.bulk_create(
        [Section(plan=plan, title=title, position=p) for p, title in enumerate(SECTIONS)]
    )
    builder = _Builder(rng, plan, phases)
    _plan_targets(builder, sections, targets, portfolios, regions, units)
    _save(builder, rng, deadlines)
    return plan


def _plan_targets(
    builder: _Builder,
    sections: list[Section],
    per_phase: int,
    portfolios: list[Portfolio],
    regions: list[Region],
    units: Custodians,
) -> None:
    """Indicators until each phase has ``per_phase`` targets: regional and portfolio ones too."""
    rng = builder.rng
    made, number = 0, 0
    while made < per_phase:
        number += 1
        section_index = rng.randrange(len(sections))
        code = f"{SECTION_CODES[section_index]}.{number}"
        shape = rng.choices(["global", "regional", "portfolio"], [78, 14, 8])[0]
        left = per_phase - made
        if shape == "regional" and left >= 1 + len(regions):
            kind = Indicator.Kind.PROPORTION
        elif shape == "portfolio" and left >= len(portfolios):
            kind = rng.choice([Indicator.Kind.COUNT, Indicator.Kind.PROPORTION])
        else:
            shape = "global"
            kind = rng.choices(list(Indicator.Kind), [65, 20, 15])[0]
        index, _ = builder.indicator(sections[section_index], code, kind)
        department = rng.choice(units.departments)
        extra = rng.sample(units.departments, k=rng.choice([0, 0, 0, 1, 2]))
        for phase in builder.phases:
            if shape == "regional":
                builder.target(index, phase, [department], 0, scope="headquarters")
                for position, region in enumerate(regions, start=1):
                    office = units.regional_offices[region.pk]
                    builder.target(
                        index, phase, [department, office], position, scope="region", region=region
                    )
            elif shape == "portfolio":
                for position, portfolio in enumerate(portfolios):
                    deputy = units.deputies[portfolio.pk]
                    builder.target(
                        index, phase, [deputy], position, scope="portfolio", portfolio=portfolio
                    )
            else:
                custodians = [department, *[u for u in extra if u != department]]
                if rng.random() < 0.06:  # reported line by line by the deputies, like ACC.2
                    custodians = list(units.deputies.values())[:3]
                builder.target(index, phase, custodians, 0)
        made += {"regional": 1 + len(regions), "portfolio": len(portfolios)}.get(shape, 1)


def _save(builder: _Builder, rng: random.Random, deadlines: dict[int, date]) -> None:
    indicators = bulk_create_with_history(
        builder.indicators, Indicator, batch_size=BATCH, default_change_reason=CHANGE_REASON
    )
    for index, target, _ in builder.targets:
        target.indicator = indicators[index]
    targets = bulk_create_with_history(
        [target for _, target, _ in builder.targets],
        Target,
        batch_size=BATCH,
        default_change_reason=CHANGE_REASON,
    )
    links, results, actions = [], [], []
    for target, (_, _, custodians) in zip(targets, builder.targets, strict=True):
        links += [
            TargetCustodian(target=target, custodian=unit, position=position)
            for position, unit in enumerate(custodians)
        ]
        for year in range(target.phase.start_year, target.phase.end_year + 1):
            result = _result_for(rng, target, year, deadlines[year])
            if result is not None:
                results.append(result)
        if rng.random() < 0.5:
            for position in range(rng.randint(1, 3)):
                actions.append(
                    AcceleratingAction(
                        target=target,
                        custodian=rng.choice(custodians),
                        text=rng.choice(ACTIONS),
                        state=rng.choice(list(AcceleratingAction.State)),
                        position=position,
                    )
                )
    TargetCustodian.objects.bulk_create(links, batch_size=BATCH)
    results = bulk_create_with_history(
        results, Result, batch_size=BATCH, default_change_reason=CHANGE_REASON
    )
    bulk_create_with_history(
        actions, AcceleratingAction, batch_size=BATCH, default_change_reason=CHANGE_REASON
    )
    custodians_of = {
        target.pk: custodians
        for target, (_, _, custodians) in zip(targets, builder.targets, strict=True)
    }
    lines = []
    for result in results:
        deputies = [u for u in custodians_of[result.target_id] if u.kind == "ddg"]
        if len(deputies) > 1 and not result.data_unavailable:
            lines += [
                ResultBreakdownLine(
                    result=result,
                    portfolio_id=unit.portfolio_id,
                    custodian=unit,
                    statement=rng.choice(PORTFOLIO_LINES),
                    position=position,
                )
                for position, unit in enumerate(deputies)
            ]
    bulk_create_with_history(
        lines, ResultBreakdownLine, batch_size=BATCH, default_change_reason=CHANGE_REASON
    )


def bench_plan(targets: int) -> ActionPlan:
    """The benchmark's plan of this size (one biennium, two reported years, the size as its seed):
    generated by the first run that needs it, reused by every later one."""
    slug = f"synthetic-{targets}-2y-seed{targets}"
    return ActionPlan.objects.filter(slug=slug).first() or generate_plan(
        targets=targets, years=2, seed=targets
    )


def analyse() -> None:
    """Fresh planner statistics on PostgreSQL, as autovacuum would gather soon after a bulk load:
    without them the planner guesses at tables of a few rows."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
