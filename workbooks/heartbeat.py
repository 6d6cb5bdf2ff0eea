"""A running import's sign of life, written from a thread of its own.

Saving an import is one transaction, so what the worker wrote to the job's row inside it would
stay unseen by the pages (and by the check for stopped jobs) until the end. A thread has its own
database connection: its beats — the time, and how far the work is — are committed while the
save's transaction is still open. When the process is killed the beats stop, and once the last
is older than WORKBOOK_JOB_STALE_SECONDS the job is taken as stopped (``ImportJob.is_stale``).

SQLite lets one connection write at a time, so there the beats wait for the save to commit;
a save longer than the limit would then look stopped (PostgreSQL has no such wait).
"""

from __future__ import annotations

import logging
import threading
from types import TracebackType

from django.db import DatabaseError, connections
from django.utils import timezone

from workbooks.models import ImportJob

logger = logging.getLogger(__name__)
# Often enough for the progress bar, which asks every second; far below the staleness limit.
BEAT_SECONDS = 2.0


class JobHeartbeat:
    """``with JobHeartbeat(job_id, state=...) as heartbeat:`` beats until the block ends;
    ``heartbeat.report`` is the work's ``Progress`` callback, written with the next beat."""

    def __init__(self, job_id: int, *, state: str, interval: float = BEAT_SECONDS) -> None:
        self.job_id, self.state, self.interval = job_id, state, interval
        self._latest: tuple[int, str] | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"import-job-{job_id}-heartbeat", daemon=True
        )

    def report(self, fraction: float, stage: str) -> None:
        # A tuple is replaced in one step: the thread reads a whole one, never half of one.
        self._latest = (round(100 * min(max(fraction, 0.0), 1.0)), stage)

    def __enter__(self) -> JobHeartbeat:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                self.beat()
        finally:
            connections.close_all()  # this thread's own connections only

    def beat(self) -> None:
        fields: dict[str, object] = {"heartbeat_at": timezone.now()}
        if self._latest is not None:
            fields["progress"], fields["stage"] = self._latest
        try:
            # Only while the job is still in the state this worker is in: a beat never brings
            # back a job that has finished or was taken as stopped.
            ImportJob.objects.filter(pk=self.job_id, state=self.state).update(**fields)
        except DatabaseError:
            logger.warning("Import job %s: a heartbeat could not be written", self.job_id)
