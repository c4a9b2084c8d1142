"""How the pages lay out in a real browser engine: the test client fetches a page, headless
Chromium draws it with the site's stylesheet, and the test measures what a reader would see."""

from __future__ import annotations

import datetime
import shutil

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from branch import services as party_services
from dues import services_bases as dues_bases
from dues.models import DuesCategory
from meetings import services as meeting_services
from meetings.models import Kind
from members import services as member_services

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed"),
]

TODAY = timezone.localdate()
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# long enough to wrap one character a line in a squeezed column
NAMES = ("欧阳建国", "司马红梅", "诸葛明远", "上官婉清", "东方一鸣")


def with_stylesheet(html: str) -> str:
    """The page as served, with the stylesheet and the script inlined so no server is needed
    to draw it."""
    css = "\n".join(
        (settings.BASE_DIR / "static" / "css" / name).read_text() for name in ("app.css",)
    )
    link = '<link rel="stylesheet" href="/static/css/app.css">'
    assert link in html
    js = (settings.BASE_DIR / "static" / "js" / "app.js").read_text()
    script = '<script src="/static/js/app.js" defer></script>'
    assert script in html
    return html.replace(link, f"<style>{css}</style>").replace(script, f"<script>{js}</script>")


def draw(pages: dict[str, tuple], script: str = "") -> dict[str, object]:
    """Draws each page, ``(html, viewport[, script])``, in one browser and returns what the
    page's script (else ``script``) measures on it."""
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"],
        )
        try:
            for key, (html, viewport, *own) in pages.items():
                page = browser.new_page(viewport=viewport)
                page.set_content(with_stylesheet(html))
                results[key] = page.evaluate(own[0] if own else script)
                page.close()
        finally:
            browser.close()
    return results


@pytest.fixture
def branch_with_dues(school, make_person):
    groups = [
        party_services.party_group_create(
            actor=None,
            org=school,
            name=name,
            established_on=datetime.date(TODAY.year - 2, 1, 1),
        )
        for name in ("教师第一党小组", "离退休教师党小组")
    ]
    for i, name in enumerate(NAMES):
        person = make_person(name)
        member_services.group_assign(
            actor=None,
            org=school,
            person=person,
            party_group=groups[i % 2],
            joined_on=datetime.date(TODAY.year - 2, 1, 1),
        )
        dues_bases.base_set(
            actor=None,
            org=school,
            person=person,
            year=TODAY.year,
            category=DuesCategory.EMPLOYED,
            base_amount="12345.60",
        )
    meeting_services.meeting_record(
        actor=None, org=school, kind=Kind.THEME_DAY, held_on=TODAY, topic="主题党日"
    )
    return school


def fetch(client, name: str, *args) -> str:
    response = client.get(reverse(name, args=["school", *args]))
    assert response.status_code == 200
    return response.content.decode()


# Every numeric column: the number and its heading on the same side -------------------------

NUMERIC_COLUMNS = """() => {
  const found = [];
  for (const table of document.querySelectorAll("table")) {
    const heads = table.querySelectorAll("thead th");
    for (const row of table.querySelectorAll("tbody tr")) {
      row.querySelectorAll("td").forEach((cell, i) => {
        if (!cell.classList.contains("num")) return;
        const head = heads[i];
        found.push({
          table: table.dataset.testid || "",
          cell: getComputedStyle(cell).textAlign,
          head: head ? getComputedStyle(head).textAlign : "none",
          headRight: head ? Math.round(head.getBoundingClientRect().right
                      - parseFloat(getComputedStyle(head).paddingRight)) : 0,
          textRight: (() => {
            const range = document.createRange();
            range.selectNodeContents(cell);
            return Math.round(range.getBoundingClientRect().right);
          })(),
        });
      });
    }
  }
  return found;
}"""


def test_numbers_and_their_headings_are_right_aligned_in_every_numeric_table(
    client_for, branch_with_dues
):
    client = client_for("secretary")
    pages = {
        "month": (fetch(client, "dues:month", TODAY.year, TODAY.month), DESKTOP),
        "summary": (fetch(client, "dues:summary", TODAY.year), DESKTOP),
        "home": (fetch(client, "dues:index"), DESKTOP),
        "meetings": (fetch(client, "meetings:index"), DESKTOP),
    }
    for key, cells in draw(pages, NUMERIC_COLUMNS).items():
        assert cells, f"{key}: no numeric column drawn"
        for cell in cells:
            assert cell["cell"] == "right" and cell["head"] == "right", (key, cell)
            # the figures end where their heading ends
            assert abs(cell["textRight"] - cell["headRight"]) <= 2, (key, cell)


