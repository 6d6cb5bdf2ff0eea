"""Loading the evaluations' recommendations, as transcribed, into the database.

The file format is the one of ``fixtures/recommendations.json``. Units, portfolios and regions
are shared with the Action Plan: they are matched by their code and only created when missing,
never changed, so this loader and ``load_plan`` may run in either order. Evaluations,
recommendations, their sub-actions, unit links and the Office's responses are found by natural
key and written only where something differs: a second run changes nothing and records no
history. Nothing is ever deleted (links added in the admin stay).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from custodians.models import CustodianUnit, Portfolio, Region
from evaluations.models import (
    Evaluation,
    Level,
    OfficeResponse,
    Recommendation,
    ResponsibleUnit,
    SubAction,
)
from indicators.loading import LoadSummary, PlanFileError, read_plan_file, upsert

DEFAULT_RECOMMENDATIONS_FILE = Path(settings.BASE_DIR) / "fixtures" / "recommendations.json"
CHANGE_REASON = "Loaded from the recommendations file"


class RecommendationsFileError(ValueError):
    """The file cannot be loaded; the message says where and what."""


# The plan loader's way of writing: only what differs, so a second run records no history.
_write = partial(upsert, reason=CHANGE_REASON, error=RecommendationsFileError)


def _level(value: str, where: str) -> str:
    """The stored value of a level printed as High, Medium or Low; empty stays empty."""
    if not value:
        return ""
    try:
        return Level(value.lower()).value
    except ValueError as exc:
        raise RecommendationsFileError(f"{where}: {value!r} is not High, Medium or Low") from exc


def read_recommendations_file(path: Path) -> dict[str, Any]:
    """The file's JSON; the plan loader's reader, whose errors name the file and the place."""
    try:
        return read_plan_file(path)
    except PlanFileError as exc:
        raise RecommendationsFileError(str(exc)) from exc


@transaction.atomic
def load_recommendations(path: Path = DEFAULT_RECOMMENDATIONS_FILE) -> LoadSummary:
    """Load the file: all of it or, on any error, nothing."""
    document = read_recommendations_file(path)
    summary = LoadSummary()
    try:
        units = _load_units(document, summary)
        for position, spec in enumerate(document["evaluations"]):
            _load_evaluation(spec, position, units, summary)
    except KeyError as exc:
        raise RecommendationsFileError(f"{path}: a required field is missing: {exc}") from exc
    return summary


def _load_units(document: dict[str, Any], summary: LoadSummary) -> dict[str, CustodianUnit]:
    for model, key in ((Portfolio, "portfolios"), (Region, "regions")):
        for item in document.get(key, []):
            _write(
                summary,
                model,
                {"code": item["code"]},
                {"name": item["name"], "position": item.get("position", 0)},
                where=f"{model._meta.verbose_name} {item['code']}",
                update=False,
            )
    portfolios = {p.code: p for p in Portfolio.objects.all()}
    regions = {r.code: r for r in Region.objects.all()}
    units = {}
    for item in document["units"]:
        where = f"unit {item['acronym']}"
        for key, known in (("portfolio", portfolios), ("region", regions)):
            if item.get(key) is not None and item[key] not in known:
                raise RecommendationsFileError(f"{where}: unknown {key} {item[key]!r}")
        units[item["acronym"]] = _write(
            summary,
            CustodianUnit,
            {"acronym": item["acronym"]},
            {
                "slug": slugify(item["acronym"].replace("/", "-")),
                "name": item["name"],
                "kind": item["kind"],
                "portfolio": portfolios.get(item.get("portfolio")),
                "region": regions.get(item.get("region")),
            },
            where=where,
            update=False,
        )
    return units


def _load_evaluation(
    spec: dict[str, Any], position: int, units: dict[str, CustodianUnit], summary: LoadSummary
) -> Evaluation:
    evaluation = _write(
        summary,
        Evaluation,
        {"slug": spec["slug"]},
        {
            "title": spec["title"],
            "short_title": spec["short_title"],
            "period": spec.get("period", ""),
            "year": spec.get("year"),
            "document": spec["document"],
            "source_file": spec.get("source", ""),
            "position": position,
        },
        where=spec["slug"],
    )
    for item in spec["recommendations"]:
        where = f"{spec['slug']}, recommendation {item['number']}"
        recommendation = _write(
            summary,
            Recommendation,
            {"evaluation": evaluation, "number": item["number"]},
            {
                "title": item["title"],
                "summary": item.get("summary", ""),
                "responsible_units_text": item.get("responsible_units_text", ""),
                "priority": _level(item.get("priority", ""), f"{where}, priority"),
                "time_implication": item.get("time_implication", ""),
                "resource_implication": _level(
                    item.get("resource_implication", ""), f"{where}, resource implication"
                ),
                "resource_implication_text": item.get("resource_implication_text", ""),
            },
            where=where,
        )
        for line_position, text in enumerate(item.get("sub_actions", [])):
            _write(
                summary,
                SubAction,
                {"recommendation": recommendation, "position": line_position},
                {"text": text},
                where=f"{where}, sub-action {line_position + 1}",
            )
        for unit_position, acronym in enumerate(item.get("responsible_units", [])):
            if acronym not in units:
                raise RecommendationsFileError(
                    f"{where}: unit {acronym!r} is not in the units list"
                )
            _write(
                summary,
                ResponsibleUnit,
                {"recommendation": recommendation, "unit": units[acronym]},
                {"position": unit_position},
                where=f"{where}, unit {acronym}",
            )
        response = item.get("office_response")
        if response is not None:
            _write(
                summary,
                OfficeResponse,
                {"recommendation": recommendation},
                {"position": response.get("position", ""), "text": response.get("text", "")},
                where=f"{where}, Office response",
            )
    return evaluation
