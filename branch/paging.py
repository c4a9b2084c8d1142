"""A page of a list too long to count on every visit (a county's audit log): the page's rows and
one more say whether a next page exists. It answers what ``templates/branch/_pager.html`` asks
of Django's ``Page``; ``paginator`` is None, so the pager names no total."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet


class UncountedPage:
    paginator = None

    def __init__(self, queryset: QuerySet, per_page: int, number: str | int | None) -> None:
        try:
            self.number = max(int(number or 1), 1)
        except (TypeError, ValueError):
            self.number = 1  # as Django's get_page: a bad page number shows the first
        start = (self.number - 1) * per_page
        rows = list(queryset[start : start + per_page + 1])
        self.object_list = rows[:per_page]
        self._more = len(rows) > per_page

    def __iter__(self) -> Iterator[Any]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_next(self) -> bool:
        return self._more

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1
