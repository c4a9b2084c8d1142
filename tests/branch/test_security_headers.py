"""A strict Content-Security-Policy holds on every page, because no template carries inline
script or event handlers; pages seen logged in are never cached."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# print.html templates are rendered to PDF (WeasyPrint), never served to a browser
PRINT_ONLY_NAME = "print.html"


def test_every_page_carries_a_strict_policy(client, secretary, school):
    client.force_login(secretary)
    response = client.get(reverse("branch:dashboard", args=[school.code]))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["Cache-Control"] == "private, no-store"


def test_the_login_page_has_the_policy_and_may_be_cached_normally(client, db):
    response = client.get(reverse("login"))
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_no_template_carries_inline_script_or_event_handlers():
    offenders = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if path.name == PRINT_ONLY_NAME:
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>", text):
            offenders.append(f"{name}: inline <script>")
        if re.search(r"\son[a-z]+\s*=", text):
            offenders.append(f"{name}: event handler attribute")
        if re.search(r"<style\b", text):
            offenders.append(f"{name}: <style> block")
    assert not offenders, offenders
