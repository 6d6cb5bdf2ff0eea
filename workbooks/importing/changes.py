"""What an import would change, row by row: the record the dry run shows and applying uses.

Each sheet's checker turns a chunk of rows into a ``CheckedChunk``: the rows' writes, their
problems and their changes. The dry run collects the chunks into an ``ImportCheck``; applying
collects them the same way and saves each chunk's writes while no problem has been found.
"""

from __future__ import annotations

import hashlib
import json
from array import array
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, overload

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
        """``dataclasses.asdict`` of the change, made directly (it is made for every row)."""
        return {
            "sheet": self.sheet,
            "row": self.row,
            "kind": self.kind,
            "label": self.label,
            "changes": tuple(
                {"heading": c.heading, "old": c.old, "new": c.new} for c in self.changes
            ),
            "needs_reason": self.needs_reason,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> RowChange:
        changes = tuple(FieldChange(**c) for c in raw.get("changes", ()))
        return cls(**{**raw, "changes": changes})


class RowChanges(Sequence[RowChange]):
    """An import's changes, one per row of the workbook, kept in a few arrays: the sheet, kind
    and row of each, its label's text, and the field changes of the rows that have any. A
    workbook of 180,000 rows lists as many changes, most of them unchanged rows; as
    ``RowChange`` objects they took some 200 bytes each, scattered between the chunks' short-lived
    objects, here some 60. Reading one (by index or in a loop) gives it as a ``RowChange``."""

    __slots__ = ("_details", "_ends", "_kinds", "_labels", "_names", "_rows", "_sheets")

    def __init__(self, changes: Iterable[RowChange] = ()) -> None:
        self._names: list[str] = []  # the sheets' and kinds' names, each once
        self._sheets = bytearray()  # per row: its sheet's place in _names
        self._kinds = bytearray()  # per row: its kind's place in _names, + NEEDS_REASON
        self._rows = array("q")
        self._labels = bytearray()  # every label in UTF-8, one after the other
        self._ends = array("q")  # per row: where its label ends in _labels
        self._details: dict[int, tuple[FieldChange, ...]] = {}
        self.extend(changes)

    def _name(self, name: str) -> int:
        try:
            return self._names.index(name)
        except ValueError:
            if len(self._names) >= NEEDS_REASON:
                raise ValueError("more sheets and kinds of change than RowChanges keeps") from None
            self._names.append(name)
            return len(self._names) - 1

    def append(self, change: RowChange) -> None:
        if change.changes:
            self._details[len(self._rows)] = change.changes
        self._sheets.append(self._name(change.sheet))
        self._kinds.append(self._name(change.kind) | (NEEDS_REASON if change.needs_reason else 0))
        self._rows.append(change.row)
        self._labels += change.label.encode()
        self._ends.append(len(self._labels))

    def extend(self, changes: Iterable[RowChange]) -> None:
        for change in changes:
            self.append(change)

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> RowChange: ...

    @overload
    def __getitem__(self, index: slice) -> list[RowChange]: ...

    def __getitem__(self, index: int | slice) -> RowChange | list[RowChange]:
        if isinstance(index, slice):
            return [self._change(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("row change index out of range")
        return self._change(index)

    def _change(self, index: int) -> RowChange:
        start = self._ends[index - 1] if index else 0
        kind = self._kinds[index]
        return RowChange(
            self._names[self._sheets[index]],
            self._rows[index],
            self._names[kind & ~NEEDS_REASON],
            self._labels[start : self._ends[index]].decode(),
            self._details.get(index, ()),
            bool(kind & NEEDS_REASON),
        )

    def __iter__(self) -> Iterator[RowChange]:
        return (self._change(index) for index in range(len(self)))

    def count_of(self, kind: str) -> int:
        """How many rows are of ``kind``: counted without making their changes."""
        if kind not in self._names:
            return 0
        code = self._names.index(kind)
        return self._kinds.count(code) + self._kinds.count(code | NEEDS_REASON)

    @property
    def needing_reason(self) -> int:
        """How many rows need a reason."""
        kinds = self._kinds
        return sum(kinds.count(code | NEEDS_REASON) for code in range(len(self._names)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # mutable, as a list

    def __repr__(self) -> str:
        return f"RowChanges({list(self)!r})"


# In RowChanges, the bit of a row's kind that says it needs a reason (kinds take the others).
NEEDS_REASON = 0x80


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
    changes: RowChanges = field(default_factory=RowChanges)

    def __post_init__(self) -> None:
        if not isinstance(self.changes, RowChanges):
            self.changes = RowChanges(self.changes)

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
            self.changes = RowChanges()
        return self

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, kind: str) -> int:
        return self.changes.count_of(kind)

    @property
    def needs_reason(self) -> int:
        return self.changes.needing_reason

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


# Related rows a sheet's checker keeps between chunks (see ``SheetChecker.share``).
SHARED_ROWS = 5_000


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
        section and plan again for every row, which costs more than reading the rows.

        The small tables (regions, portfolios, sections, units) are kept whole for the sheet;
        of a large one (a plan's indicators), once more than ``SHARED_ROWS`` are kept, only
        those of the rows at hand are: a sheet's chunks then take the same memory at any size.
        """
        if not rows:
            return
        field = type(next(iter(rows)))._meta.get_field(relation)
        key = (field.model, relation)
        known = self._shared.setdefault(key, {})
        wanted = {getattr(row, field.attname) for row in rows} - {None}
        missing = wanted - known.keys()
        if missing:
            if len(known) + len(missing) > SHARED_ROWS:
                known = self._shared[key] = {pk: known[pk] for pk in wanted - missing}
            known.update((r.pk, r) for r in related.filter(pk__in=among(missing)).order_by())
        for row in rows:
            shared = known.get(getattr(row, field.attname))
            if shared is not None:
                field.set_cached_value(row, shared)
