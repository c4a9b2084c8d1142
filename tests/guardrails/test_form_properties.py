"""Guard rail 6, the forms: every form a login may use, posted with generated values (empty,
huge, unicode, negative, out-of-range dates, wrong choices, wrong types), never answers 5xx;
a refused submission writes nothing and answers 200 with the form and a Chinese message.

The forms are found, not listed: a short crawl of the demo as the secretary and as the
township collects every POST form on the pages they reach, and a test checks that every view
of the URL conf that takes POST is among them (or named below with the reason it is not).
"""

from __future__ import annotations

import datetime
import os
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from branch.models import Organization
from tests.guardrails.crawl import crawl, route_of
from tests.guardrails.html import Field, Form, read_errors, read_forms

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FORM_EXAMPLES", "15"))
# The demo as it stands on 30 November of the run's year: this year's democratic review is
# open (it opens at the 20 November meeting), so every form of the site is on some page.
DEMO_DAY = (11, 30)
EXAMPLES_RUN: dict[str, int] = {}

# POST views no crawl reaches through a form of its own, and why.
NOT_FOUND_HERE = {
    "logout": "logging out is not a form to fill",
    "set_language": "the language switch only sets a cookie",
    "branch:import_confirm": "confirms a workbook preview kept in the session",
    "branch:notification_read": "one button, no fields",
    "branch:notifications_read_all": "one button, no fields",
    "members:photo": "serves a file",
    "login": "a form for the anonymous, tested with the login page",
    "password_reset": "a form for the anonymous",
    "password_reset_confirm": "a form for the anonymous, behind a token",
    "members:return_slip": "shown only for a transfer awaiting its return slip; none in the demo",
    "reports:reopen": "shown only on a finalised report; none in the demo",
    "meetings:sign_in_screen": "shown only for a meeting held today; tests/meetings/test_sign_in*",
    "meetings:sign_in": "a phone's page behind a signed code; tests/meetings/test_sign_in*",
}

CJK = re.compile(r"[\u4e00-\u9fff]")
ASCII_WORD = re.compile(r"[A-Za-z]{3,}")
# English a Chinese message may hold: file formats named as such, the format of a month.
# "Email" is how Django's own Chinese catalogue writes it.
ALLOWED_IN_MESSAGES = re.compile(
    r"PDF|Word|PowerPoint|Excel|JPG|JPEG|PNG|DOCX?|XLSX?|PPTX?|HEIC|xlsx|docx|Email|YYYY-MM(-DD)?"
)


@dataclass
class FoundForm:
    login: str
    page: str
    action: str
    form: Form


@pytest.fixture(scope="module")
def found_forms(demo, django_db_blocker) -> dict[str, FoundForm]:
    """Route name → the first POST form found for it, with the login that saw it."""
    found: dict[str, FoundForm] = {}
    with django_db_blocker.unblock():
        for login in ("secretary", "township"):
            client = Client(raise_request_exception=False)
            client.force_login(demo[login])
            # a few pages of each kind: enough to meet a meeting that takes decisions and a
            # review also on 1 January, when this year's lists are still empty
            for visit in crawl(client, "/", per_route=4).visits.values():
                if visit.status != 200 or not visit.html:
                    continue
                for form in read_forms(visit.html):
                    if form.method != "post":
                        continue
                    action = urlsplit(urljoin(visit.url, form.action or visit.url)).path
                    route = route_of(action)
                    if route and route not in found and route not in NOT_FOUND_HERE:
                        found[route] = FoundForm(login, visit.url, action, form)
    yield found
    print(
        f"\nforms posted: {len(EXAMPLES_RUN)}, hypothesis examples run: "
        f"{sum(EXAMPLES_RUN.values())} ("
        + ", ".join(f"{k} {v}" for k, v in sorted(EXAMPLES_RUN.items()))
        + ")"
    )


