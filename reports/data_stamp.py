"""A stamp of the plans' data that the database changes with every write, and what the
scorecards keep under it.

A scorecard's counts, charts and overview are computed from the plans' data only, and a large
plan's take a few hundred milliseconds. They are kept in Django's cache under a key that holds
the stamp: a write to any table of the ``custodians`` and ``indicators`` apps changes the stamp
(a database trigger, so every door is seen: the pages, imports, the admin, commands, SQL typed
by hand), and the next read computes afresh. The one exception is a write that only changes a
draft or returned result, which no scorecard reads (``QUIET_STATES``). Nothing is ever
invalidated or shared between processes: each process's cache (local memory by default, Redis
where deployed) holds values under stamps that either are current or never come back.

- SQLite: after each inserted, changed or deleted row, ``version`` takes a random 64-bit value
  (a stamp is never reused, even after a rollback).
- PostgreSQL: at commit, once per transaction (a deferred constraint trigger that does nothing
  when the transaction already changed it), ``version`` takes the next value of a sequence,
  which rollbacks do not give back. Changed at commit, the row is locked only while committing,
  so that concurrent writers do not wait on each other (or deadlock) for it. A transaction that
  has written but not committed sees the old stamp: it is not served from the cache.

The triggers are (re)installed after every ``migrate`` (a migration that rebuilds a table drops
its triggers on SQLite), with a new stamp; tests/reports/test_data_stamp.py checks that every
table has them.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from django.apps import apps
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils.translation import get_language

from indicators.review import COUNTED_STATES, ReviewState

T = TypeVar("T")

WATCHED_APPS = ("custodians", "indicators")
STAMP_TABLE = "reports_datastamp"
TRIGGER_PREFIX = "data_stamp"
# How long a computed part stays in the cache: stamps change with every write, so this only
# bounds how long a value of a state no longer current takes room.
KEPT_SECONDS = 24 * 60 * 60

# Rows no scorecard reads: a result neither submitted nor approved (a draft, a returned entry)
# is counted nowhere and kept nowhere (``indicators.review.COUNTED_STATES``). A write that only
# changes such a row leaves the stamp as it is, so that focal points drafting all season do not
# make every reader's scorecards computed again after each save. Unless it moves the result to
# another target: its breakdown lines, whatever its state, place its target in a portfolio's or
# a unit's scorecard. Writes to the lines themselves always change the stamp.
QUIET_TABLE = "indicators_result"
QUIET_STATES = tuple(state for state in ReviewState.values if state not in COUNTED_STATES)


def _quiet(row: str) -> str:
    """SQL: ``row`` (OLD or NEW) is a result in a state that counts nowhere; false if unknown."""
    states = ", ".join(f"'{state}'" for state in QUIET_STATES)
    return f"COALESCE({row}.review_state IN ({states}), FALSE)"


_QUIET_WRITE = {
    "INSERT": _quiet("NEW"),
    "DELETE": _quiet("OLD"),
    "UPDATE": f"{_quiet('OLD')} AND {_quiet('NEW')} AND OLD.target_id = NEW.target_id",
}
_STAMP_UPDATE = f"UPDATE {STAMP_TABLE} SET version = random() WHERE id = 1"
_POSTGRES_FUNCTION = f"""
CREATE SEQUENCE IF NOT EXISTS {STAMP_TABLE}_version;
CREATE OR REPLACE FUNCTION {TRIGGER_PREFIX}_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = '{QUIET_TABLE}' THEN
    IF TG_OP = 'INSERT' THEN
      IF {_QUIET_WRITE["INSERT"]} THEN RETURN NULL; END IF;
    ELSIF TG_OP = 'DELETE' THEN
      IF {_QUIET_WRITE["DELETE"]} THEN RETURN NULL; END IF;
    ELSIF {_QUIET_WRITE["UPDATE"]} THEN
      RETURN NULL;
    END IF;
  END IF;
  UPDATE {STAMP_TABLE} SET version = nextval('{STAMP_TABLE}_version'), touched_by = txid_current()
   WHERE id = 1 AND touched_by IS DISTINCT FROM txid_current();
  RETURN NULL;
