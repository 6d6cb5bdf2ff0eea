"""Pages timed over HTTP, as a browser gets them from gunicorn, in turns with a static file and
the sign-in page served by the same server.

One kept-alive connection per server; every request asks for gzip as browsers do and is timed
from sending it to the last byte of the answer. A round asks for each page once, in a fixed
order; a warm-up round goes first and is not kept. A page's figure is the median and range of
its rounds, with, as baselines, the static file (served by whitenoise, no database) and the
sign-in page (Django's middleware and a template, no plan) of the same rounds.
"""

from __future__ import annotations

import gzip
import http.client
import re
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from benchmarks.measure import Figure, compared, milliseconds
from benchmarks.server import SIGN_IN, Server
from custodians.models import CustodianUnit, Portfolio, Region
from custodians.roles import GEDI_REVIEWERS, ensure_role_groups
from indicators.models import ActionPlan, Indicator, Target
from indicators.selectors import latest_reported_year

REVIEWER = "bench-reviewer"
STATIC_FILE, SIGN_IN_PAGE = "static file", "sign-in page"
ALONE = "the same page, the plan alone in its database"
KB = 1024


def reviewer_cookie() -> str:
    """A signed-in GEDI reviewer's session cookie (made here, no password)."""
    user, _ = get_user_model().objects.get_or_create(username=REVIEWER)
    user.groups.add(ensure_role_groups()[GEDI_REVIEWERS])
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}"


def page_paths(plan: ActionPlan) -> dict[str, str]:
    """One page of each kind for the plan: its first portfolio, region and custodian."""
    targets = Target.objects.of_plan(plan)
    portfolio = Portfolio.objects.filter(units__targets__in=targets).order_by("position").first()
    region = Region.objects.filter(targets__in=targets).order_by("position").first()
    unit = CustodianUnit.objects.filter(targets__in=targets).order_by("pk").first()
    indicator = Indicator.objects.filter(section__plan=plan).order_by("position", "pk").first()
    year = latest_reported_year(plan)
    pages = {
        "plan scorecard": reverse("reports:plan", args=[plan.slug]),
        "portfolio scorecard": reverse("reports:portfolio", args=[plan.slug, portfolio.code]),
        "region scorecard": reverse("reports:region", args=[plan.slug, region.code]),
        "custodian scorecard": reverse("reports:custodian", args=[plan.slug, unit.slug]),
        "overview": f"{reverse('reports:index')}?plan={plan.slug}",
        "indicator page": indicator.get_absolute_url(),
    }
    return {name: f"{path}{'&' if '?' in path else '?'}year={year}" for name, path in pages.items()}


def plan_site(plan: ActionPlan) -> dict[str, Any]:
    """What the pages' timing needs of a database: the plan's pages and a reviewer's cookie."""
    targets = Target.objects.of_plan(plan).count()
    return {
        "plan": plan.slug,
        "targets": targets,
        "other_targets": Target.objects.count() - targets,
        "paths": page_paths(plan),
        "cookie": reviewer_cookie(),
    }


@dataclass(frozen=True)
class Answer:
    status: int
    seconds: float
    sent: int  # bytes on the wire (gzipped when the server compressed)
    size: int  # bytes of the page itself
    compressed: bool


class Connection:
    """One kept-alive HTTP connection to a server; opened again if the server closed it."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.opened = 0
        self._connection = self._open()

    def _open(self) -> http.client.HTTPConnection:
        self.opened += 1
        return http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=600)

    def get(self, path: str, cookie: str | None = None) -> Answer:
        return self._fetch(path, cookie)[0]

    def text(self, path: str) -> str:
        return self._fetch(path, None)[1].decode()

    def _fetch(self, path: str, cookie: str | None) -> tuple[Answer, bytes]:
        headers = {"Accept-Encoding": "gzip", "Accept": "text/html,*/*"}
        if cookie:
            headers["Cookie"] = cookie
        try:
            return self._timed(path, headers)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            self._connection.close()
            self._connection = self._open()
            return self._timed(path, headers)

    def _timed(self, path: str, headers: dict[str, str]) -> tuple[Answer, bytes]:
        start = time.perf_counter()
        self._connection.request("GET", path, headers=headers)
        response = self._connection.getresponse()
        body = response.read()
        seconds = time.perf_counter() - start
        compressed = response.getheader("Content-Encoding") == "gzip"
        page = gzip.decompress(body) if compressed else body
        return Answer(response.status, seconds, len(body), len(page), compressed), page

    def close(self) -> None:
        self._connection.close()


def static_path(connection: Connection) -> str:
    """The site's stylesheet, as the sign-in page links it (hashed name, from collectstatic)."""
    found = re.search(r'<link[^>]+href="([^"]+\.css)"', connection.text(SIGN_IN))
    if not found:
        raise RuntimeError("the sign-in page links no stylesheet")
    return found[1]


@dataclass(frozen=True)
class Probe:
    """One address asked for in every round."""

    name: str
    group: str  # which plan and database it belongs to, e.g. "10000" or "30 alone"
    connection: Connection
    path: str
    cookie: str | None = None


def in_rounds(probes: list[Probe], *, rounds: int) -> dict[Probe, list[Answer]]:
    """Every probe once per round, in order, after a warm-up round; each answer must be 200."""
    answers: dict[Probe, list[Answer]] = {probe: [] for probe in probes}
    for number in range(rounds + 1):
        for probe in probes:
            answer = probe.connection.get(probe.path, probe.cookie)
            if answer.status != 200:
                raise RuntimeError(f"{probe.name} answered {answer.status} at {probe.path}")
            if number:  # round 0 is the warm-up
                answers[probe].append(answer)
    return answers


def probes_of(group: str, connection: Connection, site: dict[str, Any]) -> list[Probe]:
    """The static file, the sign-in page and the plan's pages on one server."""
    return [
        Probe(STATIC_FILE, group, connection, static_path(connection)),
        Probe(SIGN_IN_PAGE, group, connection, SIGN_IN),
        *(
            Probe(name, group, connection, path, site["cookie"])
            for name, path in site["paths"].items()
        ),
    ]


def _times(answers: dict[Probe, list[Answer]], group: str) -> dict[str, list[float]]:
    return {
        probe.name: milliseconds([a.seconds for a in found])
        for probe, found in answers.items()
        if probe.group == group
    }


def page_figures(
    answers: dict[Probe, list[Answer]],
    group: str,
    site: dict[str, Any],
    *,
    beside: str | None = None,
    **facts: Any,
) -> list[Figure]:
    """Each page of the group against the static file and the sign-in page of the same rounds,
    and against the same page of the ``beside`` group (the plan in a database of its own).
    ``facts`` describe the server (its database, its cache)."""
    of_group = {probe.name: found for probe, found in answers.items() if probe.group == group}
    times = _times(answers, group)
    alone = _times(answers, beside) if beside else {}
    baselines = {name: times[name] for name in (STATIC_FILE, SIGN_IN_PAGE)}
    static = next(probe for probe in answers if probe.group == group and probe.name == STATIC_FILE)
    figures = []
    for name in site["paths"]:
        found = of_group[name]
        figures.append(
            compared(
                name,
                "ms",
                times[name],
                {**baselines, **({ALONE: alone[name]} if name in alone else {})},
                targets=site["targets"],
                other_targets=site["other_targets"],
                **facts,
                html_kb=round(found[-1].size / KB, 1),
                gzip_kb=round(found[-1].sent / KB, 1) if found[-1].compressed else None,
                static_file=static.path,
                static_kb=round(of_group[STATIC_FILE][-1].size / KB, 1),
            )
        )
    return figures
