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


def _ids(page: str) -> list[str]:
    return [attributes["id"] for _, attributes, _ in elements_of(page) if "id" in attributes]


def _assert_unique_ids(page: str) -> None:
    ids = _ids(page)
    assert ids
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_ids_stay_unique_when_an_upload_is_refused_and_for_a_viewer(client, users, ilo_plan):
    """The page again with the refused file's error (400), and without the upload form."""
    client.force_login(users["focal"])
    refused = client.post(reverse("workbooks:import_upload"), {})
    assert refused.status_code == 400
    _assert_unique_ids(refused.content.decode())
    assert {"id_appendix-year", "id_data-year", "id_workbook"} <= set(
        _ids(refused.content.decode())
    )
    client.force_login(users["viewer"])
    _assert_unique_ids(client.get(reverse("workbooks:index")).content.decode())


def test_ids_are_unique_on_an_import_page_with_its_forms(client, users, ilo_plan):
    from workbooks.models import ImportJob

    job = ImportJob.objects.create(
        user=users["gedi"],
        filename="a.xlsx",
        content=b"PK",
        state=ImportJob.State.CHECKED,
        changes=[
            {
                "sheet": "Results",
                "row": 3,
                "kind": "changed",
                "label": "OVS.1",
                "changes": [{"heading": "Value", "old": "56", "new": "58"}],
                "needs_reason": True,
            }
        ],
    )
    client.force_login(users["gedi"])
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Discard this import" in page and 'id="id_reason"' in page
    _assert_unique_ids(page)
