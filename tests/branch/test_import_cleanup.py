"""Workbook uploads abandoned between the preview and the confirmation are removed after a day."""

from __future__ import annotations

import datetime
import os

from django.conf import settings as django_settings

from branch.tasks import remove_abandoned_imports


def test_abandoned_uploads_are_removed_and_recent_ones_kept(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    folder = tmp_path / "imports"
    folder.mkdir()
    old, recent = folder / "old.xlsx", folder / "recent.xlsx"
    old.write_bytes(b"x")
    recent.write_bytes(b"y")
    # times on the test's clock, which may be set to another day than the files' own
    now = datetime.datetime.now().timestamp()
    two_days_ago = now - datetime.timedelta(days=2).total_seconds()
    os.utime(old, (two_days_ago, two_days_ago))
    os.utime(recent, (now, now))

    assert remove_abandoned_imports() == 1
    assert not old.exists() and recent.exists()


def test_the_cleanup_runs_every_night():
    tasks = {entry["task"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()}
    assert "branch.tasks.remove_abandoned_imports" in tasks


def test_no_imports_folder_is_nothing_to_do(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert remove_abandoned_imports() == 0
