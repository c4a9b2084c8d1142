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

# Under pytest-xdist (``-n 2``) each test process has a database of its own (pytest-django
# names it after the process) and here a Redis database of its own, the one after the
# configured database for the first process and so on (a URL that names its database, as
# redis://127.0.0.1:6379/5): every test empties the cache, which must not be another process's.
_process = os.environ.get("PYTEST_XDIST_WORKER", "")
_base, _, _db = (REDIS_URL or "").rpartition("/")  # noqa: F405
if _process.startswith("gw") and _db.isdigit():
    REDIS_URL = f"{_base}/{int(_db) + 1 + int(_process[2:])}"
    CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405
    CELERY_BROKER_URL = CELERY_RESULT_BACKEND = REDIS_URL
