"""Writes to results and actions: one path for the browser, the workbook import and scripts.

Each write is compare-and-set on a ``version`` column, so two people editing the same row cannot
silently overwrite each other; it records who changed what (django-simple-history) and, for an
entry already submitted or approved, why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Model
from django.utils import timezone
from simple_history.utils import get_change_reason_from_object

from custodians.models import CustodianUnit, Portfolio
from custodians.roles import User
from indicators.models import AcceleratingAction, Result, ResultBreakdownLine, Target

RESULT_FIELDS = (
    "value",
    "statement",
    "data_unavailable",
    "unavailable_reason",
    "declared_status",
    "explanation",
    "evidence_url",
)
ACTION_FIELDS = ("text", "state", "progress_note", "due_date", "next_review_date")
LOCKED_STATES = (Result.ReviewState.SUBMITTED, Result.ReviewState.APPROVED)
# django-simple-history keeps a change reason in a 100-character column.
REASON_MAX_LENGTH = 100


class StaleEdit(Exception):
    """Someone saved the row after the user loaded it; ``current`` is what is there now."""

    def __init__(self, current: Model) -> None:
        super().__init__("This entry was changed by someone else after you opened it.")
        self.current = current


class ReasonRequired(Exception):
    """Changing a submitted or approved result needs a reason."""


@dataclass(frozen=True)
class WriteOutcome:
    instance: Model
    created: bool
    changed_fields: tuple[str, ...]


@dataclass(frozen=True)
class BreakdownLineInput:
    """One portfolio's line of a result as the user wants it; no statement and no value: no line."""

    portfolio: Portfolio
    custodian: CustodianUnit
    statement: str
    value: Decimal | None = None

    @property
    def is_empty(self) -> bool:
        return not self.statement.strip() and self.value is None


def _apply(instance: Model, fields: dict[str, Any], allowed: tuple[str, ...]) -> tuple[str, ...]:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"Not writable here: {sorted(unknown)}")
    changed = tuple(name for name, value in fields.items() if getattr(instance, name) != value)
    for name in changed:
        setattr(instance, name, fields[name])
    return changed


def seen_version(instance: Model, expected_version: int | None) -> int:
    """The version the user saw; without one (a script), the version the row has now."""
    return instance.version if expected_version is None else expected_version


def claim_version(instance: Model, expected_version: int | None) -> None:
    """Compare-and-set: bump the version only if it is still the one the user saw.

    ``instance`` holds the user's changes; on a conflict the row as it is now is reported.
    """
    model = type(instance)
    seen = seen_version(instance, expected_version)
    claimed = model.objects.filter(pk=instance.pk, version=seen).update(version=F("version") + 1)
    if not claimed:
        raise StaleEdit(model.objects.get(pk=instance.pk))
    instance.version = seen + 1


def _mark_history(instance: Model, user: User | None, reason: str) -> None:
    instance._history_user = user if user is not None and user.is_authenticated else None
    reason = reason.strip()
    if len(reason) > REASON_MAX_LENGTH:  # forms stop people earlier; scripts may not
        reason = reason[: REASON_MAX_LENGTH - 1] + "…"
    instance._change_reason = reason or None


def validate(instance: Model, *, constraints: bool = True) -> None:
    """The model's own validation: its fields and ``clean()`` (a result's year in its plan).

    ``constraints=False`` leaves to the database alone what it enforces itself in the same
    transaction: the unique and check constraints, and that a foreign key's row exists. The
    batch path saves thousands of rows and would otherwise ask the database about each
    constraint and each foreign key of each row.
    """
    exclude = None if constraints else [f.name for f in instance._meta.fields if f.is_relation]
    instance.full_clean(exclude=exclude, validate_constraints=constraints)


def save_with_history(instance: Model, user: User | None, reason: str) -> None:
    """Validate and save, so that the history records who changed the row and why."""
    _mark_history(instance, user, reason)
    validate(instance)
    instance.save()


def require_reason(result: Result, reason: str) -> None:
    """An entry already submitted or approved changes only with a reason, for the history."""
    if result.review_state in LOCKED_STATES and not reason.strip():
        raise ReasonRequired("Say why you change an entry that was already submitted or approved.")


def fit_unit(result: Result, target: Target) -> None:
    """A value is always in the target's unit; no value, no unit."""
    result.unit = target.unit if result.value is not None else ""
    if result.data_unavailable:
        result.value, result.unit = None, ""


def _line_values(wanted: BreakdownLineInput, position: int) -> dict[str, Any]:
    return {
        "custodian_id": wanted.custodian.pk,
        "statement": wanted.statement.strip(),
        "value": wanted.value,
        "position": position,
    }