def post_routes() -> set[str]:
    """Every named route of the URL conf whose view accepts POST."""
    names: set[str] = set()

    def walk(patterns, prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, f"{prefix}{p.namespace}:" if p.namespace else prefix)
            elif isinstance(p, URLPattern) and p.name:
                view = getattr(p.callback, "view_class", None)
                if view is not None:
                    if hasattr(view, "post") and "post" in view.http_method_names:
                        names.add(prefix + p.name)
                # a function view does not say which methods it takes: count those whose
                # docstring names POST, and the notification buttons
                elif "POST" in (getattr(p.callback, "__doc__", "") or "") or p.name.endswith(
                    ("_read", "read_all")
                ):
                    names.add(prefix + p.name)

    walk(get_resolver().url_patterns, "")
    return {n for n in names if not n.startswith("admin:")}


def test_every_form_of_the_url_conf_is_found(found_forms):
    missing = sorted(post_routes() - set(found_forms) - set(NOT_FOUND_HERE))
    assert not missing, "POST views whose form no page shows to the secretary or township: " + (
        ", ".join(missing)
    )


# Generated values ----------------------------------------------------------------------------

TODAY = timezone.localdate()
HUGE = "长" * 5000
TEXT = st.one_of(
    st.just(""),
    st.text(max_size=40),
    st.just(HUGE),
    st.just("-1"),
    st.just("abcdefg"),
    st.just('<b>x</b> {{ x }} {% if %} ="'),
    st.sampled_from(["张三", "  ", "0", "9" * 30, "１２３"]),
)
DATES = st.one_of(
    st.just(""),
    st.just("1800-01-01"),
    st.just("9999-12-31"),
    st.just("2025-13-45"),
    st.just("abc"),
    st.just("-1"),
    st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)).map(str),
    st.just(TODAY.isoformat()),
)
MONTHS = st.one_of(
    st.just(""),
    st.just("1800-01"),
    st.just("9999-12"),
    st.just("2026-13"),
    st.just("abc"),
    st.just(TODAY.strftime("%Y-%m")),
    st.dates(datetime.date(1990, 1, 1), datetime.date(2040, 12, 31)).map(
        lambda d: d.strftime("%Y-%m")
    ),
)
NUMBERS = st.one_of(
    st.just(""),
    st.integers(-1000, 100_000).map(str),
    st.just("99999999999999999999"),
    st.just("1.5"),
    st.just("-0.01"),
    st.just("abc"),
    st.just("1e9"),
    st.just("NaN"),
)
TIMES = st.one_of(st.just(""), st.just("25:61"), st.just("09:30"), st.just("abc"))
BOGUS_CHOICE = st.sampled_from(["not-a-choice", "-1", "999999", "", "abc"])
FILES = st.one_of(
    st.none(),
    st.tuples(
        st.sampled_from(["a.pdf", "a.txt", "a.xlsx", "a.jpg", "a.docx", "a"]),
        st.binary(max_size=200),
    ),
)


def _choices(field: Field) -> list[str]:
    return [o for o in field.options] or [field.value]


def value_for(field: Field, same_name: list[Field]):
    """The strategy for one field name: mostly the value a browser would send, else a
    generated one of the field's kind or of a wrong kind."""
    default = field.value
    wrong_type = st.one_of(TEXT, NUMBERS, DATES)
    kind = field.kind
    if (kind in {"checkbox", "radio"} and len(same_name) > 1) or kind == "select-multiple":
        values = [f.value for f in same_name] if kind != "select-multiple" else field.options
        checked = [f.value for f in same_name if f.checked] or []
        if kind == "radio":
            return st.one_of(st.sampled_from(values), BOGUS_CHOICE, st.just(checked or ""))
        return st.one_of(
            st.just(checked),
            st.lists(st.sampled_from(values), max_size=len(values), unique=True),
            st.lists(BOGUS_CHOICE, max_size=2),
        )
    if kind == "checkbox":
        return st.one_of(
            st.just(default if field.checked else None), st.just(default or "on"), st.none()
        )
    if kind == "radio":
        return st.one_of(st.just(default), BOGUS_CHOICE)
    if kind == "select":
        return st.one_of(st.just(default), st.sampled_from(_choices(field)), BOGUS_CHOICE)
    if kind == "file":
        return FILES
    generated = {
        "date": DATES,
        "month": MONTHS,
        "number": NUMBERS,
        "time": TIMES,
        "hidden": st.one_of(st.just(default), BOGUS_CHOICE, NUMBERS),
    }.get(kind, TEXT)
    return st.one_of(st.just(default), generated, wrong_type)


