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

from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from indicators.models import ActionPlan
from reports.phase_summary import RESULTS_LOADED, phase_summary, phase_summary_document
from workbooks.appendix import Appendix, appendix_bytes
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
    PerCent,
)


def appendix_with_cover(appendix: Appendix) -> bytes:
    """The appendix workbook as the download and ``export_appendix`` give it: the cover of its
    plan first, every word of both in the appendix's language."""
    with appendix.written():
        return appendix_bytes(appendix, cover=appendix_cover(appendix.plan))


def appendix_cover(plan: ActionPlan) -> CoverRows:
    """The cover sheet of ``plan``'s appendix workbook, in the active language."""
    document = phase_summary_document(phase_summary(plan))
    cover = CoverRows()
    cover.add(TITLE, plan.title)
    cover.add(
        TEXT,
        _(
            "Each phase is told by its targets' statuses in its last year with results loaded, "
            "or, where no detailed result is loaded, by the figures published for it, named with "
            "their source. A status in a phase's closing year is its outcome (met, not met); in "
            "an earlier year it is a reading during the phase (on track, not on track)."
        ),
    )
    if not document["phases"]:
        cover.add(BLANK)
        cover.add(TEXT, _("This plan has no phases."))
    for entry in document["phases"]:
        cover.add(BLANK)
        _phase(cover, entry)
    return cover


def _source(entry: dict[str, Any]) -> str:
    if entry["source"] == RESULTS_LOADED:
        return _("Results loaded (%(year)s)") % {"year": entry["year"]}
    return entry["source"]


def _phase(cover: CoverRows, entry: dict[str, Any]) -> None:
    cover.add(PHASE, entry["phase"])
    if entry["year"] is None:
        cover.add(TEXT, _("Nothing reported for this phase yet, and no figures published for it."))
        return
    cover.add(FIELD, _("Year measured on"), entry["year"])
    cover.add(FIELD, _("Measured on"), entry["measured_on"])
    cover.add(FIELD, _("Source"), _source(entry))
    counted = entry["targets_are"]
    if not entry["all_targets"] and entry["plan_targets"]:
        counted = _("%(counted)s, not the plan's %(plan_targets)s") % {
            "counted": counted,
            "plan_targets": entry["plan_targets"],
        }
    cover.add(FIELD, _("Targets counted"), counted)

    counts = entry["counts"]
    cover.add(HEADING, _("Status"), _("Targets"), PerCent(_("Per cent")))
    for line in counts["statuses"]:
        cover.add(ROW, line["label"], line["targets"], line["percent"])
    cover.add(TOTAL, _("Total"), counts["total"], 100)

    comparison = entry["compared_with_previous"]
    if comparison is not None:
        cover.add(TEXT, comparison["sentence"])
    whole = entry["published_for_whole_plan"]
    if whole is not None:
        listed = ", ".join(
            _("%(status)s %(targets)s (%(percent)s)")
            % {
                "status": str(line["label"]).lower(),
                "targets": line["targets"],
                # One decimal, as the cover's tables and the phases page print them.
                "percent": _("%(number)s per cent")
                % {"number": number_format(Decimal(str(line["percent"])), decimal_pos=1)},
            }
            for line in whole["statuses"]
        )
        cover.add(
            TEXT,
            _(
                "For the whole plan's %(total)s targets in %(year)s, %(source)s published: "
                "%(listed)s."
            )
            % {
                "total": whole["total"],
                "year": whole["year"],
                "source": whole["source"],
                "listed": listed,
            },
        )

    if entry["by_section"]:
        cover.add(
            TEXT,
            _("The same targets by section (performance area), in %(year)s:")
            % {"year": entry["year"]},
        )
        cover.add(
            HEADING, _("Section"), *(line["label"] for line in counts["statuses"]), _("Total")
        )
        for section in entry["by_section"]:
            cover.add(
                ROW,
                section["section"],
                *(line["targets"] for line in section["statuses"]),
                section["total"],
            )
        cover.add(
            TOTAL, _("Total"), *(line["targets"] for line in counts["statuses"]), counts["total"]
        )
    elif entry["source"] != RESULTS_LOADED:
        cover.add(
            TEXT,
            _("No counts by section: %(source)s gives the whole plan's figures only.")
            % {"source": entry["source"]},
        )
