"""View plumbing shared by every app: the organisation in the URL is fetched and authorised
once, and forms hand their cleaned data to a service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.views.generic import FormView

from branch.exceptions import ServiceError
from branch.models import Organization
from branch.permissions import org_perms
from branch.selectors import organization_get_for_user

CURRENT_ORG_SESSION_KEY = "current_org"


class OrganizationMixin(LoginRequiredMixin):
    """Declares the permission a view needs on the organisation named in the URL
    (``<org_code>``). Another organisation's object answers 404, a visible one without the
    permission 403."""

    permission = "view_public"
    org: Organization
    perms: set[str]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.org = organization_get_for_user(request.user, kwargs["org_code"], self.permission)
        self.perms = org_perms(request.user, self.org)
        if request.session.get(CURRENT_ORG_SESSION_KEY) != self.org.code:
            request.session[CURRENT_ORG_SESSION_KEY] = self.org.code
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(org=self.org, perms=self.perms)
        return context


def apply_service_error(form, exc: ServiceError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


class ServiceFormView(OrganizationMixin, FormView):
    """A form whose valid data goes to one service call (``perform``). A refused call puts the
    service's message on the form, and nothing is written."""

    success_message = ""

    def perform(self, form) -> Any:
        raise NotImplementedError  # each subclass names its service

    def form_valid(self, form):
        try:
            self.result = self.perform(form)
        except ServiceError as exc:
            apply_service_error(form, exc)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())