# Names stay on one line; a wide table scrolls inside its box --------------------------------

NAME_LINES = """() => {
  const lines = (el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
    return tops.size;
  };
  const names = %s;
  const cells = [...document.querySelectorAll("td, th")].filter(
    (el) => names.includes(el.textContent.trim().split(/\\s/)[0]));
  return {
    cells: cells.length,
    wrapped: cells.filter((el) => lines(el.querySelector("a, label") || el) > 1)
                  .map((el) => el.textContent.trim()),
    pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
  };
}"""


def test_names_stay_on_one_line_on_the_bases_page_and_the_phone_calendars(
    client_for, branch_with_dues
):
    client = client_for("secretary")
    group_names = ["教师第一党小组", "离退休教师党小组"]
    bases = fetch(client, "dues:bases", TODAY.year)
    people, groups = NAME_LINES % list(NAMES), NAME_LINES % group_names
    pages = {
        "bases-desktop": (bases, DESKTOP, people),
        "bases-tablet": (bases, {"width": 800, "height": 900}, people),
        "calendar-phone": (fetch(client, "meetings:calendar"), PHONE, groups),
    }
    township = client_for("township_admin").get(reverse("meetings:calendar", args=["town"]))
    branches = NAME_LINES % ["中心小学党支部", "青山村党支部"]
    pages["township-phone"] = (township.content.decode(), PHONE, branches)
    results = draw(pages)
    for key, result in results.items():
        assert result["cells"] >= 2, (key, result)
        assert result["wrapped"] == [], (key, result)
        # the table scrolls inside its container; the page itself does not
        assert result["pageOverflow"] <= 0, (key, result)


# Stacked tables on a phone -------------------------------------------------------------------

STACKED_VALUES = """() => {
  const rows = [];
  for (const row of document.querySelectorAll("table.stack tbody tr")) {
    const lefts = [];
    for (const cell of row.querySelectorAll("td[data-label]")) {
      if (!cell.textContent.trim() && !cell.querySelector("input, select")) continue;
      const range = document.createRange();
      range.selectNodeContents(cell);
      const box = range.getBoundingClientRect();
      if (box.width) lefts.push(Math.round(box.left));
    }
    rows.push(lefts);
  }
  return {rows, pageOverflow: document.documentElement.scrollWidth - window.innerWidth};
}"""

SHEET_ROWS = """() => [...document.querySelectorAll("[data-testid=sheet] tbody tr")].map((row) => {
  const top = (el) => Math.round(el.getBoundingClientRect().top);
  return {name: top(row.querySelector("td.who")), link: top(row.querySelector("td.more")),
          height: Math.round(row.getBoundingClientRect().height)};
})"""


def test_stacked_rows_on_a_phone_line_their_values_up_under_one_label_width(
    client_for, branch_with_dues
):
    client = client_for("secretary")
    pages = {
        "roster": (fetch(client, "members:index"), PHONE),
        "bases": (fetch(client, "dues:bases", TODAY.year), PHONE),
    }
    for key, result in draw(pages, STACKED_VALUES).items():
        assert result["pageOverflow"] <= 0, key
        assert result["rows"], key
        for lefts in result["rows"]:
            assert len(lefts) >= 3 and max(lefts) - min(lefts) <= 1, (key, lefts)


def test_the_month_sheet_on_a_phone_keeps_each_member_on_two_short_lines(
    client_for, branch_with_dues
):
    html = fetch(client_for("secretary"), "dues:month", TODAY.year, TODAY.month)
    rows = draw({"sheet": (html, PHONE)}, SHEET_ROWS)["sheet"]
    assert len(rows) == len(NAMES)
    for row in rows:
        assert abs(row["name"] - row["link"]) <= 4, row
        assert row["height"] < 90, row


def test_the_current_section_tab_is_in_view_on_a_phone(client_for, school):
    html = fetch(client_for("secretary"), "branch:settings")
    script = """() => {
      const tab = document.querySelector(".sections [aria-current]").getBoundingClientRect();
      return {left: tab.left, right: tab.right, width: window.innerWidth, top: window.scrollY};
    }"""
    tab = draw({"settings": (html, PHONE, script)})["settings"]
    assert tab["left"] >= 0 and tab["right"] <= tab["width"], tab
    assert tab["top"] == 0, "the page itself stays at the top"
