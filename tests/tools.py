"""Tests that need a program the machine may lack: Chromium, LibreOffice, Java with vnu.jar.

On a developer's machine without it such a test is skipped; in CI (``CI`` set) it runs, and
fails on the missing program: CI installs them all, and a skip there would pass unseen.
"""

import os

import pytest


def needs_tool(found: bool, reason: str) -> pytest.MarkDecorator:
    """The mark of a test that needs a program; ``reason`` says what is missing and where to get
    it."""
    return pytest.mark.skipif(not found and not os.environ.get("CI"), reason=reason)
