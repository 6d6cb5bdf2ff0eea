"""The headline: counts, percentages cut to one decimal, and the Governing Body paragraph."""

from decimal import Decimal
from pathlib import Path

import pytest

from indicators.status import Status
from reports.headline import StatusCounts, headline_paragraph, percent_in_words, percent_of

SEED = Path("/work/shared/seeds/001_a2e8f28ed4b887a6.txt")

# GB.343/INS, paragraph 2, as printed.
DOCUMENT = (
    "Monitoring in 2020 of all ILO Action Plan targets showed that 50.8 per cent of targets (or "
    "29 targets out of a total of 57) were on track, and 36.8 per cent (21 targets) were not on "
    "track. Data were unavailable for 12.2 per cent of targets (7 targets), owing to the fact "
    "that the mid-term report on the implementation of the ILO Action Plan ² was still under "
    "preparation during the monitoring exercise, and because some research events were not held "
    "because of the COVID-19 pandemic. In comparison, the monitoring exercise for 2018–19 showed "
    "that 50 per cent of all targets (29 out of the 57) had been met, 42 per cent (24 targets) "
    "had not, and data were unavailable for 7 per cent (4 targets, on training)."
)


@pytest.mark.parametrize(
    ("count", "total", "expected"),
    [
        (29, 57, "50.8"),  # 50.877…: the document prints 50.8, not 50.9
        (21, 57, "36.8"),
        (7, 57, "12.2"),  # 12.28…: the document prints 12.2, not 12.3
        (24, 57, "42.1"),
        (4, 57, "7.0"),
        (1, 3, "33.3"),
        (2, 3, "66.6"),
        (57, 57, "100.0"),
        (0, 57, "0.0"),
        (0, 0, "0.0"),
    ],
)
def test_percentages_are_cut_to_one_decimal(count, total, expected):
    assert percent_of(count, total) == Decimal(expected)


def test_cut_percentages_never_add_up_to_more_than_100():
    for total in range(1, 120):
        for first in range(total + 1):
            rest = total - first
            second = rest // 2
            shares = [percent_of(n, total) for n in (first, second, rest - second)]
            assert sum(shares) <= 100


def test_sentences_drop_a_trailing_zero_decimal_as_the_documents_do():
    assert percent_in_words(Decimal("50.0")) == "50"
    assert percent_in_words(Decimal("7.0")) == "7"
    assert percent_in_words(Decimal("50.8")) == "50.8"


def test_counts_tally_each_status():
    counts = StatusCounts.of([Status.ON_TRACK, Status.ON_TRACK, Status.NOT_REPORTED])
    assert counts == StatusCounts(on_track=2, not_reported=1)
    assert counts.total == 3
    assert counts.reported == 2
    assert [line.percent for line in counts.lines] == [Decimal("66.6"), 0, 0, Decimal("33.3")]


def test_the_paragraph_matches_the_governing_body_document():
    paragraph = headline_paragraph(
        year=2020,
        counts=StatusCounts(on_track=29, not_on_track=21, data_unavailable=7),
        subject="all ILO Action Plan targets",
        all_targets=True,
        unavailable_reason=(
            "owing to the fact that the mid-term report on the implementation of the ILO Action "
            "Plan was still under preparation during the monitoring exercise, and because some "
            "research events were not held because of the COVID-19 pandemic"
        ),
        previous_label="2018–19",
        previous=StatusCounts(on_track=29, not_on_track=24, data_unavailable=4),
        previous_unavailable_reason="on training",
    )
    # Word for word, the footnote marker aside.
    assert paragraph == DOCUMENT.replace(" ²", "")


def test_without_reasons_the_sentences_stop_at_the_counts():
    paragraph = headline_paragraph(
        year=2020,
        counts=StatusCounts(on_track=29, not_on_track=21, data_unavailable=7),
        subject="all ILO Action Plan targets",
        all_targets=True,
        previous_label="2018–19",
        previous=StatusCounts(on_track=29, not_on_track=24, data_unavailable=4),
    )
    assert "Data were unavailable for 12.2 per cent of targets (7 targets). In comparison" in (
        paragraph
    )
    assert paragraph.endswith("data were unavailable for 7 per cent (4 targets).")


def test_the_comparison_over_part_of_a_plan_does_not_say_all_targets():
    paragraph = headline_paragraph(
        year=2021,
        counts=StatusCounts(on_track=3, not_on_track=1),
        subject="the 4 targets listed in the appendix",
        previous_label="2020",
        previous=StatusCounts(on_track=1, not_on_track=3),
    )
    assert "all targets" not in paragraph
    assert paragraph.endswith(
        "In comparison, the monitoring exercise for 2020 showed that 25 per cent of these "
        "targets (1 out of the 4) had been met, and 75 per cent (3 targets) had not."
    )


def test_the_document_quoted_here_is_the_seed_document():
    if not SEED.exists():
        pytest.skip("the shared seed documents are not on this machine")
    text = " ".join(SEED.read_text(encoding="utf-8").split())
    assert " ".join(DOCUMENT.split()) in text


def test_paragraph_in_the_singular_and_with_targets_not_reported():
    paragraph = headline_paragraph(
        year=2021,
        counts=StatusCounts(on_track=1, not_on_track=1, not_reported=2),
        subject="the ILO Action Plan targets of the Policy Portfolio",
    )
    assert paragraph == (
        "Monitoring in 2021 of the ILO Action Plan targets of the Policy Portfolio showed that "
        "25 per cent of targets (or 1 target out of a total of 4) was on track, and 25 per cent "
        "(1 target) was not on track. No result was reported for 50 per cent of targets "
        "(2 targets)."
    )


def test_comparison_with_a_different_number_of_targets():
    paragraph = headline_paragraph(
        year=2021,
        counts=StatusCounts(on_track=3, not_on_track=1),
        subject="all targets",
        all_targets=True,
        previous_label="2020",
        previous=StatusCounts(on_track=1, not_on_track=1, not_reported=1),
    )
    # The earlier exercise in whole per cents, cut, as GB.343/INS prints 2018–19.
    assert paragraph.endswith(
        "In comparison, the monitoring exercise for 2020 showed that 33 per cent of all targets "
        "(1 out of 3) had been met, 33 per cent (1 target) had not, and no result was reported "
        "for 33 per cent (1 target)."
    )


def test_no_targets_no_percentages():
    paragraph = headline_paragraph(year=2020, counts=StatusCounts(), subject="all plan targets")
    assert paragraph == "No plan targets were monitored in 2020."
