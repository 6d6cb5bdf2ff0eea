"""The load test's own data: what its simulated users save and read must exist and open.

The load test itself (``loadtest/run.py``) needs PostgreSQL, gunicorn and a minute of two busy
cores, so it is run by hand; its data is made by the same code the tests run here, so a change to
the models that breaks it shows in the suite, not on the day someone wants figures.
"""

from __future__ import annotations

import importlib.util
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from indicators.models import Result, Target

SETUP = Path(__file__).resolve().parent.parent / "loadtest" / "setup_data.py"


def _setup_module():
    spec = importlib.util.spec_from_file_location("loadtest_setup_data", SETUP)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
def test_the_load_test_data_is_made_and_every_page_it_reads_opens(ilo_plan, client):
    made = _setup_module().create(3, 2)
    assert len(made["custodians"]) == 3 and len(made["reviewers"]) == 2
    targets = Target.objects.filter(pk__in=made["custodians"].values())
    assert {target.plan_id for target in targets} == {ilo_plan.pk}

    reviewer = get_user_model().objects.get(username=made["reviewers"][0])
    client.force_login(reviewer)
    assert made["read_urls"], "the reviewers read nothing"
    for name, url in made["read_urls"]:
        assert client.get(url).status_code == 200, name

    focal_point, target_id = next(iter(made["custodians"].items()))
    client.force_login(get_user_model().objects.get(username=focal_point))
    edit = made["edit_url"].format(target=target_id, year=made["year"])
    assert client.get(edit).status_code == 200
    assert client.get(made["home_url"]).status_code == 200
    fields = dict.fromkeys(
        ("statement", "unavailable_reason", "declared_status", "evidence_url", "reason"), ""
    )
    saved = client.post(edit, {**fields, "version": "0", "value": "12.34", "explanation": "Load"})
    assert saved.status_code == 302  # what the load test counts as an acknowledged save
    result = Result.objects.get(target_id=target_id, year=made["year"])
    assert result.value == Decimal("12.34")


def _run_module():
    spec = importlib.util.spec_from_file_location("loadtest_run", SETUP.parent / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_page_views_are_timed_once_every_user_signed_in(tmp_path):
    """The ramp-up (everyone signing in) is not the working day the page-view goal is about;
    sign-ins keep every one of theirs."""
    lines = [
        ["GET", "sign-in form", 900, True, False, 0.0],
        ["POST", "sign in", 8000, True, False, 1.0],
        ["GET", "plan scorecard", 5000, True, False, 2.0],  # ramp-up: not counted
        ["POST", "sign in", 600, True, True, 3.0],
        *[["GET", "plan scorecard", 100 + i, True, True, 10.0 + i] for i in range(20)],
        ["POST", "save result", 50, True, True, 40.0],
    ]
    times = tmp_path / "times.jsonl"
    times.write_text("".join(json.dumps(line) + "\n" for line in lines))
    figures = _run_module().percentiles_by_kind(times)
    assert figures["page_views"] == {"requests": 20, "p50_ms": 110, "p95_ms": 119, "max_ms": 119}
    assert figures["saves"]["requests"] == 1
    assert figures["sign_ins"]["requests"] == 3 and figures["sign_ins"]["max_ms"] == 8000
    assert figures["steady_seconds"] == 30.0
