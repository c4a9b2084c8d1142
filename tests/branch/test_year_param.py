"""One year parser for addresses (branch.dates.parse_year): a year out of range is answered
inside the site's layout with the years on offer, never silently nor on a bare page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.models import AnnualReport

THIS_YEAR = timezone.localdate().year
RANGE = "1921年至"


@pytest.mark.parametrize(
    "name",
    ["meetings:calendar", "meetings:talks", "dues:index"],
)
def test_a_year_out_of_range_is_named_with_the_years_on_offer(client_for, name):
    client = client_for("secretary")
    response = client.get(reverse(name, args=["school"]), {"year": "1800"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "“1800”" in html and RANGE in html
    assert 'class="messages"' in html  # inside the layout, as a message of the page


def test_a_good_year_gives_no_message(client_for):
    client = client_for("secretary")
    response = client.get(reverse("meetings:calendar", args=["school"]), {"year": THIS_YEAR})
    assert RANGE not in response.content.decode()


def test_the_report_of_a_year_out_of_range_is_refused_with_the_range(client_for):
    client = client_for("secretary")
    response = client.get(reverse("reports:editor", args=["school", 1800]), follow=True)
    assert response.status_code == 200
    assert RANGE in response.content.decode()
    response = client.get(reverse("reports:editor", args=["school", THIS_YEAR + 1]), follow=True)
    assert f"至{THIS_YEAR}年" in response.content.decode()
    assert not AnnualReport.objects.exists()


def test_the_export_of_1800_answers_inside_the_layout(client_for):
    client = client_for("secretary")
    response = client.get(reverse("branch:export", args=["school"]), {"year": "1800"})
    html = response.content.decode()
    assert "<nav" in html or 'class="messages"' in html or "<main" in html
    assert RANGE in html
