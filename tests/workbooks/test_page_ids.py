"""The workbooks page: each label names its own control, so a screen reader reads the right one."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


class Elements(HTMLParser):
    """Every element's tag and attributes, and the form each sits in (by its action)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str], str]] = []
        self.form = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.form = attributes.get("action", "")
        self.found.append((tag, attributes, self.form))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = ""


def elements_of(page: str) -> list[tuple[str, dict[str, str], str]]:
    parser = Elements()
    parser.feed(page)
    return parser.found


def test_ids_are_unique_and_each_label_names_a_control_of_its_own_form(client, users, ilo_plan):
    client.force_login(users["focal"])
    elements = elements_of(client.get(reverse("workbooks:index")).content.decode())
    ids = [attributes["id"] for _, attributes, _ in elements if "id" in attributes]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    forms_by_id = {attributes["id"]: form for _, attributes, form in elements if "id" in attributes}
    labels = [(a["for"], form) for tag, a, form in elements if tag == "label" and "for" in a]
    assert labels
    for control_id, form in labels:
        assert forms_by_id.get(control_id) == form, control_id


def test_the_download_addresses_keep_their_parameters(client, users, ilo_plan):
    """Links elsewhere (the scorecards' downloads) ask for ``?year=``: the forms still send it."""
    client.force_login(users["focal"])
    elements = elements_of(client.get(reverse("workbooks:index")).content.decode())
    for url in (reverse("workbooks:appendix"), reverse("workbooks:data_workbook")):
        names = {a["name"] for tag, a, form in elements if form == url and tag == "select"}
        assert "year" in names