def _line_changes(
    result: Result, lines: Sequence[BreakdownLineInput]
) -> list[tuple[ResultBreakdownLine, dict[str, Any] | None]]:
    """The portfolio lines to save (with their new values) or to delete (``None``).

    Lines not mentioned are kept; an empty line removes the portfolio's line.
    """
    existing = (
        {line.portfolio_id: line for line in result.breakdown_lines.all()} if result.pk else {}
    )
    changes = []
    for position, wanted in enumerate(lines):
        line = existing.get(wanted.portfolio.pk)
        if wanted.is_empty:
            if line is not None:
                changes.append((line, None))
            continue
        values = _line_values(wanted, position)
        if line is None:
            changes.append((ResultBreakdownLine(portfolio=wanted.portfolio), values))
        elif any(getattr(line, name) != value for name, value in values.items()):
            changes.append((line, values))
    return changes


def _write_breakdown(
    result: Result,
    changes: list[tuple[ResultBreakdownLine, dict[str, Any] | None]],
    user: User | None,
    reason: str,
) -> None:
    for line, values in changes:
        if values is None:
            _mark_history(line, user, reason)
            line.delete()
            continue
        line.result = result
        for name, value in values.items():
            setattr(line, name, value)
        save_with_history(line, user, reason)


@transaction.atomic
def result_write(
    *,
    target: Target,
    year: int,
    user: User | None,
    fields: dict[str, Any],
    expected_version: int | None = None,
    reason: str = "",
    breakdown: Sequence[BreakdownLineInput] | None = None,
) -> WriteOutcome:
    """Create or change the result of ``target`` for ``year``. Permission is the caller's check.

    ``expected_version`` is the version the user saw (0: they saw no result yet); ``breakdown``
    gives the portfolio lines, which count as part of the result for versions and reasons.
    """
    # Locking the target makes two first entries for the same target wait for each other, so
    # the second finds the first's result and is refused as stale instead of failing on insert.
    Target.objects.select_for_update().filter(pk=target.pk).first()
    result = Result.objects.select_for_update().filter(target=target, year=year).first()
    created = result is None
    if created:
        result = Result(target=target, year=year)
    changed = _apply(result, fields, RESULT_FIELDS)
    line_changes = _line_changes(result, breakdown) if breakdown is not None else []
    if line_changes:
        changed += ("breakdown",)
    if not changed and not created:
        if expected_version is not None and expected_version != result.version:
            raise StaleEdit(result)
        return WriteOutcome(result, False, ())
    fit_unit(result, target)
    if not created:
        require_reason(result, reason)
        claim_version(result, expected_version)
    save_with_history(result, user, reason)
    _write_breakdown(result, line_changes, user, reason)
    return WriteOutcome(result, created, changed)


@transaction.atomic
def action_write(
    *,
    action: AcceleratingAction,
    user: User | None,
    fields: dict[str, Any],
    expected_version: int | None = None,
    reason: str = "",
) -> WriteOutcome:
    """Change an existing accelerating action (its state, note, dates or wording)."""
    locked = AcceleratingAction.objects.select_for_update().get(pk=action.pk)
    changed = _apply(locked, fields, ACTION_FIELDS)
    if not changed:
        if expected_version is not None and expected_version != locked.version:
            raise StaleEdit(locked)
        return WriteOutcome(locked, False, ())
    claim_version(locked, expected_version)
    save_with_history(locked, user, reason)
    return WriteOutcome(locked, False, changed)


@transaction.atomic
def action_create(
    *, target: Target, custodian: CustodianUnit, user: User | None, fields: dict[str, Any]
) -> AcceleratingAction:
    """Add an accelerating action at the end of the custodian's list for the target."""
    last = (
        AcceleratingAction.objects.select_for_update()
        .filter(target=target, custodian=custodian)
        .order_by("-position")
        .first()
    )
    action = AcceleratingAction(
        target=target, custodian=custodian, position=0 if last is None else last.position + 1
    )
    _apply(action, fields, ACTION_FIELDS)
    save_with_history(action, user, "")
    return action


# Rows per query in the batch paths: well under SQLite's limit of variables per statement.
BATCH_SIZE = 500


class BatchRefused(Exception):
    """One edit of a batch was refused, so none of the batch is saved (the caller's transaction
    rolls back). ``index`` is the edit's position in the batch; ``cause`` says why."""

    def __init__(self, index: int, cause: StaleEdit | ReasonRequired | ValidationError) -> None:
        super().__init__(str(cause))
        self.index = index
        self.cause = cause


@dataclass(frozen=True)
class ResultEdit:
    """One result to create or change, as ``result_write`` takes it. The target must come with
    ``indicator__section__plan`` loaded: validation reads the plan's years."""

    target: Target
    year: int
    fields: dict[str, Any]
    expected_version: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class ActionEdit:
    """One change of an existing accelerating action, as ``action_write`` takes it."""

    action: AcceleratingAction
    fields: dict[str, Any]
    expected_version: int | None = None
    reason: str = ""