def draw_submission(data, form: Form) -> dict:
    by_name: dict[str, list[Field]] = {}
    for f in form.fields:
        if f.name != "csrfmiddlewaretoken":
            by_name.setdefault(f.name, []).append(f)
    submission = {}
    for name, fields in by_name.items():
        value = data.draw(value_for(fields[0], fields), label=name)
        if value is None or value == []:
            continue
        if isinstance(value, tuple):
            value = SimpleUploadedFile(value[0], value[1])
        submission[name] = value
    return submission


def row_counts() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.managed and not m._meta.proxy and m._meta.label != "sessions.Session"
    }


def _old_dates(submission: dict, form: Form) -> list[str]:
    dated = {f.name for f in form.fields if f.kind in {"date", "month"}}
    return [
        f"{k}={v}"
        for k, v in submission.items()
        if k in dated and isinstance(v, str) and re.fullmatch(r"1[0-8]\d\d-\d\d(-\d\d)?", v)
    ]


def without_echoes(message: str, submission: dict, codes: list[str]) -> str:
    """The message without what the user typed (a message may quote it), the organisation
    codes (inside receipt numbers) and the English it may hold."""
    echoes = [v for v in submission.values() if isinstance(v, str) and v.strip()]
    echoes += [x for v in submission.values() if isinstance(v, list) for x in v]
    echoes += [v.name for v in submission.values() if isinstance(v, SimpleUploadedFile)]
    for text in sorted(echoes + codes, key=len, reverse=True):
        message = message.replace(text, " ")
    return ALLOWED_IN_MESSAGES.sub(" ", message)


# Every POST route of the URL conf, except those named in NOT_FOUND_HERE.
ROUTES = sorted(post_routes() - set(NOT_FOUND_HERE))


@pytest.mark.parametrize("route", ROUTES)
def test_generated_submissions_never_fail_and_refusals_write_nothing(found_forms, demo, route):
    if route not in found_forms:
        pytest.fail(f"no page shows the form of {route}: see the crawl tests")
    found = found_forms[route]
    client = Client(raise_request_exception=False)
    client.force_login(demo[found.login])
    codes = list(Organization.objects.values_list("code", flat=True))
    EXAMPLES_RUN[route] = 0

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        # Shrinking posts the form hundreds of times more; the first failing submission is
        # reported as generated, which says enough.
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def submit(data):
        EXAMPLES_RUN[route] += 1
        submission = draw_submission(data, found.form)
        with transaction.atomic():
            before = row_counts()
            response = client.post(found.action, submission)
            after = row_counts()
            transaction.set_rollback(True)
        status = response.status_code
        assert status < 500, f"{route}: {status} for {submission!r}"
        if status in {301, 302, 303}:
            old = _old_dates(submission, found.form)
            assert not old, f"{route}: accepted a date before 1900: {old}"
            return
        if status == 200 and "data-accepted" in response.content.decode():
            # accepted, answered on the page itself (one-time passwords are shown once, never
            # kept for a redirect)
            return
        changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
        assert not changed, f"{route}: refused ({status}) but wrote {changed} for {submission!r}"
        assert status == 200, f"{route}: {status} for {submission!r}"
        html = response.content.decode()
        assert any(f.method == "post" for f in read_forms(html)), f"{route}: no form"
        messages = read_errors(html)
        assert messages, f"{route}: refused without a message for {submission!r}"
        for message in messages:
            assert CJK.search(message), f"{route}: message not in Chinese: {message!r}"
            english = ASCII_WORD.findall(without_echoes(message, submission, codes))
            assert not english, f"{route}: English {english} in {message!r}"

    submit()
