"""The batch write path's speed-ups: database-specific SQL kept apart from the rules.

``save_batch`` saves rows that the services have already checked (``indicators.services``:
permission, version, reason, validation), with one compare-and-set UPDATE and one history row
per changed row. ``save_batch_plain`` does the same through the ORM, one ``save()`` a row, as
django-simple-history records any save: tests/indicators/test_bulk_writes.py runs both on the
same edits and checks that rows and history come out the same.

Django's ``bulk_update`` builds one CASE over the whole batch for every field, which costs far
more than the rows themselves; ``bulk_create`` for history would build a model per row. So:
PostgreSQL takes a part's updates in one statement from arrays and its history rows by COPY;
SQLite one prepared statement per row, sent together.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Model
from django.utils import timezone
from simple_history.utils import get_change_reason_from_object

# Rows per query in the batch paths: well under SQLite's limit of variables per statement.
BATCH_SIZE = 500


class StaleRow(Exception):
    """A row's version moved after it was read: ``index`` is its place in the batch."""

    def __init__(self, index: int, pk: int) -> None:
        super().__init__(f"Row {pk} changed meanwhile.")
        self.index = index
        self.pk = pk


def chunks(items: Sequence[Any]) -> list[tuple[int, Sequence[Any]]]:
    return [
        (start, items[start : start + BATCH_SIZE]) for start in range(0, len(items), BATCH_SIZE)
    ]


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
                raise StaleRow(index, row.pk)


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


def save_batch(
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
    for _, part in chunks(changed):
        _update_rows(model, names, part)
        _insert_history(model, [row for _, row in part], now)
    for _, part in chunks(created):
        model.objects.bulk_create(part)
        model.history.bulk_history_create(part, default_date=now, default_change_reason=None)


def save_batch_plain(
    model: type[Model],
    names: tuple[str, ...],
    changed: list[tuple[int, Model]],
    created: list[Model],
) -> None:
    """What ``save_batch`` does, through the ORM: compare-and-set, then ``save()`` a row."""
    for index, row in changed:
        claimed = model.objects.filter(pk=row.pk, version=row.version).update(
            version=F("version") + 1
        )
        if not claimed:
            raise StaleRow(index, row.pk)
        row.version += 1
        row.save()
    for row in created:
        row.save()
