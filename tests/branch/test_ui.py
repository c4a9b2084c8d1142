"""The pages as a user reads them: what they say in Chinese, what they link to, and that no
markup or internal value leaks into the visible text."""

from __future__ import annotations

import os
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from branch import services as party_services
from dues import services_bases as dues_bases
from dues.models import DuesCategory


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


# A refused form is announced at the top of the page ------------------------------------------

TODAY = timezone.localdate()


@pytest.fixture
def payers(school, make_person):
    """Two members charged 40 yuan a month this year."""
    people = [make_person(name) for name in ("欧阳建国", "司马红梅")]
    for person in people:
        dues_bases.base_set(
            actor=None,
            org=school,
            person=person,
            year=TODAY.year,
            category=DuesCategory.EMPLOYED,
            base_amount="4000",
        )
    return people


def error_summary(html: str) -> str:
    start = html.index('data-testid="error-summary"')
    return html[start : html.index("</div>", start)]


def test_a_refused_collection_day_is_announced_above_the_month_sheet(client_for, payers):
    url = reverse("dues:month", args=["school", TODAY.year, TODAY.month])
    html = client_for("secretary").post(url, {"paid_on": "", "method": "cash"}).content.decode()
    assert html.index('data-testid="error-summary"') < html.index('data-testid="sheet"')
    notice = error_summary(html)
    assert "请改正下面标出的2处问题" in notice
    assert "请勾选已缴纳党费的党员。" in notice
    # the date is drawn by its form field: the notice leads straight to it
    assert 'href="#id_paid_on"' in notice and 'id="id_paid_on"' in html


def test_a_refused_payment_on_the_account_page_links_to_its_field(client_for, payers):
    person = payers[0]
    url = reverse("dues:person_pay", args=["school", person.pk]) + f"?year={TODAY.year}"
    html = (
        client_for("secretary")
        .post(url, {"months": [], "method": "cash", "paid_on": TODAY.isoformat()})
        .content.decode()
    )
    notice = error_summary(html)
    assert html.index('data-testid="error-summary"') < html.index('id="pay_months"')
    assert 'href="#pay_months"' in notice


def test_a_page_without_a_refused_form_has_no_notice(client_for, payers):
    url = reverse("dues:month", args=["school", TODAY.year, TODAY.month])
    assert 'data-testid="error-summary"' not in client_for("secretary").get(url).content.decode()


# Empty choices and person names --------------------------------------------------------------


def _options(html: str, name: str) -> str:
    start = html.index(f'name="{name}"')
    return html[start : html.index("</select>", start)]


def test_filters_offer_all_and_forms_ask_to_choose_instead_of_dashes(client_for, school):
    party_services.party_group_create(actor=None, org=school, name="第一党小组")
    client = client_for("secretary")
    roster = client.get(reverse("members:index", args=["school"])).content.decode()
    for name in ("stage", "category", "group", "standing"):
        assert '<option value="" selected>全部</option>' in _options(roster, name), name
    meeting_form = client.get(reverse("meetings:create", args=["school"])).content.decode()
    assert '<option value="" selected>请选择</option>' in _options(meeting_form, "host")
    person_form = client.get(reverse("members:person_create", args=["school"])).content.decode()
    assert '<option value="" selected>请选择</option>' in _options(person_form, "gender")
    for html in (roster, meeting_form, person_form):
        assert "---------" not in html


def test_a_form_keeps_the_empty_choice_it_names_itself(client_for, school, make_person):
    person = make_person("赵党员")
    html = (
        client_for("secretary")
        .get(reverse("members:group_assign", args=["school", person.pk]))
        .content.decode()
    )
    assert '<option value="" selected>（不编入党小组）</option>' in _options(html, "party_group")


def test_people_are_labelled_with_their_full_name(client_for, school, make_person):
    make_person("钱党员")
    client = client_for("secretary")
    roster = visible_text(client.get(reverse("members:index", args=["school"])))
    assert "姓名" in roster and "名称" not in roster
    form = visible_text(client.get(reverse("members:person_create", args=["school"])))
    assert "姓名" in form and "名称" not in form


# Pages a user can reach ----------------------------------------------------------------------


def test_a_member_reaches_their_democratic_review_from_the_dashboard_and_their_meetings(
    client_for,
):
    client = client_for("member")
    my_review = reverse("meetings:my_review", args=["school"])
    dashboard = client.get(reverse("branch:dashboard", args=["school"])).content.decode()
    assert f'href="{my_review}"' in dashboard
    my_meetings = client.get(reverse("meetings:mine", args=["school"])).content.decode()
    assert f'href="{my_review}"' in my_meetings
    review = client.get(my_review).content.decode()
    assert f'href="{reverse("meetings:mine", args=["school"])}"' in review


def _sections(html: str) -> str:
    start = html.index('class="sections"')
    return html[start : html.index("</nav>", start)]


def test_the_notifications_page_highlights_its_own_link_and_no_section(client_for):
    client = client_for("secretary")
    client.get(reverse("branch:dashboard", args=["school"]))  # the session's organisation
    html = client.get(reverse("branch:notifications")).content.decode()
    assert "aria-current" not in _sections(html)
    bell = html[html.index('class="bell"') :].split(">", 1)[0]
    assert 'aria-current="page"' in bell
    settings_page = client.get(reverse("branch:settings", args=["school"])).content.decode()
    assert 'aria-current="page">组织设置<' in _sections(settings_page)


def test_a_filter_with_a_mistake_is_not_announced_twice(client_for, school):
    url = reverse("members:index", args=["school"]) + "?as_of=not-a-date"
    html = client_for("secretary").get(url).content.decode()
    assert 'role="alert"' in html  # the roster says so beside its filters
    assert 'data-testid="error-summary"' not in html
