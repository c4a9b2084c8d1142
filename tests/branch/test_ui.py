"""The pages as a user reads them: what they say in Chinese, what they link to, and that no
markup or internal value leaks into the visible text."""

from __future__ import annotations

from html.parser import HTMLParser

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
