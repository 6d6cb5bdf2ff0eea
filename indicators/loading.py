"""Loading an action plan, as transcribed from its source document, into the database.

The file format is the one of ``fixtures/ilo_action_plan_2018_21.json``. Every row is found by its
natural key and only written when something differs, so loading the same file twice leaves the
data, and its history, unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.text import slugify

from custodians.models import CustodianUnit, Portfolio, Region
from custodians.plan_texts import (
    TRANSLATED,
    TranslatedText,
    forget_translations,
    rewritten_languages,
)
from indicators import working_translations
from indicators.models import (
    AcceleratingAction,
    ActionPlan,
    Indicator,
    Phase,
    PublishedFigures,
    ReportingYear,
    Result,
    ResultBreakdownLine,
    Section,
    Target,
    TargetCustodian,
)
from indicators.working_translations import WORKING

DEFAULT_PLAN_FILE = Path(settings.BASE_DIR) / "fixtures" / "ilo_action_plan_2018_21.json"
CHANGE_REASON = "Loaded from the plan file"


class PlanFileError(ValueError):
    """The plan file cannot be loaded; the message says where and what."""


@dataclass
class LoadSummary:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, model: type[models.Model], *, created: bool) -> None:
        bucket = self.created if created else self.updated
        name = model._meta.verbose_name_plural
        bucket[name] = bucket.get(name, 0) + 1

    def __str__(self) -> str:
        parts = [f"{n} {name} created" for name, n in self.created.items()]
        parts += [f"{n} {name} updated" for name, n in self.updated.items()]
        return "; ".join(parts) or "nothing changed"


def upsert(
    summary: LoadSummary,
    model: type[models.Model],
    lookup: dict[str, Any],
    values: dict[str, Any],
    *,
    where: str,
    update: bool = True,
    reason: str = CHANGE_REASON,
    error: type[ValueError] = PlanFileError,
    working: Iterable[str] = (),
) -> models.Model:
    """Create the row, or (if ``update``) change only the fields that differ.

    Writing only what differs keeps a second load of the same file silent: no save, so no
    history record. A value the model refuses raises ``error``, naming ``where`` in the file.
    The recommendations loader uses it too, with its own reason and error. ``working`` names the
    languages whose versions in ``values`` come from the working translations file.
    """
    obj = model.objects.filter(**lookup).first()
    created = obj is None
    if created:
        obj = model(**lookup)
    else:
        values = _official_kept(obj, values, working)
    changed = [name for name, value in values.items() if created or getattr(obj, name) != value]
    if created or (update and changed):
        for name in changed:
            setattr(obj, name, values[name])
        if isinstance(obj, TranslatedText) and obj.translated_field in changed and not created:
            # New words: the versions not given anew translated the old ones.
            forget_translations(obj, keep=rewritten_languages(obj, changed))
        obj._change_reason = reason
        try:
            obj.full_clean()
        except ValidationError as exc:
            raise error(f"{where}: {' '.join(exc.messages)}") from exc
        obj.save()
        summary.count(model, created=created)
    return obj


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _translations(model: type[TranslatedText], spec: dict[str, Any]) -> dict[str, Any]:
    """The French and Spanish versions of the item's plan text the document gives (a language
    it does not mention keeps what the database holds; an empty one is cleared)."""
    values: dict[str, Any] = {}
    for language in TRANSLATED:
        key = f"{model.translated_field}_{language}"
        if key in spec:
            values[key] = spec[key] or ""
            unofficial = spec.get(f"unofficial_{language}")
            values[f"unofficial_{language}"] = bool(spec[key] and unofficial)
    return values


def _official_kept(obj: models.Model, values: dict[str, Any], working: Iterable[str]):
    """A version from the working translations file does not replace a translation GEDI gave
    as the Office's (a workbook's versions, marked or not, are GEDI's word and replace it)."""
    if not isinstance(obj, TranslatedText):
        return values
    for language in working:
        key, flag = f"{obj.translated_field}_{language}", f"unofficial_{language}"
        if getattr(obj, key) and not getattr(obj, flag):
            values = {name: value for name, value in values.items() if name not in (key, flag)}
    return values


class _Lookup:
    """Resolves the codes used in the file, with an error that names the place."""

    def __init__(self, model: type[models.Model], key: str, what: str) -> None:
        self.model, self.key, self.what = model, key, what
        self.cache: dict[str, models.Model] = {}

    def __call__(self, code: str | None, where: str) -> models.Model | None:
        if code is None:
            return None
        if code not in self.cache:
            obj = self.model.objects.filter(**{self.key: code}).first()
            if obj is None:
                raise PlanFileError(f"{where}: unknown {self.what} {code!r}")
            self.cache[code] = obj
        return self.cache[code]


