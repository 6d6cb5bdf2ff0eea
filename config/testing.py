"""pytest plugin (loaded with ``-p config.testing`` before Django reads its settings).

The test run gets a throwaway SECRET_KEY, so that the settings module can insist on a real one
everywhere else.
"""

import os
import secrets

os.environ.setdefault("SECRET_KEY", "test-" + secrets.token_urlsafe(32))
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")  # the test client speaks plain HTTP
# Every test computes its pages: the cache's own tests (tests/reports/test_data_stamp.py) turn
# it on, so that a page's query count is that of the computation in every other test.
os.environ.setdefault("CACHE_URL", "dummy://")