def _chunks(items: Sequence[Any]) -> list[tuple[int, Sequence[Any]]]:
    return [
        (start, items[start : start + BATCH_SIZE]) for start in range(0, len(items), BATCH_SIZE)
    ]


def _refuse_if_stale(current: Model, expected_version: int | None) -> None:
    """The batch form of ``claim_version``: the rows are locked, so comparing is enough."""
    if current.version != seen_version(current, expected_version):
        raise StaleEdit(current)


def _update_sql(model: type[Model], fields: list[Any]) -> str:
    quote = connection.ops.quote_name
    assignments = "".join(f"{quote(field.column)} = %s, " for field in fields)
    version, pk = quote("version"), quote(model._meta.pk.column)
    return (
        f"UPDATE {quote(model._meta.db_table)} SET {assignments}{version} = {version} + 1 "
        f"WHERE {pk} = %s AND {version} = %s"
    )


def _update_from_arrays_sql(model: type[Model], fields: list[Any]) -> str:
    """PostgreSQL: the same compare-and-set for many rows in one statement, each column's values
    sent as one array and joined with the table by id and version read."""
    quote = connection.ops.quote_name
    table, version, pk = quote(model._meta.db_table), quote("version"), model._meta.pk
    columns = [*fields, pk, model._meta.get_field("version")]
    names = [quote(field.column) for field in columns]
    arrays = ", ".join(f"%s::{field.cast_db_type(connection)}[]" for field in columns)
    assignments = "".join(f"{name} = edited.{name}, " for name in names[: len(fields)])
    return (
        f"UPDATE {table} SET {assignments}{version} = {table}.{version} + 1 "
        f"FROM unnest({arrays}) AS edited ({', '.join(names)}) "
        f"WHERE {table}.{quote(pk.column)} = edited.{quote(pk.column)} "
        f"AND {table}.{version} = edited.{version}"
    )


class _PartStale(Exception):
    """A row of a part was not written: its version moved. Undoes the part's savepoint."""


def _update_rows(model: type[Model], names: tuple[str, ...], part: list[tuple[int, Model]]) -> None:
    """Compare-and-set for each row of ``part`` (index in the batch, row): the version is
    bumped only where it is still the one read.

    Django's ``bulk_update`` builds one CASE over the whole batch for every field, which costs
    far more than the rows themselves. PostgreSQL gets one statement for the part (a statement
    per row, even sent together, costs it twice as much); SQLite, in the same process, one
    statement per row.
    """
    db = transaction.get_connection()  # not the proxy: it is looked up for every value
    fields = [model._meta.get_field(name) for name in (*names, "updated_at")]
    rows = [
        [
            *(field.get_db_prep_save(getattr(row, field.attname), db) for field in fields),
            row.pk,
            row.version,
        ]
        for _, row in part
    ]
    try:
        with transaction.atomic(), db.cursor() as cursor:
            if db.vendor == "postgresql":
                columns = [list(column) for column in zip(*rows, strict=True)]
                cursor.execute(_update_from_arrays_sql(model, fields), columns)
            else:
                cursor.executemany(_update_sql(model, fields), rows)
            if cursor.rowcount != len(part):
                raise _PartStale
    except _PartStale:
        # The rows are locked and their versions compared, so this is a safeguard. With the
        # part undone, its rows are written one by one, which names the first one refused.
        _update_one_by_one(model, fields, part, rows)
    for _, row in part:
        row.version += 1


def _update_one_by_one(
    model: type[Model], fields: list[Any], part: list[tuple[int, Model]], rows: list[list[Any]]
) -> None:
    with connection.cursor() as cursor:
        for (index, row), values in zip(part, rows, strict=True):
            cursor.execute(_update_sql(model, fields), values)
            if cursor.rowcount != 1:
                raise BatchRefused(index, StaleEdit(model.objects.get(pk=row.pk)))