def read_plan_file(path: Path) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError as exc:
        raise PlanFileError(f"{path}: no such file") from exc
    except json.JSONDecodeError as exc:
        raise PlanFileError(
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno})"
        ) from exc


def load_plan(path: Path = DEFAULT_PLAN_FILE) -> tuple[ActionPlan, LoadSummary]:
    """Load a plan file; all of it or, on any error, nothing."""
    document = read_plan_file(path)
    working_translations.merge_beside(document, path)
    try:
        return load_plan_document(document)
    except PlanFileError as exc:
        raise PlanFileError(f"{path}: {exc}") from exc


@transaction.atomic
def load_plan_document(document: dict[str, Any]) -> tuple[ActionPlan, LoadSummary]:
    """Load a plan document already read (the plan file's format, from a file or a workbook);
    all of it or, on any error, nothing."""
    summary = LoadSummary()
    try:
        plan = _load(document, summary)
    except KeyError as exc:
        raise PlanFileError(f"a required field is missing: {exc}") from exc
    return plan, summary


def _load(document: dict[str, Any], summary: LoadSummary) -> ActionPlan:
    for model, key in ((Portfolio, "portfolios"), (Region, "regions")):
        for position, item in enumerate(document.get(key, [])):
            upsert(
                summary,
                model,
                {"code": item["code"]},
                {"name": item["name"], "position": position, **_translations(model, item)},
                where=f"{model._meta.verbose_name} {item['code']}",
                working=item.get(WORKING, ()),
            )

    portfolio = _Lookup(Portfolio, "code", "portfolio")
    region = _Lookup(Region, "code", "region")
    custodian = _Lookup(CustodianUnit, "acronym", "custodian")

    for item in document.get("custodians", []):
        where = f"custodian {item['acronym']}"
        upsert(
            summary,
            CustodianUnit,
            {"acronym": item["acronym"]},
            {
                "slug": slugify(item["acronym"].replace("/", "-")),
                "name": item["name"],
                "kind": item["kind"],
                "portfolio": portfolio(item.get("portfolio"), where),
                "region": region(item.get("region"), where),
                **_translations(CustodianUnit, item),
            },
            where=where,
            working=item.get(WORKING, ()),
        )

    spec = document["plan"]
    plan = upsert(
        summary,
        ActionPlan,
        {"slug": spec["slug"]},
        {
            "title": spec["title"],
            "organisation": spec["organisation"],
            "start_year": spec["start_year"],
            "end_year": spec["end_year"],
            "source_document": spec.get("source_document", ""),
            "loaded_targets": spec.get("loaded_targets", ""),
        },
        where=f"plan {spec['slug']}",
    )
    phases = {}
    for item in document["phases"]:
        phases[item["label"]] = upsert(
            summary,
            Phase,
            {"plan": plan, "label": item["label"]},
            {
                "start_year": item["start_year"],
                "end_year": item["end_year"],
                "target_count": item.get("target_count"),
            },
            where=f"phase {item['label']}",
        )

    for item in document.get("reporting_years", []):
        upsert(
            summary,
            ReportingYear,
            {"plan": plan, "year": item["year"]},
            {"is_open": item.get("is_open", True), "deadline": _date(item.get("deadline"))},
            where=f"reporting year {item['year']}",
        )

    for item in document.get("published_figures", []):
        upsert(
            summary,
            PublishedFigures,
            {"plan": plan, "year": item["year"]},
            {
                "on_track": item.get("on_track", 0),
                "not_on_track": item.get("not_on_track", 0),
                "data_unavailable": item.get("data_unavailable", 0),
                "not_reported": item.get("not_reported", 0),
                "unavailable_reason": item.get("unavailable_reason", ""),
                "source_document": item["source_document"],
                "source_paragraph": item.get("source_paragraph", ""),
                "reconciliation": item.get("reconciliation", ""),
            },
            where=f"published figures {item['year']}",
        )

    indicator_position = 0
    for section_position, section_spec in enumerate(document["sections"]):
        section = upsert(
            summary,
            Section,
            {"plan": plan, "title": section_spec["title"]},
            {"position": section_position, **_translations(Section, section_spec)},
            where=f"section {section_position + 1}",
            working=section_spec.get(WORKING, ()),
        )
        for indicator_spec in section_spec["indicators"]:
            indicator_position += 1
            indicator = upsert(
                summary,
                Indicator,
                {"section": section, "code": indicator_spec["code"]},
                {
                    "text": indicator_spec["text"],
                    "kind": indicator_spec["kind"],
                    "position": indicator_position,
                    "trend_gap": _decimal(indicator_spec.get("trend_gap", 1)),
                    **_translations(Indicator, indicator_spec),
                },
                where=f"indicator {indicator_spec['code']}",
                working=indicator_spec.get(WORKING, ()),
            )
            for target_position, target_spec in enumerate(indicator_spec["targets"]):
                where = f"indicator {indicator.code}, target {target_position + 1}"
                if target_spec["phase"] not in phases:
                    raise PlanFileError(f"{where}: unknown phase {target_spec['phase']!r}")
                _load_target(
                    summary,
                    indicator,
                    phases[target_spec["phase"]],
                    target_spec,
                    target_position,
                    where,
                    region=region,
                    portfolio=portfolio,
                    custodian=custodian,
                )
    return plan


