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
