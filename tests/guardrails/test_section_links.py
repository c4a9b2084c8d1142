"""The pages of a section are reached from its list page: the pipeline board from the roster,
talks and the democratic review from the meetings list. Before, only the report editor's
sources linked them, so the committee and the township had no way there."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.guardrails.html import read_page


@pytest.mark.parametrize(
    ("page", "target"),
    [
        ("members:index", "members:pipeline"),
        ("meetings:index", "meetings:talks"),
        ("meetings:index", "meetings:reviews"),
    ],
)
@pytest.mark.parametrize("persona", ["committee_member", "township_admin"])
def test_a_section_list_links_to_its_other_pages(client_for, school, persona, page, target):
    client = client_for(persona)
    response = client.get(reverse(page, args=[school.code]))
    assert response.status_code == 200
    href = reverse(target, args=[school.code])
    links = [h.split("?")[0] for h in read_page(response.content.decode()).links]
    assert href in links
    assert client.get(href).status_code == 200
