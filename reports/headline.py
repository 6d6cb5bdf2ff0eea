"""A scorecard's headline: counts by status, their percentages, and the Governing Body paragraph.

Percentages are cut (rounded down), as GB.343/INS prints them: the year monitored to one decimal
(29 of 57 is 50.8 per cent, 7 of 57 is 12.2; conventional rounding would give 50.9 and 12.3),
the earlier exercise it is compared with in whole per cents ("50 per cent (29 out of the 57)",
"42 per cent (24 targets)"). Cutting never lets the shares add up to more than 100. Running text
drops a trailing ".0" ("50 per cent"), as the documents do; tables always show one decimal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from indicators.status import Status
from reports.headline_words import Exercise, ParagraphFacts, paragraph_in
from reports.headline_words import percent_in_words as percent_in_words

ONE_DECIMAL = Decimal("0.1")
WHOLE = Decimal("1")


def percent_of(count: int, total: int) -> Decimal:
    """``count`` as a share of ``total``, in per cent, cut to one decimal (0 when total is 0)."""
    if not total:
        return Decimal("0.0")
    return (Decimal(count * 100) / Decimal(total)).quantize(ONE_DECIMAL, rounding=ROUND_DOWN)


def whole_percent_of(count: int, total: int) -> Decimal:
    """``count`` as a share of ``total`` in whole per cents, cut: 24 of 57 is 42."""
    return percent_of(count, total).quantize(WHOLE, rounding=ROUND_DOWN)


@dataclass(frozen=True)
class StatusCounts:
    on_track: int = 0
    not_on_track: int = 0
    data_unavailable: int = 0
    not_reported: int = 0

    @classmethod
    def of(cls, statuses: Iterable[Status]) -> StatusCounts:
        tally = dict.fromkeys(Status, 0)
        for status in statuses:
            tally[status] += 1
        return cls(**{status.value: count for status, count in tally.items()})

    @property
    def total(self) -> int:
        return self.on_track + self.not_on_track + self.data_unavailable + self.not_reported

    @property
    def reported(self) -> int:
        return self.total - self.not_reported

    def minus(self, other: StatusCounts) -> StatusCounts:
        return StatusCounts(**{s.value: self.count(s) - other.count(s) for s in Status})

    def count(self, status: Status) -> int:
        return getattr(self, Status(status).value)

    def percent(self, status: Status) -> Decimal:
        return percent_of(self.count(status), self.total)

    @property
    def lines(self) -> list[StatusLine]:
        """One line per status, in the order the documents report them."""
        return [StatusLine(status, self.count(status), self.percent(status)) for status in Status]


@dataclass(frozen=True)
class StatusLine:
    status: Status
    count: int
    percent: Decimal


def headline_paragraph(
    *,
    year: int,
    counts: StatusCounts,
    subject: str,
    all_targets: bool = False,
    unavailable_reason: str = "",
    previous_label: str = "",
    previous: StatusCounts | None = None,
    previous_unavailable_reason: str = "",
    language: str | None = None,
) -> str:
    """The paragraph a Governing Body document opens with, written from the counts.

    ``subject`` names the targets ("all ILO Action Plan targets", "the 30 ILO Action Plan
    targets not met in …"); ``all_targets`` says whether they are the whole plan, which the
    comparison then calls "all targets". ``unavailable_reason`` is the document's own words on
    why data were unavailable, as they follow the count ("owing to the fact that …");
    ``previous_label`` names the earlier exercise ("2018–19") when there is one to compare with,
    and ``previous_unavailable_reason`` its reason ("on training").

    ``language`` is "en", "fr" or "es" (the active language when not given, English for any
    other); the texts given (subject, reasons, label) are in that language. How each language
    writes the paragraph, and its words: ``reports.headline_words``.
    """
    earlier = None
    if previous is not None and previous.total:
        earlier = Exercise(
            previous,
            {s: whole_percent_of(previous.count(s), previous.total) for s in Status},
            previous_unavailable_reason,
        )
    facts = ParagraphFacts(
        year=year,
        subject=subject,
        all_targets=all_targets,
        monitored=Exercise(counts, {s: counts.percent(s) for s in Status}, unavailable_reason),
        previous_label=previous_label,
        previous=earlier,
    )
    return paragraph_in(language, facts)
