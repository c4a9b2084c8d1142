"""Submissions the form properties found answering 500, kept as plain examples."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from meetings.models import Review
from tests.guardrails.html import read_errors


@pytest.mark.parametrize("year", ["0", "99999", "1800"])
def test_opening_a_review_for_an_impossible_year_is_refused_not_a_500(
    client, secretary, school, year
):
    client.force_login(secretary)
    response = client.post(
        reverse("meetings:review_open", args=[school.code]),
        {"year": year, "held_on": "2025-12-20"},
    )
    assert response.status_code == 200
    errors = read_errors(response.content.decode())
    assert any(re.search(r"[\u4e00-\u9fff]", e) for e in errors), errors
    assert not Review.objects.exists()


def test_a_too_short_new_password_is_refused_in_chinese(client, secretary):
    client.force_login(secretary)
    response = client.post(
        reverse("password_change"),
        {"old_password": "x", "new_password1": "a1b2", "new_password2": "a1b2"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "密码太短，至少需要8个字符。" in page
    assert "too short" not in page