def _load_target(
    summary: LoadSummary,
    indicator: Indicator,
    phase: Phase,
    spec: dict[str, Any],
    position: int,
    where: str,
    *,
    region: _Lookup,
    portfolio: _Lookup,
    custodian: _Lookup,
) -> Target:
    scope = spec.get("scope", Target.Scope.GLOBAL)
    target = upsert(
        summary,
        Target,
        {
            "indicator": indicator,
            "phase": phase,
            "scope": scope,
            "region": region(spec.get("region"), where),
            "portfolio": portfolio(spec.get("portfolio"), where),
        },
        {
            "plan": phase.plan,
            "kind": spec["kind"],
            "value": _decimal(spec.get("value")),
            "unit": spec.get("unit", ""),
            "direction": spec.get("direction", Target.Direction.AT_LEAST),
            "text": spec.get("text", ""),
            "baseline_value": _decimal(spec.get("baseline_value")),
            "baseline_text": spec.get("baseline_text", ""),
            "baseline_year": spec.get("baseline_year"),
            "custodians_label": spec.get("custodians_label", ""),
            "position": position,
            **_translations(Target, spec),
        },
        where=where,
        working=spec.get(WORKING, ()),
    )
    for link_position, acronym in enumerate(spec.get("custodians", [])):
        upsert(
            summary,
            TargetCustodian,
            {"target": target, "custodian": custodian(acronym, where)},
            {"position": link_position},
            where=f"{where}, custodian {acronym}",
        )
    for result_spec in spec.get("results", []):
        _load_result(
            summary,
            target,
            result_spec,
            f"{where}, {result_spec['year']} result",
            portfolio=portfolio,
            custodian=custodian,
        )
    positions: dict[str, int] = {}
    for action_spec in spec.get("actions", []):
        unit = custodian(action_spec["custodian"], f"{where}, action")
        positions[unit.acronym] = positions.get(unit.acronym, -1) + 1
        upsert(
            summary,
            AcceleratingAction,
            {"target": target, "custodian": unit, "position": positions[unit.acronym]},
            {
                "text": action_spec["text"],
                "state": action_spec.get("state", AcceleratingAction.State.NOT_STARTED),
                **_translations(AcceleratingAction, action_spec),
            },
            where=f"{where}, action of {unit.acronym} {positions[unit.acronym] + 1}",
            working=action_spec.get(WORKING, ()),
        )
    return target


def _load_result(
    summary: LoadSummary,
    target: Target,
    spec: dict[str, Any],
    where: str,
    *,
    portfolio: _Lookup,
    custodian: _Lookup,
) -> Result:
    value = _decimal(spec.get("value"))
    result = upsert(
        summary,
        Result,
        {"target": target, "year": spec["year"]},
        {
            "value": value,
            "unit": target.unit if value is not None else "",
            "statement": spec.get("statement", ""),
            "data_unavailable": spec.get("data_unavailable", False),
            "unavailable_reason": spec.get("unavailable_reason", ""),
            "declared_status": spec.get("declared_status", ""),
            "status_confirmed": spec.get("status_confirmed", False),
            "explanation": spec.get("explanation", ""),
            "review_state": spec.get("review_state", Result.ReviewState.APPROVED),
        },
        where=where,
    )
    for line_position, line in enumerate(spec.get("breakdown", [])):
        upsert(
            summary,
            ResultBreakdownLine,
            {"result": result, "portfolio": portfolio(line["portfolio"], where)},
            {
                "custodian": custodian(line["custodian"], where),
                "statement": line["statement"],
                "value": _decimal(line.get("value")),
                "position": line_position,
            },
            where=f"{where}, {line['portfolio']} line",
        )
    return result
