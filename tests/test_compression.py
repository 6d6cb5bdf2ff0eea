"""Responses are gzipped by the app (GZipMiddleware in config/settings.py) for a browser that
asks for it, and sent plain to one that does not: pages, and workbooks, which arrive intact."""

import gzip
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

GZIP = {"accept-encoding": "gzip, deflate, br"}
# The only part of a page that differs from one response to the next: the masked CSRF token.
CSRF_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
FNAME = 0x08  # the gzip header's flag for a file name: Django's random bytes against BREACH


def test_a_scorecard_page_comes_gzipped_to_a_browser_that_accepts_it(client, role_users, ilo_plan):
    client.force_login(role_users["viewer"])
    url = reverse("reports:plan", args=[ilo_plan.slug])
    zipped = client.get(url, {"year": 2020}, headers=GZIP)
    plain = client.get(url, {"year": 2020})
    assert zipped.status_code == plain.status_code == 200

    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert int(zipped["Content-Length"]) == len(zipped.content)
    assert zipped.content[3] & FNAME
    page = gzip.decompress(zipped.content)
    assert b"Scorecard of the plan, 2020" in page
    assert CSRF_TOKEN.sub(b"", page) == CSRF_TOKEN.sub(b"", plain.content)
    assert len(zipped.content) * 5 < len(page)

    assert not plain.has_header("Content-Encoding")
    assert "Accept-Encoding" in plain["Vary"]  # a cache keeps the two apart
    assert plain.content.startswith(b"<!doctype html>")


def test_a_workbook_download_arrives_whole_either_way(client, role_users, ilo_plan):
    client.force_login(role_users["gedi"])
    url = reverse("workbooks:appendix")
    zipped = client.get(url, {"year": 2020}, headers=GZIP)
    plain = client.get(url, {"year": 2020})
    assert zipped.status_code == plain.status_code == 200
    assert zipped["Content-Type"] == plain["Content-Type"]
    assert zipped["Content-Disposition"] == plain["Content-Disposition"]
    assert not plain.has_header("Content-Encoding")
    # An xlsx file is a zip archive already: gzip gains little, and when it gains nothing the
    # file is sent as it is.
    received = (
        gzip.decompress(zipped.content)
        if zipped.get("Content-Encoding") == "gzip"
        else zipped.content
    )
    for content in (received, plain.content):
        sheet = load_workbook(io.BytesIO(content)).active
        assert any(cell.value == "Indicator" for row in sheet.iter_rows() for cell in row)
