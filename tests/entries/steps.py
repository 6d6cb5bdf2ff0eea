"""What a person does in the browser, as test client calls."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from entries.models import ResultComment
from indicators.models import (
    AcceleratingAction,
    ReportingYear,
    Result,
    ResultBreakdownLine,
    Target,
)

YEAR = 2021  # the open reporting year of the tests' plan


def result_url(target: Target, year: int = YEAR) -> str:
    return reverse("entries:result", args=[target.pk, year])


def edit_url(target: Target, year: int = YEAR) -> str:
    return reverse("entries:result_edit", args=[target.pk, year])


def step_url(target: Target, step: str, year: int = YEAR) -> str:
    return reverse("entries:result_step", args=[target.pk, year, step])


def enter(client: Client, target: Target, *, version: int = 0, year: int = YEAR, **fields):
    """Post the result form; fields not given are sent empty, as a browser sends them."""
    data = {
        "value": "",
        "statement": "",
        "unavailable_reason": "",
        "declared_status": "",
        "explanation": "",
        "evidence_url": "",
        "version": str(version),
        **{name: str(value) for name, value in fields.items()},
    }
    return client.post(edit_url(target, year), data)


def take_step(client: Client, target: Target, step: str, *, version: int, comment: str = ""):
    return client.post(
        step_url(target, step), {f"{step}-version": str(version), f"{step}-comment": comment}
    )


def result_of(target: Target, year: int = YEAR) -> Result:
    return Result.objects.get(target=target, year=year)


def snapshot() -> tuple:
    """Everything the entry and review pages can change, with the history kept of it."""
    return (
        list(Result.objects.order_by("pk").values()),
        list(ResultBreakdownLine.objects.order_by("pk").values()),
        list(AcceleratingAction.objects.order_by("pk").values()),
        list(ReportingYear.objects.order_by("pk").values()),
        list(ReportingYear.reopened_for.through.objects.order_by("pk").values()),
        list(ResultComment.objects.order_by("pk").values()),
        Result.history.count(),
        ResultBreakdownLine.history.count(),
        AcceleratingAction.history.count(),
        ReportingYear.history.count(),
    )
