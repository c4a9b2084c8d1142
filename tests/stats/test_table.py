"""The committee's table: sorted by the column asked for (a whitelist; anything else sorts by
name), fifty branches a page, and the same rows as a workbook with no formula in it."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from members import services as member_services
from members.models import Post
from tests.factories import OrganizationFactory


@pytest.fixture
def many(town, school, village):
    """Fifty-three branches below the town; the one named like a formula has a secretary."""
    extra = [
        OrganizationFactory(code=f"b{i:02d}", name=f"第{i:02d}支部", parent=town) for i in range(51)
    ]
    formula = extra[7]
    formula.name = '=HYPERLINK("http://example.invalid")'
    formula.save()
    return extra


def _codes(response):
    return [row.org.code for row in response.context["rows"]]


def test_it_shows_fifty_branches_a_page(client, township_admin, many):
    client.force_login(township_admin)
    url = reverse("stats:index", kwargs={"org_code": "town"})
    first = client.get(url)
    assert len(first.context["rows"]) == 50 and first.context["total"] == 53
    assert "page=2" in first.content.decode()
    second = client.get(url, {"page": 2})
    assert len(second.context["rows"]) == 3
    assert not set(_codes(first)) & set(_codes(second))


def test_it_sorts_by_a_known_column_and_by_name_otherwise(
    client, township_admin, make_person, school, many
):
    elected = datetime.date(timezone.localdate().year - 1, 1, 1)
    term = member_services.committee_term_create(actor=None, org=school, elected_on=elected)
    member_services.committee_post_add(
        actor=None, term=term, person=make_person("甲"), post=Post.SECRETARY, started_on=elected
    )
    client.force_login(township_admin)
    url = reverse("stats:index", kwargs={"org_code": "town"})
    with_secretary_first = client.get(url, {"sort": "-secretary"})
    assert _codes(with_secretary_first)[0] == "school"
    assert with_secretary_first.context["sort"] == "-secretary"
    assert 'aria-sort="descending"' in with_secretary_first.content.decode()
    assert _codes(client.get(url, {"sort": "secretary", "page": 2}))[-1] == "school"
    by_name = client.get(url, {"sort": "name"})
    unknown = client.get(url, {"sort": "pk; DROP TABLE"})
    assert unknown.context["sort"] == "name"
    assert _codes(unknown) == _codes(by_name)


def test_the_workbook_has_the_rows_and_no_formula(client, township_admin, many):
    client.force_login(township_admin)
    response = client.get(reverse("stats:export", kwargs={"org_code": "town"}), {"sort": "name"})
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "党支部" and len(rows) == 1 + 53
    names = [r[0] for r in rows[1:]]
    assert "中心小学党支部" in names and '=HYPERLINK("http://example.invalid")' in names
    for row in sheet.iter_rows(min_row=2):
        assert all(cell.data_type != "f" for cell in row)
        assert isinstance(row[1].value, int) and isinstance(row[2].value, int)
    page = client.get(reverse("stats:index", kwargs={"org_code": "town"}))
    table = {r.org.name: r for r in page.context["page"].paginator.object_list}
    for row in rows[1:]:
        assert row[2] == table[row[0]].short
        assert row[7] == ("是" if table[row[0]].has_secretary else "否")


def test_a_branch_has_no_table_to_download(client, secretary):
    client.force_login(secretary)
    assert client.get(reverse("stats:export", kwargs={"org_code": "school"})).status_code == 404


def test_a_year_that_cannot_be_read_shows_this_year_with_a_message(
    client, secretary, township_admin
):
    this_year = timezone.localdate().year
    client.force_login(secretary)
    page = client.get(reverse("stats:index", kwargs={"org_code": "school"}), {"year": "20x6"})
    assert page.status_code == 200 and page.context["year"] == this_year
    assert "“20x6”不是本支部有记录的年份" in page.content.decode()
    client.force_login(township_admin)
    future = client.get(
        reverse("stats:index", kwargs={"org_code": "town"}), {"year": this_year + 1}
    )
    assert future.context["year"] == this_year
    assert f"“{this_year + 1}”不是本支部有记录的年份" in future.content.decode()
