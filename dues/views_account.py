"""A member's dues account (个人党费账) and the forms that write to it: a payment for one or
several months, a voluntary extra payment, an exemption, a reason for arrears, a reversal.

Each form posts to its own URL and, refused, comes back on the account page with the
service's message; the ledger itself has no edit or delete page."""

from __future__ import annotations

import datetime
from decimal import Decimal
from functools import cached_property
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from branch.dates import long_month, requested_year
from branch.mixins import OrganizationMixin, ServiceFormView
from branch.models import Organization
from dues import services, services_bases
from dues.forms import (
    ArrearsNoteForm,
    ExemptionForm,
    ExtraPaymentForm,
    PaymentForm,
    ReverseForm,
)
from dues.models import ArrearsNote, Exemption, Payment, PaymentKind
from dues.selectors import ZERO, Account, account
from dues.views_common import AHEAD, BranchOnlyMixin, require_branch
from members.models import Person
from members.selectors import person_for_user, person_get_for_user

# form slot on the page -> (form class, id prefix so that several forms share one page)
FORMS: dict[str, tuple[type[forms.Form], str]] = {
    "pay_form": (PaymentForm, "pay_%s"),
    "extra_form": (ExtraPaymentForm, "extra_%s"),
    "exemption_form": (ExemptionForm, "exempt_%s"),
    "note_form": (ArrearsNoteForm, "note_%s"),
}


def person_url(org: Organization, person: Person, year: int | None = None) -> str:
    url = reverse("dues:person", kwargs={"org_code": org.code, "person_pk": person.pk})
    return f"{url}?year={year}" if year else url


def _new_form(slot: str, acc: Account, data: Any = None) -> forms.Form:
    form_class, auto_id = FORMS[slot]
    kwargs: dict[str, Any] = {"auto_id": auto_id}
    if form_class is PaymentForm:
        kwargs["lines"] = acc.months
    return form_class(data, **kwargs)


