import pytest
from django.core.cache import cache
from django.test.utils import override_settings

from tests.browser.conftest import (  # noqa: F401 - the browser fixtures, for test_browser.py
    assert_accessible,
    axe,
    browser_type_launch_args,
    console_errors,
    served_plan,
    sign_in,
)

ROLES = ["admin", "gedi", "viewer", "focal"]


@pytest.fixture
def kept_cache():
    """A cache that keeps (the tests' own keeps nothing), empty before and after the test."""
    with override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    ):
        cache.clear()
        yield
        cache.clear()
