"""What a person does on the import pages, step by step, for the tests of the import jobs."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from workbooks.models import ImportJob

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOAD = reverse("workbooks:import_upload")


def download(client: Client, url: str, **params: object) -> bytes:
    response = client.get(url, params)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == XLSX
    return response.content


def upload(client: Client, content: bytes, capture, name: str = "data.xlsx"):
    """Upload a workbook; its check runs at once (the tasks' Immediate backend)."""
    with capture(execute=True):
        return client.post(UPLOAD, {"workbook": SimpleUploadedFile(name, content, XLSX)})


def confirm(client: Client, job: ImportJob, capture, reason: str = ""):
    with capture(execute=True):
        return client.post(reverse("workbooks:import_confirm", args=[job.pk]), {"reason": reason})


def status(client: Client, job: ImportJob) -> dict:
    return client.get(reverse("workbooks:import_job_status", args=[job.pk])).json()
