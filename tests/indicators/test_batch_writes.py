"""The batch write path (results_write, actions_write): the rules of result_write and
action_write, for many rows at once and all or nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from indicators import services
from indicators.models import AcceleratingAction, Result
from indicators.services import (
    ActionEdit,
    BatchRefused,
    ReasonRequired,
    ResultEdit,
    StaleEdit,
    actions_write,
    result_write,
    results_write,
)
from tests.factories import AcceleratingActionFactory, TargetFactory, UserFactory

pytestmark = pytest.mark.django_db
YEAR = 2020


@pytest.fixture
def targets():
    return [TargetFactory(unit="percent") for _ in range(5)]


@pytest.fixture
def results(targets):
    return [
        result_write(target=t, year=YEAR, user=None, fields={"value": Decimal(n)}).instance
        for n, t in enumerate(targets, start=10)
    ]


def _state():
    return (
        sorted(Result.objects.values_list("pk", "value", "version")),
        Result.history.count(),
        sorted(AcceleratingAction.objects.values_list("pk", "state", "version")),
        AcceleratingAction.history.count(),
    )


def test_a_batch_saves_each_change_with_one_history_row_carrying_user_and_reason(targets, results):
    person = UserFactory()
    new_target = TargetFactory(unit="count")
    edits = [
        ResultEdit(
            target=t,
            year=YEAR,
            fields={"value": Decimal(50 + n)},
            expected_version=1,
            reason="Corrected from the survey",
        )
        for n, t in enumerate(targets[:3])
    ]
    edits.append(
        ResultEdit(target=targets[3], year=YEAR, fields={"value": Decimal(13)}, expected_version=1)
    )  # unchanged
    edits.append(ResultEdit(target=new_target, year=YEAR, fields={"value": Decimal(7)}))
    history_before = Result.history.count()

    outcomes = results_write(edits=edits, user=person)

    assert [o.changed_fields for o in outcomes] == [("value",)] * 3 + [()] + [("value",)]
    assert Result.history.count() == history_before + 4
    for n, target in enumerate(targets[:3]):
        result = Result.objects.get(target=target, year=YEAR)
        assert (result.value, result.version) == (Decimal(50 + n), 2)
        latest = result.history.first()
        assert latest.history_user == person
        assert latest.history_change_reason == "Corrected from the survey"
        assert latest.value == Decimal(50 + n)
    unchanged = Result.objects.get(target=targets[3], year=YEAR)
    assert unchanged.version == 1 and unchanged.history.count() == 1
    created = Result.objects.get(target=new_target, year=YEAR)
    assert (created.unit, created.version) == ("count", 1)
    assert created.history.get().history_user == person


@pytest.mark.parametrize("when", ["before the batch", "after the batch read it"])
def test_a_stale_version_in_the_middle_refuses_the_whole_batch(targets, results, monkeypatch, when):
    """The versions are compared as the batch reads (and locks) the rows, and again by the UPDATE
    that writes a chunk of them: a row saved by someone else in between refuses it all the same,
    naming that row and showing it as it is now."""

    def someone_else_saves() -> None:
        result_write(target=targets[2], year=YEAR, user=None, fields={"value": Decimal(99)})

    if when == "before the batch":
        someone_else_saves()
    else:
        save_batch = services.save_batch

        def saved_meanwhile(*args, **kwargs):
            someone_else_saves()
            return save_batch(*args, **kwargs)

        monkeypatch.setattr(services, "save_batch", saved_meanwhile)
    before = _state()
    edits = [
        ResultEdit(target=t, year=YEAR, fields={"value": Decimal(60)}, expected_version=1)
        for t in targets
    ]

    with pytest.raises(BatchRefused) as refused, transaction.atomic():
        results_write(edits=edits, user=UserFactory())

    assert refused.value.index == 2
    assert isinstance(refused.value.cause, StaleEdit)
    assert refused.value.cause.current.value == Decimal(99)  # what is there now
    assert _state() == before


def test_a_submitted_result_needs_a_reason_in_a_batch_too(targets, results):
    Result.objects.filter(pk=results[1].pk).update(review_state=Result.ReviewState.SUBMITTED)
    before = _state()
    edits = [
        ResultEdit(target=t, year=YEAR, fields={"value": Decimal(61)}, expected_version=1)
        for t in targets[:2]
    ]

    with pytest.raises(BatchRefused) as refused, transaction.atomic():
        results_write(edits=edits, user=None)
    assert refused.value.index == 1 and isinstance(refused.value.cause, ReasonRequired)
    assert _state() == before

    with_reason = [
        ResultEdit(
            target=e.target,
            year=YEAR,
            fields=e.fields,
            expected_version=1,
            reason="Typo in the submission",
        )
        for e in edits
    ]
    results_write(edits=with_reason, user=None)
    assert Result.objects.get(pk=results[1].pk).history.first().history_change_reason == (
        "Typo in the submission"
    )


def test_a_batch_validates_each_row_as_the_single_path_does(targets, results):
    before = _state()
    outside = ResultEdit(target=targets[4], year=1990, fields={"value": Decimal(5)})
    edits = [ResultEdit(target=targets[0], year=YEAR, fields={"value": Decimal(62)}), outside]

    with pytest.raises(BatchRefused) as refused, transaction.atomic():
        results_write(edits=edits, user=None)
    assert refused.value.index == 1 and isinstance(refused.value.cause, ValidationError)
    with pytest.raises(ValidationError) as single:
        result_write(target=targets[4], year=1990, user=None, fields={"value": Decimal(5)})
    assert refused.value.cause.messages == single.value.messages
    assert _state() == before


def test_actions_in_a_batch_keep_their_versions_and_history():
    actions = AcceleratingActionFactory.create_batch(3)
    person = UserFactory()
    AcceleratingAction.objects.filter(pk=actions[2].pk).update(version=2)  # changed meanwhile
    before = _state()
    edits = [
        ActionEdit(action=a, fields={"state": "done"}, expected_version=1, reason="Review")
        for a in actions
    ]

    with pytest.raises(BatchRefused) as refused, transaction.atomic():
        actions_write(edits=edits, user=person)
    assert refused.value.index == 2 and _state() == before

    outcomes = actions_write(edits=edits[:2], user=person)
    assert [o.changed_fields for o in outcomes] == [("state",), ("state",)]
    for action in actions[:2]:
        action.refresh_from_db()
        assert (action.state, action.version) == ("done", 2)
        assert action.history.first().history_user == person
        assert action.history.first().history_change_reason == "Review"


def test_a_batch_saves_every_changed_field_and_when_it_changed(targets, results):
    before = Result.objects.get(pk=results[0].pk)
    edits = [
        ResultEdit(
            target=targets[0],
            year=YEAR,
            fields={
                "data_unavailable": True,
                "unavailable_reason": "Survey postponed",
                "value": None,
                "evidence_url": "https://example.org/survey",
            },
            expected_version=1,
        ),
        ResultEdit(
            target=targets[1],
            year=YEAR,
            fields={
                "value": None,
                "statement": "No audits done",
                "declared_status": "not_on_track",
            },
            expected_version=1,
        ),
    ]

    results_write(edits=edits, user=None)

    unavailable = Result.objects.get(pk=results[0].pk)
    assert (unavailable.value, unavailable.unit, unavailable.data_unavailable) == (None, "", True)
    assert unavailable.unavailable_reason == "Survey postponed"
    assert unavailable.evidence_url == "https://example.org/survey"
    assert unavailable.updated_at > before.updated_at
    assert unavailable.history.first().unavailable_reason == "Survey postponed"
    stated = Result.objects.get(pk=results[1].pk)
    assert (stated.statement, stated.declared_status) == ("No audits done", "not_on_track")
    assert (stated.value, stated.unit, stated.version) == (None, "", 2)
    untouched = Result.objects.get(pk=results[2].pk)
    assert (untouched.value, untouched.version) == (Decimal(12), 1)


def test_texts_the_database_might_read_as_syntax_are_saved_as_typed(targets, results):
    texts = ['He said "no", {twice}', "NULL", "back\\slash, tab\tand é", ""]
    edits = [
        ResultEdit(target=t, year=YEAR, fields={"statement": text}, expected_version=1)
        for t, text in zip(targets, texts, strict=False)
    ]

    results_write(edits=edits, user=None)

    saved = {r.target_id: r for r in Result.objects.filter(target__in=targets)}
    assert [saved[t.pk].statement for t in targets[:4]] == texts
    assert [saved[t.pk].history.first().statement for t in targets[:4]] == texts
