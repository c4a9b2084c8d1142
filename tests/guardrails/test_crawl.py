"""Guard rail 5: every demo login, following every link reachable from its dashboard, meets
only working pages in Chinese.

The crawl (``tests/guardrails/crawl.py``) starts at ``/``, follows ``<a href>`` on the site
with GET only, and visits each route with a bounded number of different URLs. Each login is
crawled once per module; the tests below read the result.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from branch.models import Organization
from tests.guardrails.conftest import DEMO_LOGINS
from tests.guardrails.crawl import DOWNLOADS, HTML, Crawl, crawl

pytestmark = pytest.mark.django_db

LOGINS = list(DEMO_LOGINS)

# Text that shows a template or markup leaking into the page.
FRAGMENTS = ['="', "{%", "%}", "{{", "}}", "__all__", "&lt;", "&gt;", "&amp;", "<", ">"]

# English that may stand in Chinese text: file formats and products named as such, units.
ALLOWED_WORDS = {
    "PDF", "Word", "Excel", "PowerPoint", "JPG", "JPEG", "PNG", "xlsx", "docx", "pdf", "MB", "KB",
}  # fmt: skip
# Example codes in help text (an organisation's code is an ASCII slug by design).
ALLOWED_PHRASES = ["town-school"]
ENGLISH = re.compile(r"[A-Za-z][A-Za-z_]{2,}")

# Named pages each login must reach by links from its dashboard (URL name → logins).
SECRETARY, COMMITTEE, MEMBER, TOWNSHIP, OUTSIDER = (
    "secretary",
    "committee",
    "member",
    "township",
    "outsider",
)
BRANCH_STAFF = {SECRETARY, COMMITTEE, OUTSIDER}
READERS = BRANCH_STAFF | {TOWNSHIP}  # may read the whole branch
EVERYONE = READERS | {MEMBER}
MEANT_FOR = {
    "branch:dashboard": EVERYONE,
    "branch:notifications": EVERYONE,
    "password_change": EVERYONE,
    "branch:honors": EVERYONE,
    "branch:settings": READERS,
    "branch:export": READERS,
    "branch:roles": {SECRETARY, OUTSIDER, TOWNSHIP},
    "branch:audit": {SECRETARY, OUTSIDER, TOWNSHIP},
    "branch:import": {SECRETARY, OUTSIDER},
    "branch:group_create": {SECRETARY, OUTSIDER},
    "branch:group_update": {SECRETARY, OUTSIDER},
    "branch:honor_create": {SECRETARY, OUTSIDER},
    "branch:honor_update": {SECRETARY, OUTSIDER},
    "branch:organization_create": {TOWNSHIP},
    "members:index": READERS,
    "members:person": READERS,
    "members:me": {MEMBER},
    "members:committee": READERS,
    "members:transfers": READERS,
    "members:person_create": BRANCH_STAFF,
    "members:person_update": BRANCH_STAFF,
    "members:status_change": BRANCH_STAFF,
    "members:group_assign": BRANCH_STAFF,
    "members:transfer_in": BRANCH_STAFF,
    "members:transfer_out": BRANCH_STAFF,
    "members:pipeline": BRANCH_STAFF | {TOWNSHIP},
    "members:step_record": BRANCH_STAFF,
    "meetings:index": READERS,
    "meetings:detail": EVERYONE,
    "meetings:calendar": READERS,
    "meetings:mine": EVERYONE - {TOWNSHIP},
    "meetings:create": BRANCH_STAFF,
    "meetings:update": BRANCH_STAFF,
    "meetings:attendance": BRANCH_STAFF,
    "meetings:decision_create": BRANCH_STAFF,
    "meetings:attachment_add": BRANCH_STAFF,
    "meetings:talks": READERS,
    "meetings:talk_create": BRANCH_STAFF,
    "meetings:reviews": READERS,
    # the village holds no democratic review in the demo: nothing to link for its secretary
    "meetings:review": READERS - {OUTSIDER},
    "meetings:my_review": {MEMBER},
    "dues:index": READERS,
    "dues:month": READERS,
    "dues:month_xlsx": READERS,
    "dues:bases": READERS,
    "dues:calculator": READERS,
    "dues:person": READERS,
    "dues:summary": READERS,
    "dues:summary_xlsx": READERS,
    "dues:notice": EVERYONE,
    "dues:notice_xlsx": EVERYONE,
    "dues:mine": EVERYONE - {TOWNSHIP},
    "reports:index": READERS,
    "reports:editor": {SECRETARY, OUTSIDER},
    "reports:preview": {SECRETARY, OUTSIDER},
    "notices:index": EVERYONE,
    "notices:detail": EVERYONE - {OUTSIDER},  # the village has published nothing
    "notices:pdf": EVERYONE - {OUTSIDER},
    "notices:propose": BRANCH_STAFF,
    "notices:create": BRANCH_STAFF,
    "notices:update": {SECRETARY, COMMITTEE},  # the school's draft
    "notices:publish": {SECRETARY},
    "notices:withdraw": {SECRETARY},
    "notices_public:index": EVERYONE - {TOWNSHIP},
    "notices_public:detail": EVERYONE - {TOWNSHIP, OUTSIDER},
}


@pytest.fixture(scope="module")
def crawls(demo, django_db_blocker):
    """Each login's crawl, made on first use and kept for the module."""
    done: dict[str, Crawl] = {}

    def get(login: str) -> Crawl:
        if login not in done:
            with django_db_blocker.unblock():
                client = Client(raise_request_exception=False)
                client.force_login(demo[login])
                done[login] = crawl(client, "/")
        return done[login]

    yield get
    # The figures guard rail 5 reports: shown with ``pytest -s``.
    print("\npages crawled per login:", ", ".join(f"{k} {v.pages}" for k, v in done.items()))


