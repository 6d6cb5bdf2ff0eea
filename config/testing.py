"""pytest plugin (loaded with ``-p config.testing`` before Django reads its settings).

The test run gets a throwaway SECRET_KEY, so that the settings module can insist on a real one
everywhere else.
"""

import os
import secrets

os.environ.setdefault("SECRET_KEY", "test-" + secrets.token_urlsafe(32))
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")  # the test client speaks plain HTTP
