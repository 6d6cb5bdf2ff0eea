"""A real spreadsheet program opens every export, and a workbook it saves imports unchanged."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.tools import needs_tool
from tests.workbooks.conftest import snapshot

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.django_db,
    needs_tool(SOFFICE is not None, "LibreOffice (soffice) is not installed; CI installs it"),
]


def _soffice(
    tmp_path: Path, target: str, source: Path, outdir: Path, produced: str | None = None
) -> Path:
    assert SOFFICE, "CI must have LibreOffice: .ci/run installs libreoffice-calc-nogui"
    outdir.mkdir(exist_ok=True)
    completed = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    converted = outdir / (produced or f"{source.stem}.{target.split(':')[0]}")
    assert completed.returncode == 0 and converted.exists(), completed.stderr + completed.stdout
    return converted


def test_libreoffice_opens_the_exports_and_resaves_a_workbook_that_imports_unchanged(
    users, ilo_plan, tmp_path
):
    appendix, data = tmp_path / "appendix.xlsx", tmp_path / "data.xlsx"
    call_command(
        "export_appendix", "--year", "2020", "--output", str(appendix), stdout=io.StringIO()
    )
    call_command(
        "export_workbook",
        "--year",
        "2020",
        "--output",
        str(data),
        "--user",
        "gedi",
        stdout=io.StringIO(),
    )

    # The appendix in French and Spanish too (export_appendix --language).
    translated = []
    for language in ("fr", "es"):
        path = tmp_path / f"appendix-{language}.xlsx"
        call_command(
            "export_appendix",
            "--year",
            "2020",
            "--language",
            language,
            "--output",
            str(path),
            stdout=io.StringIO(),
        )
        translated.append(path)

    for workbook in (appendix, *translated, data):
        pdf = _soffice(tmp_path, "pdf", workbook, tmp_path / "pdf")
        assert pdf.read_bytes().startswith(b"%PDF")
        assert pdf.stat().st_size > 10_000
    # What LibreOffice read of the French appendix: its words and its "pour cent".
    # UTF-8, the second sheet (the appendix itself; the cover is the first).
    utf8_csv = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,2"
    csv = _soffice(
        tmp_path, utf8_csv, translated[0], tmp_path / "csv", produced="appendix-fr-Annexe.csv"
    )
    text = csv.read_text(encoding="utf-8")
    assert "Indicateur" in text and "13 pour cent" in text

    resaved = _soffice(tmp_path, "xlsx:Calc MS Excel 2007 XML", data, tmp_path / "resaved")
    assert resaved.read_bytes() != data.read_bytes()
    before = snapshot()
    out = io.StringIO()
    call_command("import_workbook", str(resaved), "--user", "gedi", "--dry-run", stdout=out)
    assert "0 new, 0 changed, 81 unchanged." in out.getvalue()
    assert snapshot() == before
