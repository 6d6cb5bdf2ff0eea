"""The review steps, the discussion and the reporting years as services, and the portfolio lines
on the one write path for results."""

import datetime
from decimal import Decimal

import pytest

from entries import services
from entries.models import ResultComment
from indicators import limits
from indicators.models import ReportingYear, ResultBreakdownLine
from indicators.services import (
    BreakdownLineInput,
    ReasonRequired,
    StaleEdit,
    result_write,
)

pytestmark = pytest.mark.django_db


def _draft(world, target=None, **fields):
    fields = fields or {"value": Decimal("40")}
    return result_write(
        target=target or world.target, year=2021, user=world.owner, fields=fields
    ).instance


@pytest.mark.parametrize(
    ("step", "kwargs", "message"),
    [
        (services.result_approve, {}, "This entry is draft: only a submitted entry is approved."),
        (
            services.result_return,
            {"comment": "Why?"},
            "This entry is draft: only a submitted entry is returned.",
        ),
        (
            services.result_reopen,
            {"comment": "Why?"},
            "This entry is draft: only an approved entry is reopened.",
        ),
    ],
)
def test_steps_are_refused_from_the_wrong_state(world, step, kwargs, message):
    result = _draft(world)
    with pytest.raises(services.StepRefused, match=message):
        step(result=result, user=world.reviewer, **kwargs)
    result.refresh_from_db()
    assert (result.review_state, result.version, result.history.count()) == ("draft", 1, 1)


def test_a_return_and_a_reopening_need_their_comment(world):
    result = services.result_submit(result=_draft(world), user=world.owner)
    with pytest.raises(services.StepRefused, match="Say what the custodian should change"):
        services.result_return(result=result, user=world.reviewer, comment=" ")
    approved = services.result_approve(result=result, user=world.reviewer)
    with pytest.raises(services.StepRefused, match="Say why the approved entry is reopened"):
        services.result_reopen(result=approved, user=world.reviewer, comment="")
    assert not ResultComment.objects.exists()


def test_a_step_on_a_version_the_person_did_not_see_is_stale(world):
    result = _draft(world)
    with pytest.raises(StaleEdit) as stale:
        services.result_submit(result=result, user=world.owner, expected_version=7)
    assert stale.value.current.version == 1


def test_the_first_submission_time_is_kept_through_returns(world):
    result = services.result_submit(result=_draft(world), user=world.owner)
    first = result.submitted_at
    services.result_return(result=result, user=world.reviewer, comment="Source?")
    again = services.result_submit(result=result, user=world.owner)
    assert again.submitted_at == first and again.review_state == "submitted"


def test_comments_come_in_the_order_they_were_written(world):
    result = _draft(world)
    for author, text in [(world.owner, "Is 40 right?"), (world.reviewer, "Yes.")]:
        services.result_comment_add(result=result, user=author, text=f"  {text}  ")
    assert [(c.author, c.text, c.step) for c in result.comments.all()] == [
        (world.owner, "Is 40 right?", "comment"),
        (world.reviewer, "Yes.", "comment"),
    ]


def test_closing_a_year_closes_it_for_every_unit_and_is_in_its_history(world):
    year = world.year
    services.reporting_year_close(reporting_year=year, user=world.reviewer)
    services.reporting_year_reopen_for(reporting_year=year, user=world.reviewer, unit=world.unit)
    assert list(year.reopened_for.all()) == [world.unit]
    services.reporting_year_open(reporting_year=year, user=world.reviewer)
    with pytest.raises(services.StepRefused, match="open for every unit already"):
        services.reporting_year_reopen_for(
            reporting_year=year, user=world.reviewer, unit=world.unit
        )
    services.reporting_year_close(reporting_year=year, user=world.reviewer)
    assert not ReportingYear.objects.get(pk=year.pk).reopened_for.exists()
    services.reporting_year_set_deadline(
        reporting_year=year, user=world.reviewer, deadline=datetime.date(2022, 3, 1)
    )
    reasons = [
        record.history_change_reason
        for record in year.history.order_by("history_date", "history_id")
        if record.history_user == world.reviewer
    ]
    assert reasons == [
        "Closed for entries",
        "Reopened for HRD",
        "Opened for entries",
        "Closed for entries",
        "Deadline set to 1 March 2022",
    ]


def _lines(ddg_target, **statements):
    units = {unit.portfolio.code: unit for unit in ddg_target.custodians.all()}
    return [
        BreakdownLineInput(portfolio=unit.portfolio, custodian=unit, statement=statements[code])
        for code, unit in units.items()
        if code in statements
    ]


def test_portfolio_lines_are_part_of_the_result_for_versions_and_reasons(world, ddg_target):
    fields = {"statement": "Not achieved", "declared_status": "not_on_track"}
    first = result_write(
        target=ddg_target,
        year=2021,
        user=world.reviewer,
        fields=fields,
        breakdown=_lines(ddg_target, policy="none", mr="one"),
    ).instance
    assert ResultBreakdownLine.objects.count() == 2
    unchanged = result_write(
        target=ddg_target,
        year=2021,
        user=world.reviewer,
        fields=fields,
        breakdown=_lines(ddg_target, policy="none", mr="one"),
        expected_version=1,
    )
    assert unchanged.changed_fields == () and ResultBreakdownLine.history.count() == 2
    services.result_submit(result=first, user=world.reviewer)
    with pytest.raises(ReasonRequired):
        result_write(
            target=ddg_target,
            year=2021,
            user=world.reviewer,
            fields=fields,
            breakdown=_lines(ddg_target, policy="two"),
        )
    outcome = result_write(
        target=ddg_target,
        year=2021,
        user=world.reviewer,
        fields=fields,
        breakdown=_lines(ddg_target, policy="two"),
        reason="Policy portfolio recount",
        expected_version=2,
    )
    assert outcome.changed_fields == ("breakdown",) and outcome.instance.version == 3
    line = ResultBreakdownLine.objects.get(portfolio__code="policy")
    assert line.statement == "two"
    assert line.history.first().history_change_reason == "Policy portfolio recount"


def test_a_reason_longer_than_the_history_keeps_is_shortened_not_lost(world):
    result = services.result_submit(result=_draft(world), user=world.owner)
    result_write(
        target=world.target,
        year=2021,
        user=world.owner,
        fields={"value": Decimal("41")},
        reason="x" * 150,
    )
    kept = result.history.first().history_change_reason
    assert len(kept) == limits.REASON and kept.endswith("…")
