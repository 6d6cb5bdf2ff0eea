"""The one rule of what a result, a portfolio line and an action may hold
(indicators/result_rules.py), case by case; tests/doors proves every door applies it alike."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from indicators import limits
from indicators.result_rules import settle_action, settle_line, settle_result

PER_CENT = SimpleNamespace(kind="numeric", unit="percent")
COUNT = SimpleNamespace(kind="numeric", unit="count")
MILESTONE = SimpleNamespace(kind="milestone", unit="")


def refused(target, **entry) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refusal:
        settle_result(target, entry)
    return refusal.value.message_dict


def test_a_number_decides_the_status_so_a_declared_one_is_dropped():
    settled = settle_result(PER_CENT, {"value": 13, "declared_status": "not_on_track"})
    assert (settled["value"], settled["unit"], settled["declared_status"]) == (
        Decimal("13.00"),
        "percent",
        "",
    )


def test_words_alone_need_the_declared_status():
    assert "declared_status" in refused(PER_CENT, statement="No audits done")
    assert "declared_status" in refused(MILESTONE, statement="Started")
    settled = settle_result(MILESTONE, {"statement": " Started ", "declared_status": "on_track"})
    assert (settled["statement"], settled["declared_status"], settled["unit"]) == (
        "Started",
        "on_track",
        "",
    )


def test_nothing_at_all_is_refused_where_the_person_would_type():
    assert list(refused(PER_CENT)) == ["value"]
    assert list(refused(MILESTONE)) == ["statement"]


def test_data_unavailable_needs_its_reason_and_no_number_and_drops_the_declaration():
    assert set(refused(PER_CENT, data_unavailable=True, value=3)) == {
        "unavailable_reason",
        "value",
    }
    settled = settle_result(
        MILESTONE,
        {
            "data_unavailable": True,
            "unavailable_reason": "No events held",
            "declared_status": "on_track",
        },
    )
    assert (settled["declared_status"], settled["unavailable_reason"]) == ("", "No events held")
    # A reason without the tick is not kept.
    kept = settle_result(COUNT, {"value": 2, "unavailable_reason": "left over"})
    assert kept["unavailable_reason"] == ""


@pytest.mark.parametrize(
    ("target", "value", "field_message"),
    [
        (PER_CENT, "100.01", "A percentage lies between 0 and 100."),
        (PER_CENT, "-1", "-1 is negative; a result cannot be below zero."),
        (COUNT, "10000000", "10000000 is too large."),
        (COUNT, "2.345", "2.345 has more than two decimals; round it to two."),
        (MILESTONE, "1", "This target is a milestone and takes no number"),
    ],
)
def test_numbers_out_of_range_are_refused_with_what_to_do(target, value, field_message):
    messages = refused(target, value=Decimal(value), declared_status="on_track")["value"]
    assert messages[0].startswith(field_message)


def test_a_number_with_zeros_after_two_decimals_is_the_same_number():
    assert settle_result(COUNT, {"value": Decimal("2.000")})["value"] == Decimal("2.00")


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("statement", limits.STATEMENT),
        ("unavailable_reason", limits.STATEMENT),
        ("explanation", limits.NOTE),
    ],
)
def test_each_text_is_taken_up_to_its_limit_and_not_beyond(field, limit):
    entry = {"data_unavailable": True, "unavailable_reason": "Not held", "statement": "x"}
    assert settle_result(PER_CENT, {**entry, field: "a" * limit})[field] == "a" * limit
    assert field in refused(PER_CENT, **{**entry, field: "a" * (limit + 1)})


def test_an_evidence_link_gets_https_when_typed_without_it_and_nonsense_is_refused():
    entry = {"value": 40}
    assert settle_result(PER_CENT, {**entry, "evidence_url": "www.ilo.org/x"})["evidence_url"] == (
        "https://www.ilo.org/x"
    )
    assert "evidence_url" in refused(PER_CENT, **entry, evidence_url="not a web address")


def test_a_portfolio_line_needs_its_words_with_a_number():
    assert settle_line(" none of six ", None) == ("none of six", None)
    with pytest.raises(ValidationError) as refusal:
        settle_line("", 2)
    assert "statement" in refusal.value.message_dict


def test_an_action_needs_text_and_a_note_when_constrained_or_dropped():
    with pytest.raises(ValidationError) as refusal:
        settle_action({"text": " ", "state": "dropped"})
    assert set(refusal.value.message_dict) == {"text", "progress_note"}
    settled = settle_action(
        {"text": "Hold two sessions.", "state": "constrained", "progress_note": "No budget"}
    )
    assert settled["state"] == "constrained"
