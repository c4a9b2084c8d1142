"""``GET /healthz``: the state of the database, the cache and the broker, as JSON."""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from kombu import Connection

log = logging.getLogger(__name__)


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _cache() -> str:
    key, value = f"healthz:{uuid.uuid4().hex}", "1"
    cache.set(key, value, timeout=10)
    ok = cache.get(key) == value
    cache.delete(key)
    if not ok:
        raise RuntimeError("value written to the cache could not be read back")
    return "ok"


def _broker() -> str:
    url = settings.CELERY_BROKER_URL
    if url.startswith("memory://"):
        return "inline"  # no broker configured: tasks run in the web process
    with Connection(url, connect_timeout=2) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


CHECKS = {"database": _database, "cache": _cache, "broker": _broker}


@never_cache
def healthz(request):
    body: dict[str, str] = {}
    healthy = True
    for name, check in CHECKS.items():
        try:
            body[name] = check()
        except Exception as exc:  # any failure of a dependency is a 503
            healthy = False
            # The answer is public: it names the kind of failure, never a host or a port;
            # the operator finds the whole message in the log.
            log.warning("healthz: %s is down", name, exc_info=True)
            body[name] = f"error: {exc.__class__.__name__}"
    body["status"] = "ok" if healthy else "error"
    return JsonResponse(body, status=200 if healthy else 503)