END $$;
"""
_POSTGRES_TRIGGER = (
    'DROP TRIGGER IF EXISTS "{name}" ON "{table}"; '
    'CREATE CONSTRAINT TRIGGER "{name}" AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
    f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {TRIGGER_PREFIX}_touch()"
)


def _sqlite_trigger(name: str, event: str, table: str) -> str:
    when = f" WHEN NOT ({_QUIET_WRITE[event]})" if table == QUIET_TABLE else ""
    return f'CREATE TRIGGER "{name}" AFTER {event} ON "{table}"{when} BEGIN {_STAMP_UPDATE}; END'


def watched_tables() -> list[str]:
    """The tables whose rows the scorecards read: every table of the watched apps but their
    history (written beside the rows it records)."""
    tables = set()
    for label in WATCHED_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if not model._meta.db_table.startswith(f"{label}_historical"):
                tables.add(model._meta.db_table)
    return sorted(tables)


def install_triggers(using: str = DEFAULT_DB_ALIAS) -> None:
    """(Re)creates the stamp's triggers on every watched table; safe to repeat."""
    target = connections[using]
    with target.cursor() as cursor:
        if target.vendor == "postgresql":
            cursor.execute(_POSTGRES_FUNCTION)
            for table in watched_tables():
                cursor.execute(_POSTGRES_TRIGGER.format(name=TRIGGER_PREFIX, table=table))
        elif target.vendor == "sqlite":
            for table in watched_tables():
                for event in ("INSERT", "UPDATE", "DELETE"):
                    name = f"{TRIGGER_PREFIX}_{table}_{event.lower()}"
                    # Made again, not kept: an older version of the trigger may be there.
                    cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
                    cursor.execute(_sqlite_trigger(name, event, table))
        # A new stamp, drawn at random, after every migrate: a migration may change data, and
        # a row made again (after a flush) must not bring back a stamp used before, such as
        # the migration's first 0, which every new database starts from.
        fresh = secrets.randbits(62)
        cursor.execute(f"UPDATE {STAMP_TABLE} SET version = %s WHERE id = 1", [fresh])
        if cursor.rowcount == 0:
            cursor.execute(f"INSERT INTO {STAMP_TABLE} (id, version) VALUES (1, %s)", [fresh])


def installed_on(using: str = DEFAULT_DB_ALIAS) -> set[str]:
    """The watched tables that have the stamp's triggers (all three events on SQLite)."""
    target = connections[using]
    with target.cursor() as cursor:
        if target.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname = %s",
                [TRIGGER_PREFIX],
            )
            return {table for (table,) in cursor.fetchall()}
        cursor.execute(
            "SELECT tbl_name, COUNT(*) FROM sqlite_master WHERE type = 'trigger' "
            "AND name LIKE %s GROUP BY tbl_name",
            [f"{TRIGGER_PREFIX}_%"],
        )
        return {table for table, count in cursor.fetchall() if count == 3}


def current_stamp() -> int | None:
    """The stamp of the data this connection reads, or None when what it reads may not be
    kept: the row is missing (a flushed database), or this transaction has written something
    not yet committed (PostgreSQL, whose stamp changes at commit)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT version, txid_current_if_assigned() FROM {STAMP_TABLE} WHERE id = 1"
            )
            row = cursor.fetchone()
            return row[0] if row is not None and row[1] is None else None
        cursor.execute(f"SELECT version FROM {STAMP_TABLE} WHERE id = 1")
        row = cursor.fetchone()
        return row[0] if row is not None else None


def kept(stamp: int | None, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """What ``compute`` gives for the data of ``stamp``: from the cache when a read of the same
    state computed it, else computed (and kept, unless ``stamp`` is None)."""
    if stamp is None:
        return compute()
    # In the reader's language: what is computed may hold words (charts' labels, paragraphs).
    parts = [str(stamp), get_language() or "", *(str(part) for part in key)]
    name = ":".join(["scorecards", *parts])
    value = cache.get(name)
    if value is None:
        value = compute()
        cache.set(name, value, KEPT_SECONDS)
    return value
