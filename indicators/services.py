"""Writes to results and actions: one path for the browser, the workbook import, the admin and
scripts.

Each door parses its input and hands the fields over; what an entry may hold is decided by
``indicators.result_rules`` (through ``Result.settle`` and the models' ``clean()``), the
compare-and-set and the history by ``indicators.versions``, which states need a reason by
``indicators.review``. Permission is the caller's check (``indicators.permissions``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext_lazy

from custodians.models import CustodianUnit, Portfolio
from custodians.plan_texts import (
    forget_translations,
    rewritten_languages,
    translation_names,
    vouch_for_new_translations,
)
from custodians.roles import User
from indicators.bulk_writes import StaleRow, chunks, save_batch
from indicators.models import AcceleratingAction, Result, ResultBreakdownLine, Target
from indicators.result_rules import ACTION_FIELDS, RESULT_FIELDS, settle_line
from indicators.review import needs_reason
from indicators.versions import (
    StaleEdit,
    claim_version,
    mark_history,
    refuse_if_stale,
    save_with_history,
    seen_version,
    validate,
)

__all__ = [
    "ACTION_FIELDS",
    "RESULT_FIELDS",
    "ActionEdit",
    "BatchRefused",
    "BreakdownLineInput",
    "ReasonRequired",
    "ResultEdit",
    "StaleEdit",
    "WriteOutcome",
    "action_create",
    "action_write",
    "actions_write",
    "result_write",
    "results_write",
]


class ReasonRequired(Exception):
    """Changing a submitted or approved result needs a reason."""


REASON_REQUIRED = gettext_lazy(
    "Say why you change an entry that was already submitted or approved."
)


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
        return not (self.statement or "").strip() and self.value is None


def _apply(instance: Model, fields: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    """Set ``fields`` on ``instance``; return what the writable fields were before."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"Not writable here: {sorted(unknown)}")
    before = {name: getattr(instance, name) for name in allowed}
    for name, value in fields.items():
        setattr(instance, name, value)
    return before


def _changed(instance: Model, before: dict[str, Any]) -> tuple[str, ...]:
    return tuple(name for name, value in before.items() if getattr(instance, name) != value)


ACTION_TRANSLATIONS = translation_names(AcceleratingAction)


def settle_action_fields(action: AcceleratingAction, fields: dict[str, Any]) -> tuple[str, ...]:
    """Apply the fields (and any translations of the text given with them) and the entry rule
    (text, state, the note a constrained action needs) to ``action``: the fields that changed.

    A new wording loses the versions not written anew with it: they translated another text.
    The workbook's dry run calls it on a copy, to list what the save will change."""
    before = _apply(action, fields, ACTION_FIELDS + ACTION_TRANSLATIONS)
    action.clean()
    changed = _changed(action, before)
    if "text" in changed:  # the versions not written anew translated the old words
        changed += forget_translations(action, keep=rewritten_languages(action, changed))
    changed += vouch_for_new_translations(action, fields, changed)
    return changed


def _settle_result(result: Result, fields: dict[str, Any]) -> tuple[str, ...]:
    """Apply the user's fields and the entry rule to ``result``: the fields that changed.

    Raises ``ValidationError`` by field when the result cannot hold what was given.
    """
    before = _apply(result, fields, RESULT_FIELDS)
    result.settle()
    return _changed(result, before)


def require_reason(result: Result, reason: str) -> None:
    """An entry already submitted or approved changes only with a reason, for the history."""
    if needs_reason(result.review_state) and not (reason or "").strip():
        raise ReasonRequired(str(REASON_REQUIRED))  # in the language of the request


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
        statement, value = settle_line(wanted.statement, wanted.value)
        values = {
            "custodian_id": wanted.custodian.pk,
            "statement": statement,
            "value": value,
            "position": position,
        }
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
            mark_history(line, user, reason)
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

    ``fields`` may be some of ``RESULT_FIELDS``; the others keep their saved values. The entry
    rule then decides what is kept (``ValidationError`` by field if it cannot be saved).
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
    else:
        result.target = target  # with its plan, for validation
    changed = _settle_result(result, fields)
    line_changes = _line_changes(result, breakdown) if breakdown is not None else []
    if line_changes:
        changed += ("breakdown",)
    if not changed and not created:
        if expected_version is not None and expected_version != result.version:
            raise StaleEdit(result)
        return WriteOutcome(result, False, ())
    if not created:
        if seen_version(result, expected_version) != result.version:
            # A stale page sees the conflict (with the row as saved) before any other refusal.
            raise StaleEdit(Result.objects.get(pk=result.pk))
        require_reason(result, reason)
        claim_version(result, expected_version)
    # Validated as the batch path validates (results_write): the entry rule holds everything
    # the check constraints say, and with the target locked no other result for the year can
    # appear, so asking the database about each constraint first would only cost queries.
    mark_history(result, user, reason)
    validate(result, constraints=False)
    result.save()
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
    changed = settle_action_fields(locked, fields)
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
    settle_action_fields(action, fields)  # the entry rule, whichever door sent it
    save_with_history(action, user, "")
    return action


# ---- Many rows at once: the workbook import ------------------------------------------------


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


def _save_or_refuse(model: type[Model], names: tuple[str, ...], changed, created) -> None:
    try:
        save_batch(model, names, changed, created)
    except StaleRow as stale:
        raise BatchRefused(stale.index, StaleEdit(model.objects.get(pk=stale.pk))) from stale


@transaction.atomic
def results_write(*, edits: Sequence[ResultEdit], user: User | None) -> list[WriteOutcome]:
    """``result_write`` for many results at once, with the same rules: the version the user saw
    (a stale one refuses the whole batch), a reason for submitted or approved entries, the
    entry rule and the model's validation, one history row per changed result. Permission is
    the caller's check.

    Raises ``BatchRefused`` naming the first refused edit; nothing of the batch is then saved.
    Breakdown lines are not part of this path (the entry form writes them).
    """
    outcomes: list[WriteOutcome] = []
    changed: list[tuple[int, Result]] = []
    created: list[Result] = []
    for start, part in chunks(edits):
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
    _save_or_refuse(Result, (*RESULT_FIELDS, "unit"), changed, created)
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
        refuse_if_stale(result, edit.expected_version)
    names = _settle_result(result, edit.fields)
    if not names and not is_new:
        return WriteOutcome(result, False, ())
    if not is_new:
        require_reason(result, edit.reason)
    mark_history(result, user, edit.reason)
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
    for start, part in chunks(edits):
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
                refuse_if_stale(action, edit.expected_version)
                names = settle_action_fields(action, edit.fields)
                if names:
                    mark_history(action, user, edit.reason)
                    validate(action, constraints=False)
                    changed.append((index, action))
            except (StaleEdit, ReasonRequired, ValidationError) as exc:
                raise BatchRefused(index, exc) from exc
            outcomes.append(WriteOutcome(action, False, names))
    _save_or_refuse(AcceleratingAction, ACTION_FIELDS + ACTION_TRANSLATIONS, changed, [])
    return outcomes
