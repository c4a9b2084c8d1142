"""The pages as a user reads them: what they say in Chinese, what they link to, and that no
markup or internal value leaks into the visible text."""

from __future__ import annotations

import os
import subprocess
import sys
from html.parser import HTMLParser

from django.conf import settings
from django.urls import reverse
from django.utils import timezone


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "title"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "title") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(response) -> str:
    """The text a reader sees on the page, whitespace collapsed."""
    assert response.status_code == 200, response.status_code
    parser = _Text()
    parser.feed(response.content.decode())
    return " ".join(" ".join(parser.parts).split())


def assert_no_markup(text: str) -> None:
    for fragment in ('="', "{%", "{{", "__all__", "data-testid"):
        assert fragment not in text, f"{fragment!r} in the visible text"


# The township's overview of the branches' reports -------------------------------------------


def test_the_report_overview_says_how_many_branches_have_a_final_report(
    client_for, school, village
):
    last_year = timezone.localdate().year - 1
    text = visible_text(client_for("township_admin").get(reverse("reports:index", args=["town"])))
    assert_no_markup(text)
    assert f"2个党支部中已有0个完成{last_year}年度述职报告定稿" in text
    assert text.count("个党支部") == 1


# The site's name ----------------------------------------------------------------------------


def _title_and_brand(response) -> tuple[str, str]:
    html = response.content.decode()
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    brand = html.split('class="brand"', 1)[1].split("</a>", 1)[0]
    return title, brand


def test_the_login_page_is_branded_with_the_site_name_not_the_host(client, db):
    response = client.get(reverse("login"), HTTP_HOST="127.0.0.1")
    title, brand = _title_and_brand(response)
    assert title.endswith("· 支部通") and brand.endswith(">支部通")
    assert "127.0.0.1" not in response.content.decode()


def test_the_password_pages_are_branded_with_the_site_name(client_for):
    client = client_for("member")
    for name in ("password_change", "password_change_done"):
        title, brand = _title_and_brand(client.get(reverse(name), HTTP_HOST="127.0.0.1"))
        assert title.endswith("· 支部通") and brand.endswith(">支部通"), name


# The demo's error pages ---------------------------------------------------------------------

DEMO_REQUESTS = """
import django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
for path in ("/no-such-page/", "/static/css/app.css"):
    response = client.get(path)
    body = b"".join(response) if response.streaming else response.content
    print(response.status_code, len(body))
    if path.startswith("/no"):
        print(body.decode())
"""


def test_a_missing_page_in_the_demo_answers_the_sites_own_404_in_chinese(tmp_path):
    """The demo runs as the product does: no debug page, the stylesheet still served."""
    env = {k: v for k, v in os.environ.items() if k not in {"APP_ENV", "DEBUG", "SECRET_KEY"}}
    env |= {
        "APP_ENV": "demo",
        "DJANGO_SETTINGS_MODULE": "branch.settings",
        "SQLITE_PATH": str(tmp_path / "demo.sqlite3"),
        "ENV_FILE": "",
    }
    result = subprocess.run(
        [sys.executable, "-c", DEMO_REQUESTS],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    status_line, page, css_line = (
        result.stdout.split("\n", 1)[0],
        result.stdout.split("\n", 1)[1].rsplit("\n", 2)[0],
        result.stdout.rstrip("\n").rsplit("\n", 1)[1],
    )
    assert status_line.startswith("404 ")
    assert "<h1>未找到</h1>" in page and "返回工作台" in page
    assert 'class="topbar"' in page, "inside the site's layout"
    assert "Page not found" not in page and "URLconf" not in page
    assert css_line.split()[0] == "200" and int(css_line.split()[1]) > 1000
