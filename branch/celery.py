"""The Celery application. With REDIS_URL unset, settings make every task run inline."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "branch.settings")

app = Celery("branch")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
