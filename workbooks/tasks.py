"""Background tasks for workbook imports (Django 6's django.tasks, or its backport on 5.2).

They take the job's id, never objects, and report through the ImportJob row the pages poll.
"""

from __future__ import annotations

try:
    from django.tasks import task
except ImportError:  # Django 5.2: the django-tasks backport has the same API
    from django_tasks import task

from workbooks import services


@task()
def check_import(job_id: int) -> None:
    services.import_job_check(job_id=job_id)


@task()
def apply_import(job_id: int) -> None:
    services.import_job_apply(job_id=job_id)
