"""The admin corrects reported entries through the same path as every other door: the entry rule,
the version the administrator opened, a reason kept in the history. It does not take review steps,
add entries, delete them, or restore a past version by a plain save."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from evaluations.models import FollowUp
from indicators.models import AcceleratingAction, PublishedFigures, ReportingYear, Result, Target
from indicators.result_rules import DECLARE_STATUS
from indicators.services import result_write
from tests.entries.steps import YEAR, edit_url, enter
from tests.evaluations.factories import FollowUpFactory
from tests.factories import (
    AcceleratingActionFactory,
    CustodianUnitFactory,
    IndicatorFactory,
    MembershipFactory,
    PhaseFactory,
    RegionFactory,
    ResultFactory,
    TargetFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CORRECTED = "Figure corrected from the audited count"


@dataclass
class Plan:
    """HRD's target (at least 45 per cent) with a submitted 2021 result and an action."""

    target: Target
    result: Result
    action: AcceleratingAction
    owner: object  # HRD's focal point
    administrator: object


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def plan() -> Plan:
    unit = CustodianUnitFactory(acronym="HRD")
    phase = PhaseFactory(label="2020–21", start_year=2020, end_year=2021)
    ReportingYear.objects.create(
        plan=phase.plan, year=YEAR, is_open=True, deadline=datetime.date(2022, 1, 31)
    )
    target = TargetFactory(
        indicator=IndicatorFactory(section__plan=phase.plan, code="ACC.1"),
        phase=phase,
        custodians=[unit],
    )
    return Plan(
        target=target,
        result=ResultFactory(
            target=target, year=YEAR, value=Decimal("40"), review_state="submitted"
        ),
        action=AcceleratingActionFactory(target=target, custodian=unit, text="Hold two sessions."),
        owner=MembershipFactory(user=UserFactory(username="owner"), unit=unit).user,
        administrator=UserFactory(username="administrator", is_superuser=True, is_staff=True),
    )


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def admin_url(entry, view: str, *args) -> str:
    """The admin's ``view`` ("change", "delete", …) of ``entry``'s model."""
    opts = entry._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def change_url(entry) -> str:
    return admin_url(entry, "change", entry.pk)


def correct_result(client: Client, result: Result, *, seen_version: int, reason: str, **fields):
    """Post the admin's change form of ``result`` with ``fields`` changed. Every field of the
    result is sent, as a crafted request could send them: the read-only ones are ignored."""
    data = {
        "target": str(result.target_id),
        "year": str(result.year),
        "unit": result.unit,
        "review_state": result.review_state,
        "breakdown_lines-TOTAL_FORMS": "0",
        "breakdown_lines-INITIAL_FORMS": "0",
        "value": "" if result.value is None else str(result.value),
        "statement": result.statement,
        "unavailable_reason": result.unavailable_reason,
        "declared_status": result.declared_status,
        "explanation": result.explanation,
        "evidence_url": result.evidence_url,
        "version": str(seen_version),
        "reason": reason,
        **fields,
    }
    return client.post(change_url(result), data)


def correct_action(client: Client, action: AcceleratingAction, *, seen_version: int, **fields):
    data = {
        "target": str(action.target_id),
        "custodian": str(action.custodian_id),
        "position": str(action.position),
        "text": action.text,
        "state": action.state,
        "progress_note": action.progress_note,
        "due_date": "",
        "next_review_date": "",
        "version": str(seen_version),
        "reason": "Wording agreed with HRD",
        **fields,
    }
    return client.post(change_url(action), data)


def test_an_admin_correction_is_versioned_and_a_form_opened_before_it_is_refused(plan):
    owner, admin = signed_in(plan.owner), signed_in(plan.administrator)
    # The custodian opens the entry form at version 1; the administrator corrects the result.
    assert 'name="version" value="1"' in owner.get(edit_url(plan.target)).content.decode()
    response = correct_result(
        admin, plan.result, seen_version=1, reason=CORRECTED, value="41", explanation="Recount."
    )
    assert response.status_code == 302
    result = Result.objects.get(pk=plan.result.pk)
    assert (result.value, result.explanation, result.version) == (Decimal("41"), "Recount.", 2)
    latest = result.history.latest("history_date")
    assert (latest.history_user, latest.history_change_reason) == (plan.administrator, CORRECTED)

    refused = enter(
        owner,
        plan.target,
        version=1,
        value="42",
        explanation="My count.",
        reason="Late data",
    )
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Last saved by <strong>administrator</strong>" in page
    rows = re.findall(
        r"<tr[^>]*><th scope=\"row\">([^<]+)</th><td>([^<]*)</td><td>([^<]*)</td>", page
    )
    assert ("Result (per cent)", "42 per cent", "41 per cent") in rows
    assert ("Explanation", "My count.", "Recount.") in rows
    result.refresh_from_db()
    assert (result.value, result.version, result.history.count()) == (Decimal("41"), 2, 2)


