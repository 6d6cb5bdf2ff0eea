"""The batch path's database-specific SQL (indicators/bulk_writes.py) against the plain ORM
path it replaces: the same edits leave the same rows and the same history, on each database."""

from decimal import Decimal

import pytest
from django.db import transaction

from indicators.bulk_writes import StaleRow, save_batch, save_batch_plain
from indicators.models import AcceleratingAction, Result
from indicators.result_rules import ACTION_FIELDS, RESULT_FIELDS
from indicators.services import result_write
from indicators.versions import mark_history
from tests.factories import AcceleratingActionFactory, TargetFactory, UserFactory

pytestmark = pytest.mark.django_db
YEAR = 2020
# Fields that only say when a row was saved, or which number a sequence gave it: they differ
# between any two runs (PostgreSQL does not roll sequences back).
WHEN = {"updated_at", "history_date", "history_id", "id"}
TEXTS = ['He said "no", {twice}', "NULL", "back\\slash, tab\tand é", "=SUM(A1)", "日本語"]


def _rows(model, pks):
    return sorted(
        (
            {k: v for k, v in row.items() if k not in WHEN}
            for row in model.objects.filter(pk__in=pks).values()
        ),
        key=lambda row: sorted(map(str, row.items())),
    )


def _history(model, pks):
    return sorted(
        (
            {k: v for k, v in row.items() if k not in WHEN}
            for row in model.history.filter(id__in=pks).values()
        ),
        key=lambda row: sorted(map(str, row.items())),
    )


def _run(save, model, edit) -> tuple[list, list]:
    """Run ``edit`` (which returns changed, created rows) and ``save`` in a transaction that is
    rolled back, and return the rows and history it left."""
    with transaction.atomic():
        changed, created = edit()
        names = (*RESULT_FIELDS, "unit") if model is Result else ACTION_FIELDS
        save(model, names, changed, created)
        pks = [row.pk for _, row in changed] + [row.pk for row in created]
        seen = _rows(model, pks), _history(model, pks)
        transaction.set_rollback(True)
    return seen


def test_results_come_out_the_same_by_sql_and_by_the_orm():
    person = UserFactory()
    targets = [TargetFactory(unit="percent") for _ in TEXTS]
    for n, target in enumerate(targets):
        result_write(target=target, year=YEAR, user=None, fields={"value": Decimal(10 + n)})
    new_targets = [TargetFactory(unit="count") for _ in range(3)]

    def edit():
        changed = []
        for index, result in enumerate(Result.objects.filter(target__in=targets).order_by("pk")):
            result.statement = TEXTS[index]
            result.value = Decimal("12.5") + index
            mark_history(result, person, f"Corrected, row {index}")
            changed.append((index, result))
        created = []
        for n, target in enumerate(new_targets):
            result = Result(target=target, year=YEAR, value=Decimal(n), unit="count")
            mark_history(result, person, "")
            created.append(result)
        return changed, created

    by_sql = _run(save_batch, Result, edit)
    by_orm = _run(save_batch_plain, Result, edit)
    assert by_sql == by_orm
    rows, history = by_sql
    assert sorted(row["version"] for row in rows) == [1] * 3 + [2] * len(TEXTS)
    assert [row["history_user_id"] for row in history if row["history_type"] == "~"] == [
        person.pk
    ] * len(TEXTS)


def test_actions_come_out_the_same_by_sql_and_by_the_orm():
    actions = [AcceleratingActionFactory(position=n) for n in range(4)]

    def edit():
        changed = []
        for index, action in enumerate(
            AcceleratingAction.objects.filter(pk__in=[a.pk for a in actions])
        ):
            action.state = "constrained"
            action.progress_note = TEXTS[index]
            mark_history(action, None, "Workbook import")
            changed.append((index, action))
        return changed, []

    assert _run(save_batch, AcceleratingAction, edit) == _run(
        save_batch_plain, AcceleratingAction, edit
    )


@pytest.mark.parametrize("save", [save_batch, save_batch_plain])
def test_both_refuse_a_row_whose_version_moved(save):
    target = TargetFactory(unit="percent")
    result = result_write(target=target, year=YEAR, user=None, fields={"value": Decimal(1)})
    stale = Result.objects.get(pk=result.instance.pk)
    result_write(target=target, year=YEAR, user=None, fields={"value": Decimal(2)})
    stale.value = Decimal(3)
    with pytest.raises(StaleRow) as refused, transaction.atomic():
        save(Result, ("value",), [(7, stale)], [])
    assert (refused.value.index, refused.value.pk) == (7, stale.pk)
    assert Result.objects.get(pk=stale.pk).value == Decimal(2)