def _insert_history(model: type[Model], rows: list[Model], when: datetime) -> None:
    """One history row ("~", changed) for each changed row, as django-simple-history records a
    save: the row's fields, with the user and reason ``_mark_history`` put on it.

    ``bulk_create`` would build a model instance for each. PostgreSQL takes the rows by COPY,
    its fastest way in; SQLite, in the same process, one INSERT per row.
    """
    db = transaction.get_connection()  # not the proxy: it is looked up for every value
    history = model.history.model
    fields = [f for f in history._meta.concrete_fields if f is not history._meta.pk]
    quote = db.ops.quote_name
    table = quote(history._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    values = []
    for row in rows:
        user = getattr(row, "_history_user", None)
        own = {
            "history_date": when,
            "history_change_reason": get_change_reason_from_object(row),
            "history_type": "~",
            "history_user_id": user.pk if user is not None else None,
        }
        values.append(
            [
                f.get_db_prep_save(
                    own[f.attname] if f.attname in own else getattr(row, f.attname), db
                )
                for f in fields
            ]
        )
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row_values in values:
                    copy.write_row(row_values)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", values)


def _save_batch(
    model: type[Model],
    names: tuple[str, ...],
    changed: list[tuple[int, Model]],
    created: list[Model],
) -> None:
    """Save validated rows and one history row for each, with its user and reason.

    ``changed`` pairs each changed row with its index in the batch, to name a refused one.
    """
    now = timezone.now()
    for _, instance in changed:
        instance.updated_at = now  # saved without save(), which sets auto_now fields
    for _, part in _chunks(changed):
        _update_rows(model, names, part)
        _insert_history(model, [row for _, row in part], now)
    for _, part in _chunks(created):
        model.objects.bulk_create(part)
        model.history.bulk_history_create(part, default_date=now)


@transaction.atomic
def results_write(*, edits: Sequence[ResultEdit], user: User | None) -> list[WriteOutcome]:
    """``result_write`` for many results at once, with the same rules: the version the user saw
    (a stale one refuses the whole batch), a reason for submitted or approved entries, the
    model's validation, one history row per changed result. Permission is the caller's check.

    Raises ``BatchRefused`` naming the first refused edit; nothing of the batch is then saved.
    Breakdown lines are not part of this path (the entry form writes them).
    """
    outcomes: list[WriteOutcome] = []
    changed: list[tuple[int, Result]] = []
    created: list[Result] = []
    for start, part in _chunks(edits):
        target_ids = {edit.target.pk for edit in part}
        # Locked as result_write locks them: a first entry made meanwhile is found, not doubled.
        # In the order of their ids, and without the ordering's joins, which would lock the
        # indicators and phases joined too.
        list(
            Target.objects.select_for_update()
            .filter(pk__in=target_ids)
            .order_by("pk")
            .values_list("pk")
        )
        current = {
            (r.target_id, r.year): r
            for r in Result.objects.select_for_update()
            .filter(target_id__in=target_ids, year__in={edit.year for edit in part})
            .order_by("pk")
        }
        for index, edit in enumerate(part, start=start):
            try:
                outcomes.append(_result_edit(index, edit, current, user, changed, created))
            except (StaleEdit, ReasonRequired, ValidationError) as exc:
                raise BatchRefused(index, exc) from exc
    _save_batch(Result, (*RESULT_FIELDS, "unit"), changed, created)
    return outcomes


def _result_edit(
    index: int,
    edit: ResultEdit,
    current: dict[tuple[int, int], Result],
    user: User | None,
    changed: list[tuple[int, Result]],
    created: list[Result],
) -> WriteOutcome:
    result = current.get((edit.target.pk, edit.year))
    is_new = result is None
    if is_new:
        result = Result(target=edit.target, year=edit.year)
    else:
        result.target = edit.target  # with its plan, for validation
        _refuse_if_stale(result, edit.expected_version)
    names = _apply(result, edit.fields, RESULT_FIELDS)
    if not names and not is_new:
        return WriteOutcome(result, False, ())
    fit_unit(result, edit.target)
    if not is_new:
        require_reason(result, edit.reason)
    _mark_history(result, user, edit.reason)
    validate(result, constraints=False)
    if is_new:
        created.append(result)
    else:
        changed.append((index, result))
    return WriteOutcome(result, is_new, names)


@transaction.atomic
def actions_write(*, edits: Sequence[ActionEdit], user: User | None) -> list[WriteOutcome]:
    """``action_write`` for many actions at once, with its rules; see ``results_write``."""
    outcomes: list[WriteOutcome] = []
    changed: list[tuple[int, AcceleratingAction]] = []
    for start, part in _chunks(edits):
        current = (
            AcceleratingAction.objects.select_for_update()
            .order_by("pk")
            .in_bulk([edit.action.pk for edit in part])
        )
        for index, edit in enumerate(part, start=start):
            action = current.get(edit.action.pk)
            try:
                if action is None:  # deleted meanwhile
                    raise StaleEdit(edit.action)
                _refuse_if_stale(action, edit.expected_version)
                names = _apply(action, edit.fields, ACTION_FIELDS)
                if names:
                    _mark_history(action, user, edit.reason)
                    validate(action, constraints=False)
                    changed.append((index, action))
            except (StaleEdit, ReasonRequired, ValidationError) as exc:
                raise BatchRefused(index, exc) from exc
            outcomes.append(WriteOutcome(action, False, names))
    _save_batch(AcceleratingAction, ACTION_FIELDS, changed, [])
    return outcomes
