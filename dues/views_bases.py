"""年初核定: the whole branch's dues bases for a year on one page, saved all or nothing."""

from __future__ import annotations

import datetime
from functools import cached_property
from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from branch.mixins import ServiceFormView
from branch.models import Organization
from dues import rules, services_bases
from dues.forms_bases import BaseRow, BasesForm
from dues.models import DuesBase
from dues.views_common import BranchOnlyMixin, year_neighbours, year_or_404
from members.models import Person
from members.selectors import people_in, state_of, with_history


def base_rows(org: Organization, year: int) -> list[BaseRow]:
    """Every party member of ``org`` at the start or the end of ``year``, with this year's
    base and last year's. A fixed number of queries."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    people = with_history(
        Person.objects.filter(
            Q(pk__in=people_in(org, last).values("pk"))
            | Q(pk__in=people_in(org, first).values("pk"))
        ).order_by("sort_key", "pk"),
        org,
    )
    candidates = []
    for person in people:
        # the state at the end of the year first: it holds the category of the year's base
        states = [state_of(person, last), state_of(person, first)]
        member = next((s for s in states if s.is_party_member), None)
        if member is not None:
            candidates.append((person, member.category))
    bases: dict[tuple[int, int], DuesBase] = {
        (b.person_id, b.year): b
        for b in DuesBase.objects.filter(
            person__in=[p for p, _c in candidates], year__in=[year, year - 1]
        )
    }
    rows = []
    for person, category in candidates:
        base = bases.get((person.pk, year))
        rows.append(
            BaseRow(
                person=person,
                suggested_category=rules.FROM_PERSON_CATEGORY.get(category, ""),
                base=base,
                previous=bases.get((person.pk, year - 1)),
                working=_working(base),
            )
        )
    return rows


def _working(base: DuesBase | None) -> rules.Working | None:
    """How a saved base's amount was reached, to show beside the row."""
    if base is None:
        return None
    try:
        return rules.standard_amount(base.category, base.base_amount)
    except ValueError:
        return None  # saved under rules that have since changed: show the amounts alone


class BasesView(BranchOnlyMixin, ServiceFormView):
    permission = "view_organization"
    post_permission = "log_records"
    template_name = "dues/bases.html"
    form_class = BasesForm

    @cached_property
    def year(self) -> int:
        return year_or_404(self.kwargs["year"])

    @cached_property
    def rows(self) -> list[BaseRow]:
        return base_rows(self.org, self.year)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "rows": self.rows,
            "readonly": not self.may_post(),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        rows = self.rows
        context.update(
            year=self.year,
            **year_neighbours(self.year),
            rows=rows,
            set_count=sum(1 for r in rows if r.base is not None),
            can_log=self.may_post(),
        )
        return context

    def perform(self, form: BasesForm) -> list[DuesBase]:
        changed = form.changed_rows()
        saved = []
        if changed:
            saved = services_bases.bases_set_batch(
                actor=self.request.user, org=self.org, year=self.year, rows=changed
            )
        # told only once the batch went through: a refused batch saved nobody at all
        if form.skipped:
            messages.warning(
                self.request,
                _("Left out, as their base is still blank: %(names)s.")
                % {"names": "、".join(p.name for p in form.skipped)},
            )
        if not saved:
            messages.info(self.request, _("Nothing was changed."))
            return saved
        messages.success(
            self.request,
            ngettext(
                "Saved the base of %(n)d member for %(year)d; the monthly charges are updated.",
                "Saved the bases of %(n)d members for %(year)d; the monthly charges are updated.",
                len(saved),
            )
            % {"n": len(saved), "year": self.year},
        )
        return saved

    def get_success_url(self) -> str:
        return self.request.path
