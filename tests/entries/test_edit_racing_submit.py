"""An edit that races a submit. The focal point opens the form of a draft (no
reason asked); meanwhile the entry is submitted from another tab. Saving the form shows the
conflict with both values, not a demand for a reason on a form that had no reason field."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from tests.entries.steps import edit_url, enter, result_of, snapshot, take_step

pytestmark = pytest.mark.django_db

CONFLICT_ROW = re.compile(
    r"<tr[^>]*><th scope=\"row\">([^<]+)</th><td>([^<]*)</td><td>([^<]*)</td>"
)


@pytest.mark.parametrize("submitter", ["owner", "reviewer"])
def test_saving_a_form_opened_before_the_entry_was_submitted_shows_the_conflict(world, submitter):
    owner = world.client_for("owner")
    enter(owner, world.target, value="40", explanation="First count.")
    form = owner.get(edit_url(world.target)).content.decode()
    assert 'name="version" value="1"' in form and 'name="reason"' not in form

    # Another tab (or GEDI, entering for the unit) submits the draft meanwhile.
    other_tab = world.client_for(submitter)
    assert take_step(other_tab, world.target, "submit", version=1).status_code == 302
    assert result_of(world.target).review_state == "submitted"
    before = snapshot()

    refused = enter(owner, world.target, value="44", version=1, explanation="Recount.")

    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Not saved: someone else saved this entry after you opened it" in page
    assert "Say why you change an entry" not in page
    rows = CONFLICT_ROW.findall(page)
    assert ("Result (per cent)", "44 per cent", "40 per cent") in rows
    assert ("Explanation", "Recount.", "First count.") in rows
    assert snapshot() == before
    saved = result_of(world.target)
    assert (saved.value, saved.review_state, saved.version) == (Decimal("40"), "submitted", 2)

    # The form is offered again against the submitted entry: now a change needs its reason.
    assert 'name="version" value="2"' in page and 'name="reason"' in page
    again = enter(owner, world.target, value="44", version=2, explanation="Recount.")
    assert again.status_code == 200
    assert "Say why you change an entry that was already submitted" in again.content.decode()
    assert result_of(world.target).value == Decimal("40")
    enter(owner, world.target, value="44", version=2, reason="Regional recount arrived.")
    assert result_of(world.target).value == Decimal("44")
