from __future__ import annotations

import pytest
from django.test import override_settings

UNREACHABLE = "redis://127.0.0.1:1/0"


def test_healthz_reports_each_dependency(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok" and body["cache"] == "ok"
    assert body["broker"] in {"ok", "inline"}


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": UNREACHABLE,
        }
    },
    CELERY_BROKER_URL=UNREACHABLE,
)
def test_healthz_answers_503_when_redis_is_configured_but_unreachable(client, db):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["cache"].startswith("error") and body["broker"].startswith("error")
    assert body["database"] == "ok"
    assert "127.0.0.1" not in response.content.decode(), "no internal address is named"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_down(client, monkeypatch):
    from branch import health

    def down():
        raise ConnectionError("database unreachable")

    monkeypatch.setitem(health.CHECKS, "database", down)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error: ConnectionError"
