"""A crafted cell — text or a format the file does not hold — is refused by its sheet and cell,
with nothing changed, instead of stopping the import on an unexpected error."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

import pytest
from django.urls import reverse

from tests.workbooks.conftest import snapshot, workbook_bytes
from tests.workbooks.import_steps import upload
from workbooks.importing import WorkbookRefused, apply_workbook, check_workbook
from workbooks.layout import RESULTS_SHEET
from workbooks.models import ImportJob

pytestmark = pytest.mark.django_db
MESSAGE = "The cell refers to shared text that the file does not contain"


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str:
    workbook = archive.read("xl/workbook.xml").decode()
    rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    rel_id = re.search(rf'<sheet [^>]*name="{sheet}"[^>]*r:id="(\w+)"', workbook).group(1)
    target = re.search(
        rf'Target="([^"]+)"[^>]*Id="{rel_id}"|Id="{rel_id}"[^>]*Target="([^"]+)"', rels
    )
    path = (target.group(1) or target.group(2)).lstrip("/")
    return path if path.startswith("xl/") else f"xl/{path}"


def _rewritten(
    content: bytes, ref: str, cell_xml: str, *, shared: list[str] | None = None
) -> bytes:
    """The workbook with the Results sheet's cell ``ref`` written as ``cell_xml``; with
    ``shared``, a shared-strings part holding those texts, as spreadsheet programs write."""
    source = zipfile.ZipFile(io.BytesIO(content))
    part = _sheet_part(source, RESULTS_SHEET)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == part:
                pattern = rf'<c r="{ref}"(?: [^>]*)?(?:/>|>.*?</c>)'.encode()
                data, found = re.subn(pattern, cell_xml.encode(), data, count=1, flags=re.S)
                assert found, ref
            elif shared is not None and item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", SHARED_STRINGS_TYPE + b"</Types>")
            elif shared is not None and item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", SHARED_STRINGS_REL + b"</Relationships>")
            target.writestr(item, data)
        if shared is not None:
            texts = "".join(f"<si><t>{text}</t></si>" for text in shared)
            target.writestr(
                "xl/sharedStrings.xml",
                f'<sst xmlns="{SPREADSHEET_NS}" count="{len(shared)}" '
                f'uniqueCount="{len(shared)}">{texts}</sst>',
            )
    return out.getvalue()


SPREADSHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHARED_STRINGS_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
SHARED_STRINGS_REL = (
    b'<Relationship Id="rIdShared" Type="http://schemas.openxmlformats.org/officeDocument/'
    b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
)


def _no_shared_strings(ref: str) -> Callable[[bytes], bytes]:
    """The export as it is (inline text, no shared-strings part), one cell made a shared one."""

    def craft(content: bytes) -> bytes:
        assert "xl/sharedStrings.xml" not in zipfile.ZipFile(io.BytesIO(content)).namelist()
        return _rewritten(content, ref, f'<c r="{ref}" t="s"><v>5</v></c>')

    return craft


def _beyond_the_shared_strings(ref: str) -> Callable[[bytes], bytes]:
    """A shared-strings part of two texts, and one cell numbering a third."""

    def craft(content: bytes) -> bytes:
        return _rewritten(
            content, ref, f'<c r="{ref}" t="s"><v>2</v></c>', shared=["OVS.1", "OVS.2"]
        )

    return craft


def _within_the_shared_strings(ref: str) -> Callable[[bytes], bytes]:
    def craft(content: bytes) -> bytes:
        return _rewritten(content, ref, f'<c r="{ref}" t="s"><v>1</v></c>', shared=["a", "b"])

    return craft


CASES = [
    ("no shared strings, data row", _no_shared_strings("D5"), 5, "D"),
    ("beyond the shared strings, data row", _beyond_the_shared_strings("D5"), 5, "D"),
    ("no shared strings, heading", _no_shared_strings("B1"), 1, "B"),
]


@pytest.mark.parametrize(
    ("craft", "row", "column"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_a_cell_with_missing_shared_text_is_refused_by_its_place(
    users, ilo_plan, craft, row, column
):
    content = craft(workbook_bytes(users["gedi"], ilo_plan))
    before = snapshot()

    problems = check_workbook(content, user=users["gedi"]).problems

    assert len(problems) == 1
    problem = problems[0]
    assert (problem.sheet, problem.row, problem.column) == (RESULTS_SHEET, row, column)
    assert str(problem).startswith(f"Sheet “Results”, row {row}, column {column}")
    assert MESSAGE in problem.message
    with pytest.raises(WorkbookRefused, match=MESSAGE):
        apply_workbook(content, user=users["gedi"], reason="Trying")
    assert snapshot() == before


def test_a_cell_with_shared_text_the_file_holds_is_read(users, ilo_plan):
    """A shared-strings part that holds the cell's text: read as usual, the file not refused."""
    content = _within_the_shared_strings("D5")(workbook_bytes(users["gedi"], ilo_plan))
    problems = check_workbook(content, user=users["gedi"]).problems
    assert all(MESSAGE not in p.message for p in problems)


def test_a_cell_with_a_format_the_file_does_not_hold_is_refused_by_its_place(users, ilo_plan):
    content = workbook_bytes(users["gedi"], ilo_plan)
    workbook_row = 5
    content = _rewritten(
        content, f"L{workbook_row}", f'<c r="L{workbook_row}" s="999"><v>0.5</v></c>'
    )
    before = snapshot()

    problems = check_workbook(content, user=users["gedi"]).problems

    refused = [p for p in problems if "cell format that the file does not contain" in p.message]
    assert [(p.sheet, p.row, p.column) for p in refused] == [(RESULTS_SHEET, workbook_row, "L")]
    assert snapshot() == before


def test_the_upload_ends_with_the_refusal_not_an_unexpected_error(
    client, users, ilo_plan, django_capture_on_commit_callbacks
):
    content = _no_shared_strings("D5")(workbook_bytes(users["gedi"], ilo_plan))
    client.force_login(users["gedi"])
    before = snapshot()

    upload(client, content, django_capture_on_commit_callbacks)

    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.INVALID
    page = client.get(job.get_absolute_url()).content.decode()
    assert "<td>Results</td><td>5</td><td>D (" in page
    assert MESSAGE in page
    assert "unexpected error" not in page
    assert client.get(reverse("workbooks:import_problems", args=[job.pk])).status_code == 404
    assert snapshot() == before
