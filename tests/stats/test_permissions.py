"""Every URL of the statistics × every persona → the status that persona gets: the branch's
readers (secretary, committee) and the committee above see a branch's statistics, a member
does not, another branch does not know it exists; the table of branches is the committee's."""

from __future__ import annotations

from django.urls import reverse

from tests.permissions import (
    LOGIN,
    C,
    M,
    S,
    T,
    check,
    expect,
    for_every_persona,
    lazy_url,
)

MATRIX = [
    ("school index", "get", lazy_url("stats:index", org_code="school"),
     expect(LOGIN, 200, 200, 403, 200, 404)),
    ("village index", "get", lazy_url("stats:index", org_code="village"),
     expect(LOGIN, 404, 404, 404, 200, 200)),
    ("town index", "get", lazy_url("stats:index", org_code="town"),
     expect(LOGIN, 404, 404, 404, 200, 404)),
    ("town export", "get", lazy_url("stats:export", org_code="town"),
     expect(LOGIN, 404, 404, 404, 200, 404)),
    # a branch has no table of branches below it
    ("school export", "get", lazy_url("stats:export", org_code="school"),
     expect(LOGIN, 404, 404, 403, 404, 404)),
]  # fmt: skip


@for_every_persona(MATRIX)
def test_permission_matrix(client_for, village, persona, name, method, url, expected):
    check(client_for(persona), method, url({}), expected, persona, name)


def test_the_navigation_links_the_statistics_for_those_who_may_see_them(client_for, village):
    url = reverse("stats:index", kwargs={"org_code": "school"})
    for persona, shown in ((S, True), (C, True), (M, False)):
        page = client_for(persona).get(reverse("branch:dashboard", kwargs={"org_code": "school"}))
        assert (f'href="{url}"' in page.content.decode()) is shown, persona
    town = client_for(T).get(reverse("branch:dashboard", kwargs={"org_code": "town"}))
    assert 'href="/o/town/stats/"' in town.content.decode()
