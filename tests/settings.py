"""Settings for the test suite: the project's settings with APP_ENV=test.

DATABASE_URL and REDIS_URL are read as usual, so the same suite runs on the embedded default
and against PostgreSQL + Redis.
"""

import os

os.environ.setdefault("APP_ENV", "test")

from branch.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Ordinary tests run tasks inline even with a broker configured; the worker test switches
# eager mode off for itself.
CELERY_TASK_ALWAYS_EAGER = True
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
# Close each connection when its work is done, so no thread (a live server, a test worker)
# keeps the test database open when it is dropped.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Failed-login throttling is switched on by the tests about it; Django's test client logs in
# without a request, which the throttling backend refuses.
AXES_ENABLED = False
