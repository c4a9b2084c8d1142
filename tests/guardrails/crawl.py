"""A breadth-first crawl of the site as one logged-in user, following links only."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from django.test import Client
from django.urls import Resolver404, resolve

from tests.guardrails.html import read_page

# Paths the crawl never follows: logging out, the language switch, the static files and the
# Django admin (no demo login is staff).
SKIP_PREFIXES = ("/accounts/logout/", "/i18n/", "/static/", "/admin/")

# A route is visited with at most this many different URLs (persons, months, pages of a
# list…): they share one template, and the crawl must stay fast.
PER_ROUTE = 8

HTML = "text/html"
DOWNLOADS = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass
class Visit:
    url: str
    status: int
    content_type: str
    route: str
    referrer: str
    text: str = ""
    links: list[str] = field(default_factory=list)
    html: str = ""


@dataclass
class Crawl:
    visits: dict[str, Visit] = field(default_factory=dict)
    routes: Counter = field(default_factory=Counter)  # route → URLs visited

    @property
    def pages(self) -> int:
        return len(self.visits)


def route_of(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def same_site(url: str) -> str | None:
    """The path and query of ``url`` when it stays on the site and should be followed."""
    parts = urlsplit(url)
    if parts.scheme not in {"", "http"} or parts.netloc not in {"", "testserver"}:
        return None
    if not parts.path or parts.path.startswith(SKIP_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client: Client, start: str, per_route: int = PER_ROUTE) -> Crawl:
    result = Crawl()
    queue: list[tuple[str, str]] = [(start, "")]
    queued = {start}
    planned: Counter = Counter()  # route → URLs queued or visited
    while queue:
        url, referrer = queue.pop(0)
        route = route_of(urlsplit(url).path) or "?"
        response = client.get(url)
        content_type = response.get("Content-Type", "").split(";")[0]
        visit = Visit(url, response.status_code, content_type, route, referrer)
        result.visits[url] = visit
        result.routes[route] += 1
        targets: list[str] = []
        if response.status_code in {301, 302, 303, 307, 308}:
            targets = [response["Location"]]
        elif content_type == HTML and response.status_code < 500:
            visit.html = response.content.decode()
            page = read_page(visit.html)
            visit.text, visit.links = page.text, page.links
            targets = page.links
        for href in targets:
            target = same_site(urljoin(url, href.split("#")[0]))
            if target is None or target in queued:
                continue
            target_route = route_of(urlsplit(target).path) or "?"
            if planned[target_route] >= per_route:
                continue
            planned[target_route] += 1
            queued.add(target)
            queue.append((target, url))
    return result
