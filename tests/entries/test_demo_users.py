"""The demo users do each step on the real 2018–21 plan, signing in through the sign-in page."""

import pytest
from django.test import Client
from django.urls import reverse

from indicators.models import Result, Target

pytestmark = pytest.mark.django_db


def signed_in(username: str) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": f"{username}-demo"})
    assert response.status_code == 302, f"{username} could not sign in"
    return client


def test_the_demo_users_walk_the_2021_review(demo_users, ilo_plan):
    senior_staff = Target.objects.get(indicator__code="ACC.1", phase__label="2020–21")
    result_page = reverse("entries:result", args=[senior_staff.pk, 2021])
    focal, gedi = signed_in("focal"), signed_in("gedi")

    # The focal point lands on "My indicators": the 2021 targets of HRD, RESEARCH and ITCILO.
    home = focal.get(reverse("home"))
    assert home["Location"] == reverse("entries:my_indicators")
    mine = focal.get(home["Location"]).content.decode()
    assert "Still to enter or submit: <strong>10</strong>" in mine
    assert "Launch a community of practice news series" not in mine  # PARDEV's action

    # Enter and submit the 2021 result.
    edit = reverse("entries:result_edit", args=[senior_staff.pk, 2021])
    saved = focal.post(edit, {"value": "46.5", "explanation": "HR dashboard", "version": "0"})
    assert saved.status_code == 302
    focal.post(
        reverse("entries:result_step", args=[senior_staff.pk, 2021, "submit"]),
        {"submit-version": "1"},
    )

    # GEDI finds it in the review queue and returns it.
    queue = gedi.get(reverse("entries:review_queue")).content.decode()
    assert result_page in queue.split('id="submitted"')[1].split('id="returned"')[0]
    gedi.post(
        reverse("entries:result_step", args=[senior_staff.pk, 2021, "return"]),
        {"return-version": "2", "return-comment": "Give the date of the extract."},
    )
    assert (
        "Give the date of the extract."
        in focal.get(reverse("entries:my_indicators")).content.decode()
    )

    # The focal point corrects and resubmits; GEDI approves.
    focal.post(
        edit,
        {"value": "46.5", "explanation": "HR dashboard, 31 December 2021", "version": "3"},
    )
    focal.post(
        reverse("entries:result_step", args=[senior_staff.pk, 2021, "submit"]),
        {"submit-version": "4"},
    )
    gedi.post(
        reverse("entries:result_step", args=[senior_staff.pk, 2021, "approve"]),
        {"approve-version": "5"},
    )
    result = Result.objects.get(target=senior_staff, year=2021)
    assert (result.review_state, str(result.value)) == ("approved", "46.50")
    assert [r.history_user.username for r in result.history.order_by("history_date")] == [
        "focal",
        "focal",
        "gedi",
        "focal",
        "focal",
        "gedi",
    ]

    # The Evaluation Office's focal point cannot open HRD's result.
    assert signed_in("eval").get(result_page).status_code == 404

    # GEDI closes 2021; the focal point can no longer change results, until GEDI reopens it
    # for HRD.
    year = ilo_plan.reporting_years.get(year=2021)
    gedi.post(reverse("entries:year_state", args=[year.pk, "close"]))
    milestone = Target.objects.get(indicator__code="CAP.1")
    milestone_edit = reverse("entries:result_edit", args=[milestone.pk, 2021])
    assert focal.get(milestone_edit).status_code == 403
    hrd = senior_staff.custodians.get(acronym="HRD")
    gedi.post(reverse("entries:year_reopen", args=[year.pk]), {f"year{year.pk}-unit": hrd.pk})
    assert focal.get(milestone_edit).status_code == 200

    # 2020 was closed when the plan was loaded: GEDI can still reopen an approved 2020 result.
    loaded = Result.objects.get(target=senior_staff, year=2020)
    response = gedi.post(
        reverse("entries:result_step", args=[senior_staff.pk, 2020, "reopen"]),
        {"reopen-version": str(loaded.version), "reopen-comment": "Recount of P5 staff."},
    )
    assert response.status_code == 302
    assert Result.objects.get(pk=loaded.pk).review_state == "returned"
