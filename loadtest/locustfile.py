"""The load mix: custodians saving their results, reviewers reading scorecards.

Run by loadtest/run.py (which serves the app under gunicorn on PostgreSQL and checks the
database afterwards); the plan of users and URLs comes in LOAD_PLAN, a JSON file.
Every save the server acknowledged (a redirect after POST) is appended to LOAD_ACKS, and every
request's kind and time to LOAD_TIMES (one JSON line each), from which run.py gives page views,
saves and sign-ins their own percentiles. A request is marked "steady" once every user has
signed in: 50 people hashing their passwords in the same few seconds is the ramp-up, not the
working day the page-view goal is about (sign-ins are reported on their own, ramp included).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time

from locust import HttpUser, between, events, task

with open(os.environ["LOAD_PLAN"], encoding="utf-8") as _plan:
    PLAN = json.load(_plan)
# Kept open for the whole run (gevent users append to it); closed when Locust quits.
ACKS = open(os.environ["LOAD_ACKS"], "a", encoding="utf-8")  # noqa: SIM115
TIMES = open(os.environ["LOAD_TIMES"], "a", encoding="utf-8")  # noqa: SIM115
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
USERS = PLAN["custodian_users"] + PLAN["reviewer_users"]
_signed_in = {"count": 0, "steady_since": None}
_custodians = itertools.cycle(sorted(PLAN["custodians"].items()))
_reviewers = itertools.cycle(PLAN["reviewers"])


def _token(html: str) -> str:
    match = CSRF.search(html)
    if not match:
        raise ValueError("no CSRF token on the page")
    return match.group(1)


class SignedInUser(HttpUser):
    abstract = True
    wait_time = between(0.2, 1.0)
    username = ""

    def sign_in(self) -> None:
        page = self.client.get("/accounts/login/", name="sign-in form")
        response = self.client.post(
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": _token(page.text),
                "username": self.username,
                "password": PLAN["password"],
            },
            allow_redirects=False,
            name="sign in",
        )
        if response.status_code != 302:
            raise RuntimeError(f"{self.username} could not sign in ({response.status_code})")
        _signed_in["count"] += 1
        if _signed_in["count"] == USERS:
            _signed_in["steady_since"] = time.monotonic()


class Custodian(SignedInUser):
    fixed_count = PLAN["custodian_users"]

    def on_start(self) -> None:
        self.username, self.target = next(_custodians)
        self.sign_in()
        self.edit_url = PLAN["edit_url"].format(target=self.target, year=PLAN["year"])

    @task(1)
    def my_indicators(self) -> None:
        self.client.get(PLAN["home_url"], name="my indicators")

    @task(4)
    def save_result(self) -> None:
        form = self.client.get(self.edit_url, name="result form")
        version = VERSION.search(form.text)
        value = f"{random.randint(0, 10000) / 100:.2f}"
        response = self.client.post(
            self.edit_url,
            {
                "csrfmiddlewaretoken": _token(form.text),
                "version": version.group(1) if version else "0",
                "value": value,
                "statement": "",
                "explanation": "Saved under load",
                "unavailable_reason": "",
                "declared_status": "",
                "evidence_url": "",
                "reason": "",
            },
            allow_redirects=False,
            name="save result",
        )
        if response.status_code == 302:
            ACKS.write(
                json.dumps({"user": self.username, "target": self.target, "value": value}) + "\n"
            )
            ACKS.flush()


class Reviewer(SignedInUser):
    fixed_count = PLAN["reviewer_users"]

    def on_start(self) -> None:
        self.username = next(_reviewers)
        self.sign_in()

    @task
    def read(self) -> None:
        name, url = random.choice(PLAN["read_urls"])
        self.client.get(url, name=name)


@events.request.add_listener
def _timed(request_type, name, response_time, exception, **kwargs) -> None:
    steady = _signed_in["steady_since"] is not None
    line = [request_type, name, response_time, exception is None, steady, time.monotonic()]
    TIMES.write(json.dumps(line) + "\n")


@events.quitting.add_listener
def _close(environment, **kwargs) -> None:
    ACKS.close()
    TIMES.close()
