"""Every URL of the statistics × every persona → the status that persona gets: the branch's
readers (secretary, committee) and the committee above see a branch's statistics, a member
does not, another branch does not know it exists; the table of branches is the committee's."""

from __future__ import annotations

import pytest
from django.urls import reverse
from tests.permissions import A, C, LOGIN, M, S, T, X, check, expect, for_every_persona, lazy_url, pk



MATRIX = [
    ("school", "stats:index", expect(LOGIN, 200, 200, 403, 200, 404)),
    ("village", "stats:index", expect(LOGIN, 404, 404, 404, 200, 200)),
    ("town", "stats:index", expect(LOGIN, 404, 404, 404, 200, 404)),
    ("town", "stats:export", expect(LOGIN, 404, 404, 404, 200, 404)),
    # a branch has no table of branches below it
    ("school", "stats:export", expect(LOGIN, 404, 404, 403, 404, 404)),
]
CASES = [
    (org, name, persona, status) for org, name, row in MATRIX for persona, status in row.items()
]


@pytest.mark.parametrize(
    ("org", "name", "persona", "status"), CASES, ids=[f"{o}-{n}-{p}" for o, n, p, _s in CASES]
)
def test_permission_matrix(client_for, village, org, name, persona, status):
    response = client_for(persona).get(reverse(name, kwargs={"org_code": org}))
    assert response.status_code == status
    if status == LOGIN:
        assert "/accounts/login/" in response["Location"]


def test_the_navigation_links_the_statistics_for_those_who_may_see_them(client_for, village):
    url = reverse("stats:index", kwargs={"org_code": "school"})
    for persona, shown in ((S, True), (C, True), (M, False)):
        page = client_for(persona).get(reverse("branch:dashboard", kwargs={"org_code": "school"}))
        assert (f'href="{url}"' in page.content.decode()) is shown, persona
    town = client_for(T).get(reverse("branch:dashboard", kwargs={"org_code": "town"}))
    assert 'href="/o/town/stats/"' in town.content.decode()
