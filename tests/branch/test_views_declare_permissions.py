"""Views declare what they need on ``branch.mixins.OrganizationMixin`` (``permission``,
``post_permission``, ``own_page``); no handler refuses by itself, so the whole rule of a page
is read in its declaration."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

APPS = ("branch", "dues", "meetings", "members", "notices")
VIEW_MODULES = sorted(
    path for app in APPS for path in (Path(settings.BASE_DIR) / app).glob("views*.py")
)


def test_there_are_view_modules_to_read():
    assert len(VIEW_MODULES) > 10


@pytest.mark.parametrize("path", VIEW_MODULES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_handler_refuses_by_itself(path):
    assert "PermissionDenied" not in path.read_text(encoding="utf-8")