def account_context(
    org: Organization,
    perms: set[str],
    person: Person,
    year: int,
    bound: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """What the account page shows. ``bound`` holds the form that was just refused (by its
    slot) and, for a refused reversal, the entry it was for."""
    bound = bound or {}
    today = timezone.localdate()
    acc = account(person, org, year)
    reversed_ids = {p.reverses_id for p in acc.payments if p.reverses_id}
    entries = [
        {
            "payment": p,
            "reversed": p.pk in reversed_ids,
            "reversible": p.kind != PaymentKind.REVERSAL and p.pk not in reversed_ids,
            "to_central": p.goes_to_central,
        }
        for p in acc.payments
    ]
    # this year, the months still to come are not owed yet
    through = today.replace(day=1) if year == today.year else None
    owed_so_far = sum((m.owed for m in acc.months if through is None or m.month <= through), ZERO)
    can_log = "log_records" in perms
    context: dict[str, Any] = {
        "person": person,
        "account": acc,
        "year": year,
        "this_year": today.year,
        "entries": entries,
        "extra_total": sum((m.extra for m in acc.months), ZERO),
        "owed_so_far": owed_so_far,
        "current_year": year == today.year,
        "can_log": can_log,
        "can_read_branch": "view_organization" in perms,
        "exemptions": list(
            Exemption.objects.filter(person=person, organization=org).order_by("-first_month")
        ),
        "notes": list(ArrearsNote.objects.filter(person=person, organization=org)),
        "reverse_target": bound.get("reverse_target"),
        "reverse_form": bound.get("reverse_form") or ReverseForm(auto_id="rev_%s"),
    }
    if can_log:
        for slot in FORMS:
            context[slot] = bound.get(slot) or _new_form(slot, acc)
    return context


class PersonAccountView(BranchOnlyMixin, OrganizationMixin, TemplateView):
    """A member's account for a year. The person themself may read it; anyone else needs
    ``view_organization`` (``person_get_for_user`` answers 403, or 404 for someone the
    branch never kept)."""

    template_name = "dues/account.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        person = person_get_for_user(self.request.user, self.org, self.kwargs["person_pk"])
        year = requested_year(self.request, org=self.org, ahead=AHEAD)
        context.update(account_context(self.org, self.perms, person, year))
        return context


class MyAccountView(BranchOnlyMixin, OrganizationMixin, TemplateView):
    """我的党费: the account of the person linked to the user's login."""

    template_name = "dues/account.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["is_me"] = True
        person = person_for_user(self.request.user, self.org)
        if person is None:
            context["person"] = None
            return context
        year = requested_year(self.request, org=self.org, ahead=AHEAD)
        context.update(account_context(self.org, self.perms, person, year))
        return context


class AccountFormView(BranchOnlyMixin, ServiceFormView):
    """A form of the account page, posted to its own URL. Refused, the whole page comes back
    with the form and its message."""

    permission = "log_records"
    template_name = "dues/account.html"
    slot = ""

    @cached_property
    def person(self) -> Person:
        return person_get_for_user(
            self.request.user, self.org, self.kwargs["person_pk"], perm="log_records"
        )

    @cached_property
    def year(self) -> int:
        return requested_year(self.request, org=self.org, ahead=AHEAD)

    def get_form(self, form_class=None) -> forms.Form:
        require_branch(self.org)
        data = self.request.POST if self.request.method == "POST" else None
        return _new_form(self.slot, account(self.person, self.org, self.year), data)

    def bound(self, form: forms.Form) -> dict[str, Any]:
        return {self.slot: form}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context.pop("form")
        context.update(
            account_context(self.org, self.perms, self.person, self.year, self.bound(form))
        )
        context["focus"] = self.slot
        return context

    def get_success_url(self) -> str:
        return person_url(self.org, self.person, self.year)


class PaymentRecordView(AccountFormView):
    slot = "pay_form"

    def perform(self, form: PaymentForm) -> list[Payment]:
        data = form.cleaned_data
        payments = services.payment_record(
            actor=self.request.user,
            org=self.org,
            person=self.person,
            months=data["months"],
            paid_on=data["paid_on"],
            method=data["method"],
            amount=data["amount"] or None,
            reason=data["reason"],
        )
        total = sum((p.amount for p in payments), ZERO)
        messages.success(
            self.request,
            _("Recorded %(total)s yuan for %(months)s, receipt %(receipt)s.")
            % {
                "total": total,
                "months": "、".join(long_month(p.month) for p in payments),
                "receipt": payments[0].receipt,
            },
        )
        return payments


class ExtraPaymentView(AccountFormView):
    slot = "extra_form"

    def perform(self, form: ExtraPaymentForm) -> Payment:
        data = form.cleaned_data
        payment = services.extra_payment_record(
            actor=self.request.user,
            org=self.org,
            person=self.person,
            amount=data["amount"],
            paid_on=data["paid_on"],
            method=data["method"],
            reason=data["reason"],
        )
        text = _("Recorded a voluntary payment of %(amount)s yuan, receipt %(receipt)s.") % {
            "amount": payment.amount,
            "receipt": payment.receipt,
        }
        if payment.goes_to_central:
            text += " " + _(
                "Being over 1000 yuan, it is handed on in full to the Central Committee."
            )
        messages.success(self.request, text)
        return payment


class ExemptionAddView(AccountFormView):
    slot = "exemption_form"
    success_message = gettext_lazy("Exemption recorded; the charges of those months are removed.")

    def perform(self, form: ExemptionForm) -> Exemption:
        return services_bases.exemption_add(
            actor=self.request.user, org=self.org, person=self.person, **form.cleaned_data
        )


class ArrearsNoteAddView(AccountFormView):
    slot = "note_form"
    success_message = gettext_lazy("The reason for the arrears is recorded.")

    def perform(self, form: ArrearsNoteForm) -> ArrearsNote:
        return services.arrears_note_add(
            actor=self.request.user, org=self.org, person=self.person, **form.cleaned_data
        )


class PaymentReverseView(AccountFormView):
    """冲正: a reversal entry cancels one entry; both stay in the ledger."""

    slot = "reverse"

    @cached_property
    def payment(self) -> Payment:
        payment = (
            Payment.objects.filter(
                pk=self.kwargs["payment_pk"], person=self.person, organization=self.org
            )
            .select_related("organization", "person")
            .first()
        )
        if payment is None:
            raise Http404(_("No such ledger entry in this account."))
        return payment

    @cached_property
    def year(self) -> int:
        return self.payment.month.year

    def get_form(self, form_class=None) -> forms.Form:
        require_branch(self.org)
        self.payment  # noqa: B018  (another account's entry answers 404 before any form)
        data = self.request.POST if self.request.method == "POST" else None
        return ReverseForm(data, auto_id="rev_%s")

    def bound(self, form: forms.Form) -> dict[str, Any]:
        return {"reverse_form": form, "reverse_target": self.payment}

    def perform(self, form: ReverseForm) -> Payment:
        reversal = services.payment_reverse(
            actor=self.request.user, payment=self.payment, reason=form.cleaned_data["reason"]
        )
        messages.success(
            self.request,
            _("Entry %(receipt)s of %(month)s is reversed; both entries stay in the ledger.")
            % {"receipt": self.payment.receipt, "month": long_month(self.payment.month)},
        )
        return reversal


def owed_to_date(person: Person, org: Organization, today: datetime.date) -> Decimal:
    """What the member owes for the months of this year up to the current one."""
    acc = account(person, org, today.year)
    return sum((m.owed for m in acc.months if m.month <= today.replace(day=1)), ZERO)
