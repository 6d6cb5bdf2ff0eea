"""The team's working translations of a plan's texts, kept in a file beside the plan file
(``fixtures/ilo_action_plan_2018_21.translations.json`` beside ``….json``).

They are read into the plan document before it is loaded, each marked as a working translation
(``unofficial_fr``/``unofficial_es``), not the Office's text. A version the document already gives
(from a plan definition workbook, say) wins over the file's.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from custodians.plan_texts import TRANSLATED

# The key of a document's item naming the languages whose versions this file gave: they never
# replace a translation GEDI gave as the Office's (indicators.loading).
WORKING = "working_translations"


def path_beside(plan_path: Path) -> Path:
    return plan_path.with_suffix(".translations.json")


def merge_beside(document: dict[str, Any], plan_path: Path) -> None:
    """Merge the translations file beside ``plan_path`` into ``document``, if there is one."""
    path = path_beside(Path(plan_path))
    if path.exists():
        with open(path, encoding="utf-8") as handle:
            merge(document, json.load(handle))


def merge(document: dict[str, Any], translations: dict[str, Any]) -> None:
    def give(item: dict[str, Any], field: str, versions: dict[str, str] | None) -> None:
        for language in TRANSLATED:
            key = f"{field}_{language}"
            if versions and versions.get(language) and not item.get(key):
                item[key] = versions[language]
                item[f"unofficial_{language}"] = True
                item.setdefault(WORKING, []).append(language)

    for kind in ("portfolios", "regions"):
        for item in document.get(kind, []):
            give(item, "name", translations.get(kind, {}).get(item["code"]))
    for item in document.get("custodians", []):
        give(item, "name", translations.get("custodians", {}).get(item["acronym"]))
    for section in document.get("sections", []):
        give(section, "title", translations.get("sections", {}).get(section["title"]))
        for indicator in section.get("indicators", []):
            give(indicator, "text", translations.get("indicators", {}).get(indicator["code"]))
            for target in indicator.get("targets", []):
                give(target, "text", translations.get("targets", {}).get(target.get("text", "")))
                for action in target.get("actions", []):
                    give(action, "text", translations.get("actions", {}).get(action["text"]))
