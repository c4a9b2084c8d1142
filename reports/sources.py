"""The records each section of the report is written from, as links for the editor: the
secretary opens them to check a figure before signing."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from branch.models import Organization

ROSTER = (_("Roster"), "members:index", "")
MEETINGS = (_("Meetings and activities"), "meetings:index", "query")

# section key -> [(label, url name, where the year goes: "query", "path" or nowhere)]
SOURCES: dict[str, list[tuple[str, str, str]]] = {
    "basics": [
        ROSTER,
        (_("Committee"), "members:committee", ""),
        (_("Honours"), "branch:honors", ""),
    ],
    "org_life": [(_("Compliance calendar"), "meetings:calendar", "query"), MEETINGS],
    "study": [MEETINGS],
    "development": [(_("Development pipeline"), "members:pipeline", ""), ROSTER],
    "dues": [(_("Year summary"), "dues:summary", "path")],
    "transfers": [(_("Transfers"), "members:transfers", ""), ROSTER],
    "review_talks": [
        (_("Democratic review"), "meetings:reviews", ""),
        (_("Talks"), "meetings:talks", ""),
    ],
    "activities": [MEETINGS],
    "integrity": [MEETINGS],
    "public": [(_("Public affairs"), "notices:index", "")],
}


def section_sources(key: str, org: Organization, year: int) -> list[dict[str, str]]:
    """``[{label, url}]`` of the pages holding the records section ``key`` is written from."""
    links = []
    for label, name, year_in in SOURCES.get(key, []):
        try:
            if year_in == "path":
                url = reverse(name, kwargs={"org_code": org.code, "year": year})
            else:
                url = reverse(name, kwargs={"org_code": org.code})
                if year_in == "query":
                    url += f"?year={year}"
        except NoReverseMatch:
            continue  # that app's pages are not installed
        links.append({"label": str(label), "url": url})
    return links
