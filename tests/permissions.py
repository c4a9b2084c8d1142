"""The permission matrix every app's tests share (STYLE.md: one parametrised matrix per app,
every URL × every persona → the expected status).

A test module lists its rows as ``(name, method, url, expected)`` (more fields where it needs
them), where ``url`` is a function of the test's objects, built with ``lazy_url`` and ``pk``,
and ``expected`` says what each persona gets, built with ``expect``::

    MATRIX = [
        ("month", "get", lazy_url("dues:month", org_code="school", year=2025, month=3), READ),
    ]

    @for_every_persona(MATRIX)
    def test_permission_matrix(client_for, objects, persona, name, method, url, expected):
        check(client_for(persona), method, url(objects), expected, persona, name)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest
from django.urls import reverse

PERSONAS = ("anonymous", "secretary", "committee_member", "member", "township_admin", "outsider")
A, S, C, M, T, X = PERSONAS
LOGIN = 302  # anonymous users are sent to the login page

Objects = dict[str, Any]


def expect(*statuses: int) -> dict[str, int]:
    """The status each persona gets, in the order of ``PERSONAS``: anonymous, secretary,
    committee member, member, township administrator, outsider."""
    return dict(zip(PERSONAS, statuses, strict=True))


def pk(key: str) -> Callable[[Objects], Any]:
    """The primary key of the test's object ``key``, read when the URL is resolved."""
    return lambda o: o[key].pk


def _value(value: Any, objects: Objects) -> Any:
    return value(objects) if callable(value) else value


def lazy_url(name: str, *args: Any, query: str = "", **kwargs: Any) -> Callable[[Objects], str]:
    """``reverse(name, …)`` once the test's objects exist: an argument may be a function of
    them (``pk("payment")``)."""

    def resolve(objects: Objects) -> str:
        return (
            reverse(
                name,
                args=[_value(a, objects) for a in args] or None,
                kwargs={k: _value(v, objects) for k, v in kwargs.items()} or None,
            )
            + query
        )

    return resolve


def for_every_persona(
    matrix: Sequence[tuple], fields: Sequence[str] = ("name", "method", "url", "expected")
):
    """Parametrise a test over every row of ``matrix`` × every persona; rows are named by
    their first field."""

    def decorate(test):
        test = pytest.mark.parametrize(tuple(fields), matrix, ids=[row[0] for row in matrix])(test)
        return pytest.mark.parametrize("persona", PERSONAS)(test)

    return decorate


def check(
    client, method: str, url: str, expected: dict[str, int], persona: str, name: str, data=None
):
    """One cell of the matrix: the request, its status, and for an anonymous visitor sent
    away, that it is to the login page. Returns the response."""
    response = client.post(url, data or {}) if method == "post" else client.get(url)
    if getattr(response, "streaming", False):
        # read to its end, the test client closes a download's file (and only then: closing
        # a response again would fire request_finished, which closes the database connection
        # of the test's transaction on PostgreSQL)
        b"".join(response.streaming_content)
    assert response.status_code == expected[persona], (name, persona)
    if persona == A and expected[persona] == LOGIN:
        assert response.url.startswith(reverse("login")), (name, response.url)
    return response
