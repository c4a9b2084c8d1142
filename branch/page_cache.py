"""A page read again when nothing it shows has changed is served from the cache.

The pages that list or add up a branch, a township or a county (the roster, the pipeline board,
the meetings list, the calendar, the dues home, the dashboard, the audit log, the statistics)
cost tens to hundreds of milliseconds to compute and are read far more often than anything
below them is written: a secretary goes back to the roster, a county administrator pages
through the statistics. Such a view sets ``page_cache = True`` (``branch.mixins``); its HTML is
then kept under a key made of everything it depends on:

- the session and its CSRF cookie: the page carries the user's name, their navigation and a
  CSRF token that only this browser may send back;
- the address with its query (page, search, sort), the language and the day (every rule is
  counted to today);
- the user's grants: the navigation, the organisation switcher and what the page offers; and
  their name and staff flag, which the header shows;
- ``branch.selectors.last_write`` of the organisation: every service that changes a record
  writes an audit entry in its transaction, so a newer entry below or above the organisation
  means the page may differ (the same key as the report's facts and the committee's
  statistics);
- the user's notifications (newest, unread), which change without an audit entry; both read
  in one query (``branch.selectors.page_state``), whose unread count the header then uses;
- whatever else the view names in ``page_versions()``;
- the code itself (``CODE_VERSION``): a deployment with changed templates or Python starts
  with empty pages.

The permission check runs on every request before the cache is read, so a revoked role is
refused at once. A request with a message waiting to be shown, or a response that shows one or
sets a cookie, is neither served from nor written to the cache. Writes that bypass the services
(the Django admin, a shell) leave no audit entry: their effect shows with the next audited write
or the next day, as for the report's facts.
"""

from __future__ import annotations

import hashlib
import os
import zlib
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from branch.models import Organization
from branch.selectors import page_state

# A page is kept at most this long; a write or a new day replaces it sooner (a new key).
PAGE_SECONDS = 30 * 60
PREFIX = "page:"
# The response headers a view sets that are kept with the page; the middleware adds the rest
# to the cached answer as it does to a fresh one.
KEPT_HEADERS = ("Content-Type", "Cache-Control", "Content-Language")


def _code_version(roots: Iterable[Path]) -> str:
    """A digest of the name, size and modification time of every template and Python file of
    the project: the same for every worker of one deployment, different after an update."""
    digest = hashlib.sha256()
    for root in roots:
        for directory, subdirs, files in os.walk(root):
            subdirs[:] = sorted(d for d in subdirs if not d.startswith(".") and d != "node_modules")
            for name in sorted(files):
                if name.endswith((".py", ".html", ".mo")):
                    stat = os.stat(os.path.join(directory, name))
                    digest.update(f"{directory}/{name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:16]


def _project_roots() -> list[Path]:
    base = Path(settings.BASE_DIR)
    apps = [base / label for label in ("branch", "members", "meetings", "dues", "reports")]
    apps += [base / label for label in ("notices", "stats", "templates", "locale")]
    return [root for root in apps if root.is_dir()]


CODE_VERSION = _code_version(_project_roots())


def _grants_version(grants: dict[str, list[str]]) -> str:
    return ";".join(f"{code}={','.join(sorted(paths))}" for code, paths in sorted(grants.items()))


def page_key(
    request: HttpRequest, org: Organization, grants: dict[str, list[str]], extra: tuple = ()
) -> str | None:
    """The cache key of this request's page, or None when it must not be cached: no session or
    CSRF cookie yet (the page would set them), or a message waiting to be shown."""
    session_key = request.session.session_key
    csrf = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    if not session_key or not csrf or len(messages.get_messages(request)):
        return None
    state = page_state(org, request.user)
    # the header's bell, computed here already (branch.context_processors.shell)
    request.unread_notifications = state.unread_notifications
    parts = (
        CODE_VERSION,
        session_key,
        csrf,
        request.get_full_path(),
        get_language(),
        timezone.localdate().isoformat(),
        _grants_version(grants),
        # the header's name and its link to the site administration
        (request.user.get_full_name(), request.user.is_staff),
        state,
        extra,
    )
    return PREFIX + hashlib.sha256(repr(parts).encode()).hexdigest()


def cached_response(key: str) -> HttpResponse | None:
    stored = cache.get(key)
    if stored is None:
        return None
    content, headers = stored
    response = HttpResponse(zlib.decompress(content))
    for name, value in headers:
        response[name] = value
    return response


def keep(request: HttpRequest, key: str, response: HttpResponse) -> None:
    """Store a rendered page under ``key`` unless it must not be reused: not a 200 HTML page
    (a download, a redirect, an error), a cookie set by the view, or a message shown on it."""
    if response.status_code != 200 or response.cookies or getattr(response, "streaming", False):
        return
    if not response.get("Content-Type", "").startswith("text/html"):
        return
    if response.has_header("Content-Disposition"):
        return
    if len(messages.get_messages(request)):
        return
    headers = [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]
    # compressed: a county's list is 100 KiB of HTML, a tenth of that in the cache
    cache.set(key, (zlib.compress(response.content, 1), headers), PAGE_SECONDS)
