"""Entering a result and an action: clear errors next to the field and at the top, what the
person typed kept, every field labelled, portfolio lines for the Deputy Directors-General."""

from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from indicators.models import AcceleratingAction, Result, ResultBreakdownLine
from tests.entries.steps import edit_url, enter, result_of
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


class _Fields(HTMLParser):
    """The ids of the form's inputs, and the ids its labels point to."""

    def __init__(self) -> None:
        super().__init__()
        self.inputs: set[str] = set()
        self.labelled: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag in {"input", "select", "textarea"} and attributes.get("type") != "hidden":
            self.inputs.add(attributes.get("id") or f"(no id: {attributes.get('name')})")
        if tag == "label" and attributes.get("for"):
            self.labelled.add(attributes["for"])


def _unlabelled(page: str) -> set[str]:
    fields = _Fields()
    fields.feed(page)
    return fields.inputs - fields.labelled


def _error_next_to(page: str, field: str, message: str) -> bool:
    return f'<ul class="errorlist" id="id_{field}_error"><li>{message}' in page


def test_every_field_of_the_entry_forms_is_labelled(world, ddg_target):
    gedi = world.client_for("reviewer")
    for url in [
        edit_url(world.target),
        edit_url(world.milestone),
        edit_url(ddg_target),
        reverse("entries:action_new", args=[world.target.pk]),
        reverse("entries:action", args=[world.action.pk]),
    ]:
        assert _unlabelled(gedi.get(url).content.decode()) == set(), url


def test_an_empty_result_is_refused_with_the_error_next_to_the_field_and_at_the_top(world):
    page = enter(world.client_for("owner"), world.target, explanation="Typed text.")
    page = page.content.decode()
    message = "Enter the result: a number, a statement, or tick “Data unavailable” and say why."
    assert _error_next_to(page, "value", message)
    assert '<div class="error-summary" role="alert">' in page
    assert f'<a href="#id_value">Result (per cent)</a>: {message}' in page
    assert "Typed text.</textarea>" in page  # what was typed is kept
    assert not Result.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"data_unavailable": "on"},
            "unavailable_reason",
            "Say why the data are unavailable (e.g. “No events held”).",
        ),
        (
            {"data_unavailable": "on", "unavailable_reason": "No events", "value": "3"},
            "value",
            "Leave the number empty when the data are unavailable.",
        ),
        ({"value": "120"}, "value", "A percentage lies between 0 and 100."),
        ({"value": "-1"}, "value", "-1 is negative; a result cannot be below zero."),
        ({"value": "forty"}, "value", "Enter a number."),
        (
            {"statement": "Not measured this way"},
            "declared_status",
            "Say whether the target is on track: without a number the result alone",
        ),
        ({"value": "40", "evidence_url": "not a link"}, "evidence_url", "Enter a valid URL."),
    ],
)
def test_field_errors_are_clear_and_keep_what_was_typed(world, fields, field, message):
    response = enter(world.client_for("owner"), world.target, **fields)
    page = response.content.decode()
    assert response.status_code == 200
    assert _error_next_to(page, field, message)
    for name, typed in fields.items():
        if name != "data_unavailable":
            assert f'value="{typed}"' in page
    assert not Result.objects.exists()


def test_data_unavailable_with_its_reason_is_a_result(world):
    enter(
        world.client_for("owner"),
        world.target,
        data_unavailable="on",
        unavailable_reason="Session of the Conference not held",
    )
    result = result_of(world.target)
    assert result.data_unavailable and result.value is None
    assert result.status == "data_unavailable"


def test_a_number_decides_the_status_even_if_one_was_declared(world):
    enter(world.client_for("owner"), world.target, value="47", declared_status="not_on_track")
    result = result_of(world.target)
    assert (result.declared_status, result.status) == ("", "on_track")


def test_an_evidence_link_without_a_scheme_is_taken_as_https(world):
    enter(world.client_for("owner"), world.target, value="47", evidence_url="example.org/hr")
    assert result_of(world.target).evidence_url == "https://example.org/hr"


def test_a_milestone_is_a_statement_with_a_declared_status(world):
    owner = world.client_for("owner")
    page = owner.get(edit_url(world.milestone)).content.decode()
    assert 'name="value"' not in page
    refused = enter(owner, world.milestone, statement="Drafted").content.decode()
    assert _error_next_to(refused, "declared_status", "Say whether the target is on track")
    enter(owner, world.milestone, statement="Drafted", declared_status="on_track")
    result = result_of(world.milestone)
    assert (result.statement, result.declared_status, result.status) == (
        "Drafted",
        "on_track",
        "on_track",
    )


