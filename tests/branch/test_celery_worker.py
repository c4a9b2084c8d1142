"""A real Celery worker consumes a task from Redis. Runs where REDIS_URL is configured (CI's
PostgreSQL + Redis run); on the embedded default there is no broker to consume from."""

from __future__ import annotations

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail

from branch.celery import app
from branch.models import Notification
from branch.tasks import ping, send_notification_email

pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(not settings.REDIS_URL, reason="REDIS_URL is not set: no broker"),
]


@pytest.fixture
def worker():
    app.conf.task_always_eager = False
    app.control.purge()  # messages left by an interrupted earlier run are not this test's
    try:
        with start_worker(app, pool="solo", perform_ping_check=False):
            yield
    finally:
        app.conf.task_always_eager = True


def test_a_worker_answers_through_redis(worker):
    assert ping.delay().get(timeout=30) == "pong"


@pytest.mark.django_db(transaction=True)
def test_a_worker_sends_a_notification_email(worker, secretary, school):
    notification = Notification.objects.create(
        user=secretary, key="worker-test", title="第四季度支部党员大会即将到期", organization=school
    )
    assert send_notification_email.delay(notification.pk).get(timeout=30) is True
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert mail.outbox[-1].subject.endswith("第四季度支部党员大会即将到期")
