"""Saves started at the same moment, each on its own thread and database connection."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connections


def at_once(
    saves: dict[str, Callable[[], object]], *, refused: Callable[[Exception], bool]
) -> dict[str, str]:
    """Run every save together; each one's outcome by name: saved, refused, or the error."""
    start = threading.Barrier(len(saves))
    outcomes: dict[str, str] = {}

    def run(name: str, save: Callable[[], object]) -> None:
        start.wait()
        try:
            save()
            outcomes[name] = "saved"
        except Exception as exc:  # noqa: BLE001 - the test reports any other failure
            outcomes[name] = "refused" if refused(exc) else f"error: {exc!r}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in saves.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes
