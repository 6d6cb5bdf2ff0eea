"""Users of the real plan, and workbooks to edit the way a person would in a spreadsheet."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from openpyxl import Workbook, load_workbook

from indicators.models import AcceleratingAction, ActionPlan, Result, ResultBreakdownLine
from tests.factories import UserFactory
from workbooks.data_workbook import data_workbook_bytes
from workbooks.layout import COLUMNS


@pytest.fixture(autouse=True)
def _immediate_tasks(settings) -> None:
    """Background tasks run at once in tests (the Immediate backend)."""
    assert "immediate" in settings.TASKS["default"]["BACKEND"].lower()


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def users(demo_users) -> dict[str, AbstractBaseUser]:
    """admin, gedi (reviewer), viewer, focal (HRD, RESEARCH, ITCILO), eval (EVAL), outsider."""
    found = {u.username: u for u in get_user_model().objects.all()}
    found["outsider"] = UserFactory(username="outsider")
    return found


def workbook_bytes(user: AbstractBaseUser, plan: ActionPlan, year: int = 2020) -> bytes:
    return data_workbook_bytes(user=user, plan=plan, year=year)


def open_workbook(content: bytes) -> Workbook:
    return load_workbook(BytesIO(content))


def save(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def column_of(sheet: str, key: str) -> int:
    return next(i for i, c in enumerate(COLUMNS[sheet], start=1) if c.key == key)


def row_of(workbook: Workbook, sheet: str, key: str, value: object) -> int:
    """The row whose ``key`` column holds ``value`` (an ID)."""
    column = column_of(sheet, key)
    for row in range(2, workbook[sheet].max_row + 1):
        if workbook[sheet].cell(row=row, column=column).value == value:
            return row
    raise LookupError(f"{key}={value!r} not in {sheet}")


def set_cell(workbook: Workbook, sheet: str, row: int, key: str, value: object) -> None:
    workbook[sheet].cell(row=row, column=column_of(sheet, key)).value = value


def edited(content: bytes, sheet: str, row: int, key: str, value: object) -> bytes:
    workbook = open_workbook(content)
    set_cell(workbook, sheet, row, key, value)
    return save(workbook)


def snapshot() -> dict[str, dict]:
    """Everything an import could change, to prove that a refused one changed nothing."""
    return {
        "results": {r["id"]: r for r in Result.objects.values()},
        "actions": {a["id"]: a for a in AcceleratingAction.objects.values()},
        "lines": {line["id"]: line for line in ResultBreakdownLine.objects.values()},
        "result_history": Result.history.count(),
        "action_history": AcceleratingAction.history.count(),
    }
