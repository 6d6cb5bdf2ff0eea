"""What an import would change, row by row: the record the dry run shows and applying uses.

Each sheet's checker turns a chunk of rows into a ``CheckedChunk``: the rows' writes, their
problems and their changes. The dry run collects the chunks into an ``ImportCheck``; applying
collects them the same way and saves each chunk's writes while no problem has been found.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Collection
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from custodians.models import CustodianUnit
from custodians.plan_texts import TRANSLATED
from custodians.roles import User
from indicators.formatting import format_quantity
from indicators.models import AcceleratingAction, Target
from workbooks.importing.problems import Problem
from workbooks.layout import ACTION_COLUMNS, DATA_SHEETS, RESULT_COLUMNS, label_of
from workbooks.target_chunks import among

if TYPE_CHECKING:
    from workbooks.importing.rows import SheetRow

# How far the import is (0 to 1) and what it is doing: shown on the import's page.
Progress = Callable[[float, str], None]
NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"
HEADINGS = (
    {c.key: c.heading for c in RESULT_COLUMNS}
    | {c.key: c.heading for c in ACTION_COLUMNS}
    # Not columns, but what saving a translated text changes: shown as the model names them.
    | {
        f"unofficial_{language}": AcceleratingAction._meta.get_field(
            f"unofficial_{language}"
        ).verbose_name
        for language in TRANSLATED
    }
)
# What a row holds before anything is entered: a new row shows only what it fills in.
NOTHING = {
    "value": None,
    "statement": "",
    "data_unavailable": False,
    "unavailable_reason": "",
    "declared_status": "",
    "explanation": "",
    "evidence_url": "",
    "text": "",
    "text_fr": "",
    "text_es": "",
    "state": "",
    "progress_note": "",
    "due_date": None,
    "next_review_date": None,
}


@dataclass(frozen=True, slots=True)
class FieldChange:
    heading: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class RowChange:
    sheet: str
    row: int
    kind: str  # new, changed or unchanged
    label: str
    changes: tuple[FieldChange, ...] = ()
    needs_reason: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> RowChange:
        changes = tuple(FieldChange(**c) for c in raw.get("changes", ()))
        return cls(**{**raw, "changes": changes})


@dataclass
class PlannedWrite:
    """One row's write that applying the workbook makes through indicators.services."""

    sheet: str
    row: int
    fields: dict[str, Any]
    target: Target | None = None
    year: int | None = None
    expected_version: int | None = None
    action: AcceleratingAction | None = None
    custodian: CustodianUnit | None = None
    locked: bool = False


@dataclass
class CheckedChunk:
    """Rows of one sheet checked against the database: the writes saving them takes, their
    problems, their changes; and how far through the workbook the check is."""

    writes: list[PlannedWrite] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    changes: list[RowChange] = field(default_factory=list)
    done: float = 0.0  # the share of the check done with this chunk
    stage: str = ""


@dataclass
class ImportCheck:
    """Every problem of a workbook, or every change it makes: its checked chunks collected."""

    problems: list[Problem] = field(default_factory=list)
    changes: list[RowChange] = field(default_factory=list)

    def add(self, chunk: CheckedChunk) -> None:
        self.problems.extend(chunk.problems)
        self.changes.extend(chunk.changes)

    def finish(self) -> ImportCheck:
        """The problems in the order of the sheets, rows and columns; a workbook with problems
        changes nothing, so it lists no changes."""
        self.problems.sort(
            key=lambda p: (
                DATA_SHEETS.index(p.sheet) if p.sheet in DATA_SHEETS else -1,
                p.row or 0,
                p.column,
            )
        )
        if self.problems:
            self.changes = []
        return self

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, kind: str) -> int:
        return sum(1 for change in self.changes if change.kind == kind)

    @property
    def needs_reason(self) -> int:
        return sum(1 for change in self.changes if change.needs_reason)

    @property
    def digest(self) -> str:
        """A fingerprint of the changes: applying refuses if they are no longer those checked."""
        listed = [c.as_dict() for c in self.changes if c.kind != UNCHANGED]
        return hashlib.sha256(json.dumps(listed, sort_keys=True).encode()).hexdigest()

    def summary(self) -> str:
        return _("%(new)s new, %(changed)s changed, %(unchanged)s unchanged") % {
            "new": self.count(NEW),
            "changed": self.count(CHANGED),
            "unchanged": self.count(UNCHANGED),
        }


def shown_value(key: str, value: Any, unit: str = "") -> str:
    if value is None or value == "":
        return "—"
    if key == "value":
        return format_quantity(Decimal(value), unit)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if key in ("declared_status", "state"):
        return label_of(key, value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def field_changes(
    old: dict[str, Any], new: dict[str, Any], unit: str = ""
) -> tuple[list[str], tuple[FieldChange, ...]]:
    changed = [key for key in new if old.get(key) != new[key]]
    shown = tuple(
        FieldChange(
            str(HEADINGS[key]),
            shown_value(key, old.get(key), unit),
            shown_value(key, new[key], unit),
        )
        for key in changed
    )
    return changed, shown


def no_progress(fraction: float, stage: str) -> None:
    return None


class SheetChecker:
    """Checks one sheet's rows for a user, a chunk of rows at a time. Keeps what later chunks
    need to know (rows seen, to refuse duplicates; rows shared between chunks)."""

    def __init__(self, user: User) -> None:
        self.user = user
        self._shared: dict[tuple[type[Model], str], dict[int, Model]] = {}

    def check_chunk(self, rows: list[SheetRow]) -> CheckedChunk:
        chunk = CheckedChunk()
        self.check_rows(rows, chunk)
        for row in rows:
            chunk.problems.extend(row.all_problems)
        return chunk

    def check_rows(self, rows: list[SheetRow], chunk: CheckedChunk) -> None:
        """Add the rows' writes and changes to ``chunk``; their problems are on the rows."""
        raise NotImplementedError

    def share(self, rows: Collection[Model], relation: str, related: QuerySet) -> None:
        """Point each of ``rows``' ``relation`` to one instance per related row, read from
        ``related`` once for the sheet. A ``select_related`` would build the same indicator,
        section and plan again for every row, which costs more than reading the rows."""
        if not rows:
            return
        field = type(next(iter(rows)))._meta.get_field(relation)
        known = self._shared.setdefault((field.model, relation), {})
        missing = {getattr(row, field.attname) for row in rows} - known.keys() - {None}
        if missing:
            known.update((r.pk, r) for r in related.filter(pk__in=among(missing)).order_by())
        for row in rows:
            shared = known.get(getattr(row, field.attname))
            if shared is not None:
                field.set_cached_value(row, shared)
