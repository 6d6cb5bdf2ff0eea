from tests.browser.conftest import (  # noqa: F401 - the browser fixtures, for test_browser.py
    assert_accessible,
    axe,
    browser_type_launch_args,
    console_errors,
    served_plan,
    sign_in,
)

ROLES = ["admin", "gedi", "viewer", "focal"]
