"""Importing a plan definition workbook: read it safely, check every cell, load it all or nothing.

The file is opened by the data workbook's reader (``workbooks.importing.reading.open_sheets``),
which refuses oversized files, zip and XML entity bombs, and keeps formulas so they can be
refused. Every problem found is collected, each with its sheet, row and column, and raised
together as ``PlanDefinitionRefused``, with the person's workbook marked up (the bad cells
filled and commented, ``workbooks.importing.annotating``) when the file could be opened.
Nothing is created then. The plan document goes to ``indicators.loading`` in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

from indicators.loading import LoadSummary, PlanFileError, load_plan_document
from indicators.models import ActionPlan
from workbooks.importing.annotating import annotated_workbook
from workbooks.importing.problems import Problem, WorkbookRefused
from workbooks.importing.reading import open_sheets
from workbooks.plan_definition.document import Definition, build_definition
from workbooks.plan_definition.layout import SHEETS
from workbooks.plan_definition.reading import read_sheets


class PlanDefinitionRefused(WorkbookRefused):
    """The definition cannot be imported; nothing was created. ``problems`` lists each with its
    place; ``marked`` is the workbook with the bad cells marked, when the file could be opened."""

    def __init__(self, problems: list[Problem], marked: bytes | None = None) -> None:
        super().__init__(problems)
        self.marked = marked


@dataclass(frozen=True)
class PlanImport:
    slug: str
    title: str
    summary: LoadSummary
    dry_run: bool


def read_definition(content: bytes) -> Definition:
    """The plan document in the workbook ``content``; raises ``PlanDefinitionRefused``."""
    try:
        with open_sheets(content, SHEETS) as (names, sheets):
            definition = build_definition(read_sheets(names, sheets))
    except PlanDefinitionRefused:
        raise
    except WorkbookRefused as refused:  # the file itself: too big, damaged, an entity bomb
        raise PlanDefinitionRefused(refused.problems) from refused
    if definition.problems:
        raise _refused(content, definition.problems)
    return definition


def _refused(content: bytes, problems: list[Problem]) -> PlanDefinitionRefused:
    return PlanDefinitionRefused(problems, annotated_workbook(content, problems))


@contextmanager
def _history_user(user: Any) -> Iterator[None]:
    """History records made meanwhile name ``user``, as for a request of theirs (the loader
    records its reason, "Loaded from the plan file", and takes the user from the request)."""
    context = HistoricalRecords.context
    previous = getattr(context, "request", None)
    if user is not None:
        context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        if previous is None:
            if hasattr(context, "request"):
                del context.request
        else:
            context.request = previous


class _DryRun(Exception):
    """Raised to roll a dry run back."""


def import_plan_definition(
    content: bytes,
    *,
    slug: str | None = None,
    title: str | None = None,
    dry_run: bool = False,
    user: Any = None,
) -> PlanImport:
    """Load the definition workbook ``content``, as a new plan with ``slug``/``title`` when
    given. All or nothing; a dry run reports what would be created and changes nothing."""
    definition = read_definition(content)
    document = definition.document
    if slug:
        document["plan"]["slug"] = slug
    if title:
        document["plan"]["title"] = title
    spec = document["plan"]
    if definition.plan_row is not None:  # the loader names the plan by its new slug
        definition.places[f"plan {spec['slug']}"] = definition.plan_row
    existing = ActionPlan.objects.filter(slug=spec["slug"]).first()
    if existing is not None and existing.state != ActionPlan.State.DRAFT:
        message = _(
            "%(title)s is %(state)s: a plan's structure is imported only while it is a draft. "
            "Import this definition as a new plan (another slug), or revise a target with its "
            "reason."
        ) % {"title": existing.title, "state": existing.get_state_display().lower()}
        row = definition.plan_row
        raise _refused(content, [row.problem("", message) if row else Problem(message)])
    summary = LoadSummary()
    try:
        with transaction.atomic(), _history_user(user):
            plan, summary = load_plan_document(document)
            if existing is None:  # a new plan starts as GEDI's draft (indicators/plan_life.py)
                ActionPlan.objects.filter(pk=plan.pk).update(state=ActionPlan.State.DRAFT)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    except PlanFileError as exc:
        raise _refused(content, [definition.place_of(str(exc))]) from exc
    except DatabaseError as exc:
        raise _refused(
            content, [Problem(_("The database refused the plan: %(error)s") % {"error": exc})]
        ) from exc
    return PlanImport(slug=spec["slug"], title=spec["title"], summary=summary, dry_run=dry_run)
