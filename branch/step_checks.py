"""Checks other apps add to recording a development step. The members app runs them before it
writes a step and knows none of them: an app registers its check from its
``AppConfig.ready`` (the 公示 of a candidate, kept by the notices app, holds back step 13 until
its period has passed). A check refuses with a ``ServiceError`` in words a secretary
understands."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

Check = Callable[..., None]
_checks: list[Check] = []


def register(check: Check) -> Check:
    if check not in _checks:
        _checks.append(check)
    return check


def run(*, org: Any, person: Any, number: int, done_on: datetime.date) -> None:
    """Call every registered ``check(org=, person=, number=, done_on=)``."""
    for check in _checks:
        check(org=org, person=person, number=number, done_on=done_on)
