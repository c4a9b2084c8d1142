"""The year pages of the dues link only to years that have a page: the next year of the
latest year and the year before the first one answered 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dues.views_common import FIRST_YEAR, latest_year
from tests.guardrails.html import read_page


@pytest.mark.parametrize("route", ["dues:bases", "dues:summary"])
@pytest.mark.parametrize("year", [FIRST_YEAR, latest_year()])
def test_a_year_page_links_only_to_years_that_open(client, secretary, school, route, year):
    client.force_login(secretary)
    response = client.get(reverse(route, args=[school.code, year]))
    assert response.status_code == 200
    own_pages = reverse(route, args=[school.code, 2000]).removesuffix("2000/")
    links = [h for h in read_page(response.content.decode()).links if h.startswith(own_pages)]
    assert links, "the page links to a neighbouring year"
    for href in links:
        assert client.get(href).status_code == 200, href
