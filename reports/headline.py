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


def percent_in_words(value: Decimal) -> str:
    """50.8 -> "50.8", 50.0 -> "50": how the documents write a percentage in a sentence."""
    return f"{value:f}".removesuffix(".0")


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


def _targets(count: int) -> str:
    return f"{count} target" if count == 1 else f"{count} targets"


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
) -> str:
    """The paragraph a Governing Body document opens with, written from the counts.

    ``subject`` names the targets ("all ILO Action Plan targets", "the 30 ILO Action Plan
    targets not met in …"); ``all_targets`` says whether they are the whole plan, which the
    comparison then calls "all targets". ``unavailable_reason`` is the document's own words on
    why data were unavailable, as they follow the count ("owing to the fact that …");
    ``previous_label`` names the earlier exercise ("2018–19") when there is one to compare with,
    and ``previous_unavailable_reason`` its reason ("on training").
    """
    if not counts.total:
        return f"No {subject.removeprefix('all ')} were monitored in {year}."
    pct = {status: percent_in_words(counts.percent(status)) for status in Status}
    verb = "was" if counts.on_track == 1 else "were"
    sentences = [
        f"Monitoring in {year} of {subject} showed that {pct[Status.ON_TRACK]} per cent of "
        f"targets (or {counts.on_track} {'target' if counts.on_track == 1 else 'targets'} out "
        f"of a total of {counts.total}) {verb} on track, and {pct[Status.NOT_ON_TRACK]} per cent "
        f"({_targets(counts.not_on_track)}) {'was' if counts.not_on_track == 1 else 'were'} "
        "not on track."
    ]
    if counts.data_unavailable:
        why = f", {unavailable_reason}" if unavailable_reason else ""
        sentences.append(
            f"Data were unavailable for {pct[Status.DATA_UNAVAILABLE]} per cent of targets "
            f"({_targets(counts.data_unavailable)}){why}."
        )
    if counts.not_reported:
        sentences.append(
            f"No result was reported for {pct[Status.NOT_REPORTED]} per cent of targets "
            f"({_targets(counts.not_reported)})."
        )
    if previous is not None and previous.total:
        sentences.append(
            _comparison(
                previous_label,
                previous,
                same_total=previous.total == counts.total,
                all_targets=all_targets,
                unavailable_reason=previous_unavailable_reason,
            )
        )
    return " ".join(sentences)


def _comparison(
    label: str,
    counts: StatusCounts,
    *,
    same_total: bool,
    all_targets: bool,
    unavailable_reason: str,
) -> str:
    pct = {
        status: percent_in_words(whole_percent_of(counts.count(status), counts.total))
        for status in Status
    }
    out_of = f"out of the {counts.total}" if same_total else f"out of {counts.total}"
    which = "all targets" if all_targets else "these targets"
    parts = [
        f"{pct[Status.ON_TRACK]} per cent of {which} ({counts.on_track} {out_of}) had been met",
        f"{pct[Status.NOT_ON_TRACK]} per cent ({_targets(counts.not_on_track)}) had not",
    ]
    if counts.data_unavailable:
        why = f", {unavailable_reason}" if unavailable_reason else ""
        parts.append(
            f"data were unavailable for {pct[Status.DATA_UNAVAILABLE]} per cent "
            f"({_targets(counts.data_unavailable)}{why})"
        )
    if counts.not_reported:
        parts.append(
            f"no result was reported for {pct[Status.NOT_REPORTED]} per cent "
            f"({_targets(counts.not_reported)})"
        )
    listed = ", ".join(parts[:-1]) + ", and " + parts[-1]
    return f"In comparison, the monitoring exercise for {label} showed that {listed}."