def test_each_deputy_director_general_writes_their_own_portfolio_line(world, ddg_target):
    policy = ddg_target.custodians.get(acronym="DDG/POLICY")
    focal = MembershipFactory(user=UserFactory(username="policy-focal"), unit=policy).user
    client = world.client_for("owner")
    client.force_login(focal)
    page = client.get(edit_url(ddg_target)).content.decode()
    assert 'name="line_policy_statement"' in page
    assert 'name="line_mr_statement"' in page and "disabled" in page
    response = enter(
        client,
        ddg_target,
        statement="One of three portfolios",
        declared_status="not_on_track",
        line_policy_statement="one of two director or chiefs' outputs",
        line_policy_value="1",
        line_mr_statement="crafted: all of them",  # another DDG's line: ignored
    )
    assert response.status_code == 302
    lines = {
        line.portfolio.code: (line.statement, line.value, line.custodian.acronym)
        for line in ResultBreakdownLine.objects.select_related("portfolio", "custodian")
    }
    assert lines == {
        "policy": ("one of two director or chiefs' outputs", Decimal("1"), "DDG/POLICY")
    }
    assert ResultBreakdownLine.history.get().history_user == focal


def test_a_reviewer_writes_every_line_and_an_emptied_line_is_removed(world, ddg_target):
    gedi = world.client_for("reviewer")
    lines = {
        "line_policy_statement": "none",
        "line_mr_statement": "two of two",
        "line_fop_statement": "none of six",
        "line_fop_value": "0",
    }
    enter(gedi, ddg_target, statement="Not achieved", declared_status="not_on_track", **lines)
    assert ResultBreakdownLine.objects.count() == 3
    result = result_of(ddg_target)
    enter(
        gedi,
        ddg_target,
        version=result.version,
        statement="Not achieved",
        declared_status="not_on_track",
        **{**lines, "line_mr_statement": ""},
    )
    assert sorted(ResultBreakdownLine.objects.values_list("portfolio__code", flat=True)) == [
        "fop",
        "policy",
    ]
    assert result_of(ddg_target).version == 2
    deleted = ResultBreakdownLine.history.filter(history_type="-").get()
    assert deleted.history_user == world.reviewer and deleted.statement == "two of two"


def test_a_line_with_a_number_needs_its_statement(world, ddg_target):
    response = enter(
        world.client_for("reviewer"),
        ddg_target,
        value="30",
        line_fop_value="2",
    )
    assert _error_next_to(
        response.content.decode(),
        "line_fop_statement",
        "Write the line as it should be printed, e.g. “none of six”.",
    )
    assert not Result.objects.exists()


def test_an_action_is_added_and_each_update_kept_as_its_progress_history(world):
    owner = world.client_for("owner")
    new = reverse("entries:action_new", args=[world.target.pk])
    response = owner.post(
        new,
        {
            "custodian": world.unit.pk,
            "text": "Train recruitment panels.",
            "state": "not_started",
            "due_date": "2021-12-31",
            "next_review_date": "2021-09-30",
        },
    )
    action = AcceleratingAction.objects.get(text="Train recruitment panels.")
    assert response.status_code == 302
    assert response["Location"] == reverse("entries:action", args=[action.pk])
    assert (action.custodian, str(action.due_date)) == (world.unit, "2021-12-31")
    url = reverse("entries:action", args=[action.pk])
    base = {"text": action.text, "due_date": "2021-12-31", "next_review_date": "2021-10-31"}
    owner.post(url, {**base, "state": "under_way", "progress_note": "Two panels.", "version": 1})
    refused = owner.post(url, {**base, "state": "constrained", "progress_note": "", "version": 2})
    assert _error_next_to(refused.content.decode(), "progress_note", "Say what constrains it.")
    owner.post(url, {**base, "state": "done", "progress_note": "All six panels.", "version": 2})
    page = owner.get(url).content.decode()
    history = page.split("Progress history")[1]
    assert history.index("All six panels.") < history.index("Two panels.")  # newest first
    assert history.count("<td>owner</td>") == 3
    assert [r.state for r in action.history.order_by("history_date")] == [
        "not_started",
        "under_way",
        "done",
    ]


def test_after_saving_an_action_the_person_goes_back_where_they_came_from(world):
    owner = world.client_for("owner")
    url = reverse("entries:action", args=[world.action.pk])
    back = reverse("entries:my_indicators") + "#actions"
    data = {"text": world.action.text, "state": "under_way", "version": 1, "next": back}
    assert owner.post(url, data)["Location"] == back
    elsewhere = {**data, "version": 2, "state": "done", "next": "https://evil.example/"}
    assert owner.post(url, elsewhere)["Location"] == url
