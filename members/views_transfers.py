"""Pages of transfers (组织关系转接): the list with the return slips still awaited, a transfer
out (to a branch of this system or outside it), a transfer in, and the return slip."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from branch.mixins import OrganizationMixin, ServiceFormView
from members import transfers
from members.forms_transfers import ReturnSlipForm, TransferInForm, TransferOutForm
from members.models import Transfer
from members.views import PersonFormView


def transfers_for(org) -> Any:
    """Transfers recorded by ``org`` and the branches below it, newest first."""
    return Transfer.objects.filter(organization__path__startswith=org.path).select_related(
        "person", "organization", "counterpart_org"
    )


class TransferListView(OrganizationMixin, TemplateView):
    permission = "view_organization"
    template_name = "members/transfers.html"
    paginate_by = 50

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page = Paginator(transfers_for(self.org), self.paginate_by).get_page(
            self.request.GET.get("page")
        )
        context.update(page=page, can_log="log_records" in self.perms)
        return context


class TransferOutView(PersonFormView):
    form_class = TransferOutForm
    success_message = gettext_lazy("Transfer recorded.")
    extra_context = {
        "title": gettext_lazy("Transfer out"),
        "intro": gettext_lazy(
            "The person leaves the branch on the date of transfer. A transfer to a branch of "
            "this system moves the record at once; a letter to an organisation outside waits "
            "for its return slip."
        ),
    }

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "org": self.org}

    def perform(self, form):
        data = form.cleaned_data
        common = {
            "actor": self.request.user,
            "org": self.org,
            "person": self.get_person(),
            "transferred_on": data["transferred_on"],
            "letter_number": data["letter_number"],
            "dues_paid_until": data["dues_paid_until"],
            "note": data["note"],
        }
        if data["destination"] == TransferOutForm.WITHIN:
            out, _arrival = transfers.transfer_within(to_org=data["to_org"], **common)
            return out
        return transfers.transfer_out(
            counterpart=data["counterpart"], valid_until=data["valid_until"], **common
        )


class TransferInView(ServiceFormView):
    permission = "log_records"
    template_name = "members/form.html"
    form_class = TransferInForm
    success_message = gettext_lazy("Transfer recorded.")
    extra_context = {
        "title": gettext_lazy("Transfer in"),
        "intro": gettext_lazy(
            "A member arriving with an introduction letter. Someone this system already knows "
            "by their ID number is taken back with their history; anyone else is added with "
            "the data below."
        ),
    }

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "org": self.org}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = reverse("members:transfers", kwargs={"org_code": self.org.code})
        return context

    def perform(self, form):
        return transfers.transfer_in(actor=self.request.user, org=self.org, **form.service_data())

    def get_success_url(self) -> str:
        return reverse(
            "members:person", kwargs={"org_code": self.org.code, "pk": self.result.person_id}
        )


class ReturnSlipView(ServiceFormView):
    permission = "log_records"
    template_name = "members/form.html"
    form_class = ReturnSlipForm
    success_message = gettext_lazy("Return slip recorded.")
    extra_context = {"title": gettext_lazy("Record the return slip")}

    def dispatch(self, request, *args, **kwargs):
        self.transfer: Transfer | None = None
        return super().dispatch(request, *args, **kwargs)

    def get_transfer(self) -> Transfer:
        if self.transfer is None:
            self.transfer = transfers_for(self.org).filter(pk=self.kwargs["transfer_pk"]).first()
            if self.transfer is None:
                raise Http404(_("No such transfer in %(org)s.") % {"org": self.org.name})
        return self.transfer

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        transfer = self.get_transfer()
        context.update(
            transfer=transfer,
            person=transfer.person,
            cancel_url=reverse("members:transfers", kwargs={"org_code": self.org.code}),
        )
        return context

    def perform(self, form):
        return transfers.return_slip_record(
            actor=self.request.user,
            transfer=self.get_transfer(),
            received_on=form.cleaned_data["received_on"],
        )

    def get_success_url(self) -> str:
        return reverse("members:transfers", kwargs={"org_code": self.org.code})
