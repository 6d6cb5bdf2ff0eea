"""Applying a data workbook: all of it in one transaction through indicators.services.

The workbook is read and checked again as it is applied (``checked_chunks``, as in the dry run),
and each chunk's writes are saved through the services' batch paths (the same rules as the
entry form: the entry rule, versions, reasons, history) as long as no problem has been found.
A problem anywhere, even in the last row, undoes everything.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from custodians.roles import User
from indicators import limits
from indicators.services import (
    ActionEdit,
    BatchRefused,
    ResultEdit,
    StaleEdit,
    action_create,
    actions_write,
    results_write,
)
from workbooks.importing.changes import ImportCheck, PlannedWrite, Progress, no_progress
from workbooks.importing.checking import checked_chunks
from workbooks.importing.problems import Problem, WorkbookRefused

# Room kept in the history's reason for where the change came from (" (workbook import 123)"):
# the confirmation form takes the rest.
SOURCE_ROOM = 20
# A source cut shorter than this says nothing: it is left out.
SHORTEST_SOURCE = 12


def _fit(text: str, room: int) -> str:
    return text if len(text) <= room else text[: max(room - 1, 0)] + "…"


def history_reason(source: str, reason: str, *, locked: bool) -> str:
    """What the history says about the change. A locked entry gets only the person's own reason
    (with where it came from), so that the write path's rule — a reason for changing submitted
    or approved entries — still holds. The person's reason is kept whole; where it came from is
    shortened to the column's room (the import's record has it in full)."""
    reason = _fit(reason.strip(), limits.REASON)
    source = source[:1].upper() + source[1:] if not locked else source
    if not reason:
        return "" if locked else _fit(source, limits.REASON)
    room = limits.REASON - len(reason) - len(" ()")
    if room < SHORTEST_SOURCE:
        return reason
    if locked:
        return f"{reason} ({_fit(source, room)})"
    return f"{_fit(source, room + 1)}: {reason}"


class _SaveRefused(Exception):
    """A service refused a checked row: the whole import stops and its transaction rolls back."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class ChunkSaver:
    """Saves checked chunks' writes, unless a reason the workbook needs is missing. ``user`` is
    the one the history names: who confirmed the import."""

    def __init__(self, *, user: User, reason: str, source: str) -> None:
        self.user, self.reason, self.source = user, reason, source
        self.waiting_for_reason = False

    def save(self, writes: list[PlannedWrite]) -> None:
        if self.waiting_for_reason or (not self.reason.strip() and any(w.locked for w in writes)):
            # Refused as a whole once the check ends, with the count of such entries.
            self.waiting_for_reason = True
            return
        results = [w for w in writes if w.action is None and w.custodian is None]
        actions = [w for w in writes if w.action is not None]
        result_edits = [
            ResultEdit(w.target, w.year, w.fields, w.expected_version, self._reason(w))
            for w in results
        ]
        action_edits = [
            ActionEdit(w.action, w.fields, w.expected_version, self._reason(w)) for w in actions
        ]
        self._save(results, lambda: results_write(user=self.user, edits=result_edits))
        self._save(actions, lambda: actions_write(user=self.user, edits=action_edits))
        for planned in writes:
            if planned.custodian is not None:  # a new action: rare, saved one by one
                self._save(
                    [planned],
                    lambda planned=planned: action_create(
                        target=planned.target,
                        custodian=planned.custodian,
                        user=self.user,
                        fields=planned.fields,
                    ),
                )

    def _reason(self, planned: PlannedWrite) -> str:
        return history_reason(self.source, self.reason, locked=planned.locked)

    def _save(self, writes: list[PlannedWrite], save: Callable[[], object]) -> None:
        if not writes:
            return
        try:
            save()
        except BatchRefused as refused:
            raise _SaveRefused(_problem(writes[refused.index], refused.cause)) from refused
        except ValidationError as exc:
            raise _SaveRefused(_problem(writes[0], exc)) from exc


def _problem(planned: PlannedWrite, cause: Exception) -> Problem:
    where = {"sheet": planned.sheet, "row": planned.row}
    if isinstance(cause, StaleEdit):
        return Problem(_("Someone changed this entry a moment ago; check again."), **where)
    if isinstance(cause, ValidationError):
        return Problem(" ".join(cause.messages), **where)
    return Problem(str(cause), **where)


def apply_workbook(
    content: bytes,
    *,
    user: User,
    saved_by: User | None = None,
    reason: str = "",
    source: str = "workbook import",
    checked_digest: str | None = None,
    progress: Progress | None = None,
) -> ImportCheck:
    """Check the workbook again and save every change, or raise WorkbookRefused and save nothing.

    The rows are checked against what ``user`` (who uploaded it) may change; the history names
    ``saved_by`` (who confirmed it; by default ``user``) as the one who saved them.
    ``checked_digest`` is the fingerprint of the changes the person saw in the dry run: if the
    data moved since, the changes differ and nothing is saved.
    """
    progress = progress or no_progress
    saver = ChunkSaver(user=saved_by or user, reason=reason, source=source)
    check = ImportCheck()
    try:
        with transaction.atomic(), closing(checked_chunks(content, user=user)) as checked:
            for chunk in checked:
                check.add(chunk)
                if check.ok:  # after a problem, the rest is only checked, to name every one
                    saver.save(chunk.writes)
                progress(chunk.done, chunk.stage)
            # Raised inside the transaction, so that what was saved chunk by chunk is undone.
            _refuse_unless_complete(check.finish(), reason=reason, checked_digest=checked_digest)
    except _SaveRefused as refused:
        raise WorkbookRefused([refused.problem]) from refused
    return check


def _refuse_unless_complete(check: ImportCheck, *, reason: str, checked_digest: str | None) -> None:
    if check.problems:
        raise WorkbookRefused(check.problems)
    if checked_digest is not None and check.digest != checked_digest:
        raise WorkbookRefused(
            [
                Problem(
                    _(
                        "The entries changed since this workbook was checked, so the changes "
                        "are no longer the ones you saw. Check the workbook again."
                    )
                )
            ]
        )
    if check.needs_reason and not reason.strip():
        raise WorkbookRefused(
            [
                Problem(
                    ngettext(
                        "%(count)s of the changed entries were already submitted or approved: "
                        "give a reason for changing them.",
                        "%(count)s of the changed entries were already submitted or approved: "
                        "give a reason for changing them.",
                        check.needs_reason,
                    )
                    % {"count": check.needs_reason}
                )
            ]
        )
