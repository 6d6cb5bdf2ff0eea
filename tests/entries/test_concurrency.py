"""No lost updates: when two people edit the same entry, the second save is refused and shown
what the first changed, beside what they typed."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import AcceleratingAction
from tests.entries.steps import edit_url, enter, result_of, take_step

pytestmark = pytest.mark.django_db


def _version_in(page: str) -> str:
    return re.search(r'name="version" value="(\d+)"', page).group(1)


def test_the_second_save_of_a_result_is_refused_with_both_versions_shown(world):
    owner, gedi = world.client_for("owner"), world.client_for("reviewer")
    enter(owner, world.target, value="40", explanation="First count.")
    # Both open the form at version 1 …
    seen_by_owner = _version_in(owner.get(edit_url(world.target)).content.decode())
    seen_by_gedi = _version_in(gedi.get(edit_url(world.target)).content.decode())
    assert seen_by_owner == seen_by_gedi == "1"
    # … GEDI saves first, then the custodian saves from the page they loaded before.
    assert (
        enter(gedi, world.target, value="41", version=1, explanation="Recount.").status_code == 302
    )
    refused = enter(owner, world.target, value="42", version=1, explanation="My count.")

    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Not saved: someone else saved this entry after you opened it" in page
    assert "Last saved by <strong>reviewer</strong>" in page
    rows = re.findall(
        r"<tr[^>]*><th scope=\"row\">([^<]+)</th><td>([^<]*)</td><td>([^<]*)</td>", page
    )
    assert ("Result (per cent)", "42 per cent", "41 per cent") in rows
    assert ("Explanation", "My count.", "Recount.") in rows
    # What the custodian typed is still in the form, now against the version saved since.
    assert 'name="value" value="42"' in page and "My count.</textarea>" in page
    assert _version_in(page) == "2"
    saved = result_of(world.target)
    assert (saved.value, saved.version, saved.history.count()) == (Decimal("41"), 2, 2)

    # Saving again on purpose, having seen the other change, goes through.
    assert enter(owner, world.target, value="42", version=2).status_code == 302
    assert result_of(world.target).value == Decimal("42")


def test_two_first_entries_for_the_same_target_do_not_overwrite_each_other(world):
    owner, gedi = world.client_for("owner"), world.client_for("reviewer")
    assert _version_in(owner.get(edit_url(world.target)).content.decode()) == "0"
    enter(gedi, world.target, value="41", version=0)
    refused = enter(owner, world.target, value="42", version=0)
    assert refused.status_code == 409
    assert result_of(world.target).value == Decimal("41")


def test_a_stale_update_of_an_action_is_refused_with_what_changed(world):
    owner, gedi = world.client_for("owner"), world.client_for("reviewer")
    url = reverse("entries:action", args=[world.action.pk])
    text = world.action.text
    gedi.post(url, {"text": text, "state": "under_way", "progress_note": "Booked.", "version": 1})
    refused = owner.post(
        url, {"text": text, "state": "done", "progress_note": "Held both.", "version": 1}
    )
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Not saved: someone else saved this entry" in page
    assert "<td>Held both.</td><td>Booked.</td>" in page
    assert "<td>Done</td><td>Under way</td>" in page
    action = AcceleratingAction.objects.get(pk=world.action.pk)
    assert (action.state, action.version) == ("under_way", 2)


def test_a_reviewer_cannot_approve_an_entry_that_changed_after_they_read_it(world):
    owner, gedi = world.client_for("owner"), world.client_for("reviewer")
    enter(owner, world.target, value="40")
    take_step(owner, world.target, "submit", version=1)
    # GEDI opens the result at version 2; the custodian corrects it meanwhile.
    enter(owner, world.target, value="44", version=2, reason="Late data from the regions")
    response = take_step(gedi, world.target, "approve", version=2)
    page = gedi.get(response["Location"]).content.decode()
    assert "This entry changed after you opened the page, so nothing was done." in page
    assert result_of(world.target).review_state == "submitted"
