"""The appendix workbook's cover: the plan phase by phase, as the phases page tells it.

Built from the phase summary's plain document (``reports.phase_summary.phase_summary_document``,
the one source of the phases page and its JSON) as the rows ``workbooks.appendix_cover`` writes:
the plan's title, then per phase its label, the year it is measured on, its source (results
loaded, or the published document and paragraph), the targets counted, a table by status (targets
and per cent), the comparison with the previous phase, the figures published for the whole plan
beside loaded results that are only part of it, and the table by section where there is one.

Queries: those of ``phase_summary`` (a fixed number whatever the number of targets).
"""

from __future__ import annotations

from typing import Any

from indicators.models import ActionPlan
from reports.phase_summary import RESULTS_LOADED, phase_summary, phase_summary_document
from workbooks.appendix_cover import (
    BLANK,
    FIELD,
    HEADING,
    PHASE,
    ROW,
    TEXT,
    TITLE,
    TOTAL,
    CoverRows,
)


def appendix_cover(plan: ActionPlan) -> CoverRows:
    """The cover sheet of ``plan``'s appendix workbook."""
    document = phase_summary_document(phase_summary(plan))
    cover = CoverRows()
    cover.add(TITLE, plan.title)
    cover.add(
        TEXT,
        "Each phase is told by its targets' statuses in its last year with results loaded, or, "
        "where no detailed result is loaded, by the figures published for it, named with their "
        "source. A status in a phase's closing year is its outcome (met, not met); in an earlier "
        "year it is a reading during the phase (on track, not on track).",
    )
    if not document["phases"]:
        cover.add(BLANK)
        cover.add(TEXT, "This plan has no phases.")
    for entry in document["phases"]:
        cover.add(BLANK)
        _phase(cover, entry)
    return cover


def _source(entry: dict[str, Any]) -> str:
    if entry["source"] == RESULTS_LOADED:
        return f"Results loaded ({entry['year']})"
    return entry["source"]


def _phase(cover: CoverRows, entry: dict[str, Any]) -> None:
    cover.add(PHASE, entry["phase"])
    if entry["year"] is None:
        cover.add(TEXT, "Nothing reported for this phase yet, and no figures published for it.")
        return
    cover.add(FIELD, "Year measured on", entry["year"])
    cover.add(FIELD, "Measured on", entry["measured_on"])
    cover.add(FIELD, "Source", _source(entry))
    counted = entry["targets_are"]
    if not entry["all_targets"] and entry["plan_targets"]:
        counted += f", not the plan's {entry['plan_targets']}"
    cover.add(FIELD, "Targets counted", counted)

    counts = entry["counts"]
    cover.add(HEADING, "Status", "Targets", "Per cent")
    for line in counts["statuses"]:
        cover.add(ROW, line["label"], line["targets"], line["percent"])
    cover.add(TOTAL, "Total", counts["total"], 100)

    comparison = entry["compared_with_previous"]
    if comparison is not None:
        cover.add(TEXT, comparison["sentence"])
    whole = entry["published_for_whole_plan"]
    if whole is not None:
        listed = ", ".join(
            f"{line['label'].lower()} {line['targets']} ({line['percent']} per cent)"
            for line in whole["statuses"]
        )
        cover.add(
            TEXT,
            f"For the whole plan's {whole['total']} targets in {whole['year']}, "
            f"{whole['source']} published: {listed}.",
        )

    if entry["by_section"]:
        cover.add(TEXT, f"The same targets by section (performance area), in {entry['year']}:")
        cover.add(HEADING, "Section", *(line["label"] for line in counts["statuses"]), "Total")
        for section in entry["by_section"]:
            cover.add(
                ROW,
                section["section"],
                *(line["targets"] for line in section["statuses"]),
                section["total"],
            )
        cover.add(
            TOTAL, "Total", *(line["targets"] for line in counts["statuses"]), counts["total"]
        )
    elif entry["source"] != RESULTS_LOADED:
        cover.add(
            TEXT, f"No counts by section: {entry['source']} gives the whole plan's figures only."
        )