def _where(crawl_: Crawl, url: str) -> str:
    visit = crawl_.visits[url]
    return f"{url} (linked from {visit.referrer or 'the start'})"


def _snippet(text: str, start: int, end: int) -> str:
    return text[max(0, start - 30) : end + 30]


@pytest.mark.parametrize("login", LOGINS)
def test_the_crawl_reaches_the_pages_of_each_login(crawls, login):
    result = crawls(login)
    print(f"\n{login}: {result.pages} pages crawled")
    assert result.pages >= 20, sorted(result.routes)


@pytest.mark.parametrize("login", LOGINS)
def test_no_page_answers_a_server_error(crawls, login):
    result = crawls(login)
    broken = [_where(result, v.url) for v in result.visits.values() if v.status >= 500]
    assert not broken, f"{login}: server errors on\n" + "\n".join(broken)


@pytest.mark.parametrize("login", LOGINS)
def test_no_link_leads_to_a_page_the_login_may_not_open(crawls, login):
    result = crawls(login)
    dead = [
        f"{v.status} {_where(result, v.url)}"
        for v in result.visits.values()
        if 400 <= v.status < 500
    ]
    assert not dead, f"{login}: links to pages that refuse\n" + "\n".join(dead)


@pytest.mark.parametrize("login", LOGINS)
def test_downloads_answer_their_file_type(crawls, login):
    result = crawls(login)
    wrong = []
    for visit in result.visits.values():
        suffix = next((s for s in DOWNLOADS if visit.url.split("?")[0].endswith(s)), None)
        if suffix and (visit.status != 200 or visit.content_type != DOWNLOADS[suffix]):
            wrong.append(f"{visit.status} {visit.content_type} {_where(result, visit.url)}")
        elif (
            not suffix
            and visit.status == 200
            and visit.content_type != HTML
            and not visit.content_type.startswith("image/")
        ):
            wrong.append(f"{visit.content_type} {_where(result, visit.url)}")
    assert not wrong, f"{login}: downloads with the wrong status or type\n" + "\n".join(wrong)


@pytest.mark.parametrize("login", LOGINS)
def test_no_page_shows_markup_or_template_fragments(crawls, login):
    result = crawls(login)
    leaks = []
    for visit in result.visits.values():
        for fragment in FRAGMENTS:
            at = visit.text.find(fragment)
            if at >= 0:
                snippet = _snippet(visit.text, at, at + len(fragment))
                leaks.append(f"{fragment!r} in {visit.url}: …{snippet}…")
    assert not leaks, f"{login}: visible markup\n" + "\n".join(leaks)


def _demo_identifiers() -> list[str]:
    """Names the demo itself writes in ASCII: organisation codes (also inside receipt numbers),
    login names and e-mail addresses, longest first."""
    codes = list(Organization.objects.values_list("code", flat=True))
    users = get_user_model().objects.values_list("username", "email")
    names = [n for pair in users for n in pair if n]
    return sorted(set(codes) | set(names), key=len, reverse=True)


@pytest.mark.parametrize("login", LOGINS)
def test_no_page_shows_english_words(crawls, login, django_db_blocker):
    result = crawls(login)
    with django_db_blocker.unblock():
        identifiers = _demo_identifiers()
    logins = {n for n in identifiers if re.fullmatch(r"[a-z]+", n)}
    found: dict[str, str] = {}
    for visit in result.visits.values():
        text = visit.text
        for phrase in ALLOWED_PHRASES:
            text = text.replace(phrase, " ")
        for ident in identifiers:
            if ident not in logins:
                text = text.replace(ident, " ")
        # A login name is the demo's own word only where it stands alone (a table cell).
        if logins:
            text = re.sub(rf"(?:^| )(?:{'|'.join(logins)})(?= |$)", " ", text)
        for match in ENGLISH.finditer(text):
            word = match.group()
            if word not in ALLOWED_WORDS and word not in found:
                found[word] = f"{visit.url}: …{_snippet(text, match.start(), match.end())}…"
    assert not found, f"{login}: English words\n" + "\n".join(
        f"{w!r} on {where}" for w, where in found.items()
    )


@pytest.mark.parametrize("login", LOGINS)
def test_every_page_meant_for_the_login_is_linked(crawls, login):
    result = crawls(login)
    reached = {v.route for v in result.visits.values() if v.status < 400}
    missing = sorted(name for name, logins in MEANT_FOR.items() if login in logins)
    missing = [name for name in missing if name not in reached]
    assert not missing, f"{login}: no link leads to " + ", ".join(missing)