def test_the_admin_applies_the_entry_rule_a_number_drops_the_declared_status(plan):
    response = correct_result(
        signed_in(plan.administrator),
        plan.result,
        seen_version=1,
        reason=CORRECTED,
        value="47",
        declared_status="not_on_track",
    )
    assert response.status_code == 302
    result = Result.objects.get(pk=plan.result.pk)
    assert (result.value, result.declared_status, result.status) == (
        Decimal("47"),
        "",
        "on_track",
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"value": "", "statement": "Three audits"}, DECLARE_STATUS),
        ({"value": "120"}, "A percentage lies between 0 and 100."),
        ({"value": "12.345"}, "12.345 has more than two decimals; round it to two."),
    ],
)
def test_the_admin_refuses_what_the_entry_form_refuses_in_the_same_words(plan, fields, message):
    response = correct_result(
        signed_in(plan.administrator), plan.result, seen_version=1, reason=CORRECTED, **fields
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    result = Result.objects.get(pk=plan.result.pk)
    assert (result.value, result.version, result.history.count()) == (Decimal("40"), 1, 1)


def test_a_correction_needs_its_reason(plan):
    response = correct_result(
        signed_in(plan.administrator), plan.result, seen_version=1, reason="  ", value="41"
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert Result.objects.get(pk=plan.result.pk).version == 1


def test_a_correction_from_a_page_opened_before_another_save_is_refused_with_what_changed(plan):
    result_write(
        target=plan.target,
        year=YEAR,
        user=plan.owner,
        fields={"value": Decimal("43")},
        expected_version=1,
        reason="Late data",
    )
    admin = signed_in(plan.administrator)
    response = correct_result(
        admin, plan.result, seen_version=1, reason=CORRECTED, value="41", explanation="Mine."
    )
    assert response.status_code == 302
    assert response["Location"] == change_url(plan.result)
    page = admin.get(response["Location"]).content.decode()
    assert "changed by someone else after you opened it" in page
    assert "Changed since you opened it: Value: 40 → 43." in page
    result = Result.objects.get(pk=plan.result.pk)
    assert (result.value, result.explanation, result.version) == (Decimal("43"), "", 2)


def test_the_review_state_and_the_version_are_not_changed_in_the_admin(plan):
    admin = signed_in(plan.administrator)
    page = admin.get(change_url(plan.result)).content.decode()
    assert 'name="review_state"' not in page and 'name="status_confirmed"' not in page
    # The version is only the one the administrator saw, compared by the service.
    assert '<input type="hidden" name="version" value="1"' in page
    response = correct_result(
        admin,
        plan.result,
        seen_version=1,
        reason=CORRECTED,
        value="41",
        review_state="approved",
        status_confirmed="on",
    )
    assert response.status_code == 302
    result = Result.objects.get(pk=plan.result.pk)
    assert (result.value, result.review_state, result.status_confirmed, result.version) == (
        Decimal("41"),
        "submitted",
        False,
        2,
    )
    made_up = correct_result(admin, result, seen_version=99, reason=CORRECTED, value="42")
    assert "changed by someone else" in admin.get(made_up["Location"]).content.decode()
    result.refresh_from_db()
    assert (result.value, result.version) == (Decimal("41"), 2)


def test_an_action_is_corrected_through_the_same_rule_and_versions(plan):
    admin = signed_in(plan.administrator)
    refused = correct_action(admin, plan.action, seen_version=1, state="constrained")
    assert refused.status_code == 200
    assert "Say what constrains it." in refused.content.decode()

    assert correct_action(admin, plan.action, seen_version=1, state="under_way").status_code == 302
    action = AcceleratingAction.objects.get(pk=plan.action.pk)
    assert (action.state, action.version) == ("under_way", 2)
    latest = action.history.latest("history_date")
    assert (latest.history_user, latest.history_change_reason) == (
        plan.administrator,
        "Wording agreed with HRD",
    )

    stale = correct_action(admin, plan.action, seen_version=1, state="done")
    assert stale.status_code == 302
    assert "changed by someone else" in admin.get(stale["Location"]).content.decode()
    assert AcceleratingAction.objects.get(pk=plan.action.pk).state == "under_way"


def test_actions_are_shown_not_edited_on_the_target_page(plan):
    page = signed_in(plan.administrator).get(change_url(plan.target)).content.decode()
    assert "Hold two sessions." in page
    assert 'name="actions-0-text"' not in page


def test_nothing_reported_is_added_or_deleted_in_the_admin(plan):
    follow_up = FollowUpFactory(year=YEAR)
    admin = signed_in(plan.administrator)
    for entry in (plan.result, plan.action, follow_up):
        changelist = admin_url(entry, "changelist")
        delete = admin_url(entry, "delete", entry.pk)
        add = admin_url(entry, "add")
        assert admin.get(delete).status_code == 403
        assert admin.post(delete, {"post": "yes"}).status_code == 403
        assert admin.get(add).status_code == 403
        assert "delete_selected" not in admin.get(changelist).content.decode()
        admin.post(changelist, {"action": "delete_selected", "_selected_action": [entry.pk]})
        assert type(entry).objects.filter(pk=entry.pk).exists()


def test_a_past_version_is_not_restored_by_a_plain_save(plan):
    follow_up = FollowUpFactory(year=YEAR, note="First words.")
    FollowUp.objects.filter(pk=follow_up.pk).update(note="Corrected words.")
    admin = signed_in(plan.administrator)
    for entry in (plan.result, plan.action, follow_up):
        first = entry.history.earliest("history_date")
        url = admin_url(entry, "simple_history", entry.pk, first.history_id)
        assert admin.get(url).status_code == 200
        assert admin.post(url, {"note": "First words.", "text": "Old."}).status_code == 403
    follow_up.refresh_from_db()
    assert (follow_up.note, follow_up.history.count()) == ("Corrected words.", 1)


def test_follow_up_reports_are_read_only_in_the_admin(plan):
    follow_up = FollowUpFactory(year=YEAR, note="Reported by the unit.")
    admin = signed_in(plan.administrator)
    page = admin.get(change_url(follow_up)).content.decode()
    assert "Reported by the unit." in page and 'name="note"' not in page
    response = admin.post(change_url(follow_up), {"state": "completed", "note": "Overwritten?"})
    assert response.status_code == 403
    follow_up.refresh_from_db()
    assert (follow_up.note, follow_up.version) == ("Reported by the unit.", 1)


def test_the_published_figures_are_kept_up_in_the_admin_and_refuse_a_year_outside_the_plan(plan):
    """GEDI enters what a document published for the whole plan; the scorecard shows it."""
    figures = PublishedFigures.objects.create(
        plan=plan.target.indicator.section.plan, year=YEAR, on_track=3, source_document="GB.1/INS"
    )
    client = signed_in(plan.administrator)
    page = client.get(change_url(figures)).content.decode()
    assert 'name="source_paragraph"' in page and 'value="GB.1/INS"' in page
    fields = {
        "plan": figures.plan_id,
        "year": 1999,
        "on_track": 3,
        "not_on_track": 1,
        "data_unavailable": 0,
        "not_reported": 0,
        "source_document": "GB.1/INS",
        "source_paragraph": "4",
    }
    response = client.post(change_url(figures), fields)
    assert "The plan runs from" in response.content.decode()
    client.post(change_url(figures), fields | {"year": YEAR})
    figures.refresh_from_db()
    assert (figures.not_on_track, figures.source) == (1, "GB.1/INS, paragraph 4")


def _revise_target(client: Client, target, *, reason: str, **fields):
    data = {
        "indicator": str(target.indicator_id),
        "phase": str(target.phase_id),
        "scope": target.scope,
        "region": "",
        "portfolio": "",
        "kind": target.kind,
        "value": "" if target.value is None else str(target.value),
        "unit": target.unit,
        "direction": target.direction,
        "text": target.text,
        "baseline_value": "",
        "baseline_text": "",
        "baseline_year": "",
        "custodians_label": target.custodians_label,
        "position": str(target.position),
        "revision_reason": reason,
        "custodian_links-TOTAL_FORMS": "0",
        "custodian_links-INITIAL_FORMS": "0",
        "actions-TOTAL_FORMS": "0",
        "actions-INITIAL_FORMS": "0",
        **fields,
    }
    return client.post(change_url(target), data)


def test_an_active_plans_target_is_revised_in_the_admin_only_with_a_reason(plan):
    client = signed_in(plan.administrator)
    refused = _revise_target(client, plan.target, reason="", value="47")
    assert refused.status_code == 200
    assert "Say why the target changes" in refused.content.decode()
    plan.target.refresh_from_db()
    assert plan.target.value != Decimal("47")
    done = _revise_target(client, plan.target, reason="Mid-term review", value="47")
    assert done.status_code == 302
    plan.target.refresh_from_db()
    assert plan.target.value == Decimal("47")
    latest = plan.target.history.latest()
    assert (latest.history_change_reason, latest.history_user) == (
        "Mid-term review",
        plan.administrator,
    )
    plan.target.indicator.section.plan.state = "closed"
    plan.target.indicator.section.plan.save()
    closed = _revise_target(client, plan.target, reason="Again", value="50")
    assert "is closed: its targets do not change" in closed.content.decode()


def test_a_target_added_in_the_admin_gets_its_plan_and_a_phase_of_another_plan_is_refused(plan):
    client = signed_in(plan.administrator)
    target = plan.target
    other_phase = PhaseFactory()
    region = RegionFactory()
    data = {
        "indicator": str(target.indicator_id),
        "phase": str(other_phase.pk),
        "scope": "region",
        "region": str(region.pk),
        "portfolio": "",
        "kind": target.kind,
        "value": str(target.value),
        "unit": target.unit,
        "direction": target.direction,
        "text": "",
        "baseline_value": "",
        "baseline_text": "",
        "baseline_year": "",
        "custodians_label": "",
        "position": "9",
        "revision_reason": "",
        "custodian_links-TOTAL_FORMS": "0",
        "custodian_links-INITIAL_FORMS": "0",
        "actions-TOTAL_FORMS": "0",
        "actions-INITIAL_FORMS": "0",
    }
    add_url = reverse("admin:indicators_target_add")
    refused = client.post(add_url, data)
    assert refused.status_code == 200
    assert f"{other_phase} is not a phase of {target.indicator.code}&#x27;s plan." in (
        refused.content.decode()
    )
    assert client.post(add_url, data | {"phase": str(target.phase_id)}).status_code == 302
    made = Target.objects.get(indicator=target.indicator, region=region)
    assert made.plan == target.indicator.section.plan == made.phase.plan


def test_an_actions_french_and_spanish_texts_are_corrected_with_the_rest(plan):
    admin = signed_in(plan.administrator)
    form = admin.get(change_url(plan.action)).content.decode()
    assert 'name="text_fr"' in form and 'name="unofficial_es"' in form
    response = correct_action(
        admin, plan.action, seen_version=1, text_fr="Organiser deux sessions.", unofficial_fr="on"
    )
    assert response.status_code == 302
    action = AcceleratingAction.objects.get(pk=plan.action.pk)
    assert (action.text_fr, action.unofficial_fr, action.version) == (
        "Organiser deux sessions.",
        True,
        2,
    )
    assert action.history.latest("history_date").history_change_reason == "Wording agreed with HRD"

    # New English words posted with the old French: the French translated the old words.
    correct_action(
        admin, action, seen_version=2, text="Hold three sessions.", text_fr=action.text_fr
    )
    action.refresh_from_db()
    assert (action.text, action.text_fr, action.unofficial_fr) == (
        "Hold three sessions.",
        "",
        False,
    )


def test_the_version_opened_is_a_hidden_input_without_a_label(plan):
    admin = signed_in(plan.administrator)
    for entry in (plan.result, plan.action):
        page = admin.get(change_url(entry)).content.decode()
        assert re.search(r'<input type="hidden" name="version" value="1"[^>]*>', page)
        assert 'for="id_version"' not in page  # HTML allows no label for a hidden input


def test_a_targets_translations_are_entered_with_it_and_follow_its_words(plan):
    client, target = signed_in(plan.administrator), plan.target
    assert 'name="text_fr"' in client.get(change_url(target)).content.decode()
    words = {"text": "Two sessions", "text_fr": "Deux sessions", "unofficial_fr": "on"}
    assert _revise_target(client, target, reason="Agreed", **words).status_code == 302
    target.refresh_from_db()
    assert (target.text, target.text_fr, target.unofficial_fr) == (
        "Two sessions",
        "Deux sessions",
        True,
    )

    # New words and the old French left as it was: the French translated the old words.
    stale = {"text": "Three sessions", "text_fr": "Deux sessions", "unofficial_fr": "on"}
    assert _revise_target(client, target, reason="Agreed", **stale).status_code == 302
    target.refresh_from_db()
    assert (target.text, target.text_fr, target.unofficial_fr) == ("Three sessions", "", False)
