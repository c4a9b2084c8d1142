"""View plumbing shared by every app: the organisation in the URL is fetched and authorised
once, and forms hand their cleaned data to a service."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import SimpleTemplateResponse
from django.utils.translation import gettext as _
from django.views.generic import FormView

from branch import page_cache
from branch.exceptions import ServiceError
from branch.models import Organization
from branch.permissions import grants, org_perms
from branch.selectors import organization_get_for_user

CURRENT_ORG_SESSION_KEY = "current_org"


class OrganizationMixin(LoginRequiredMixin):
    """Declares what a view needs on the organisation named in the URL (``<org_code>``).
    Another organisation's object answers 404, a visible one without the permission 403.

    - ``permission``: needed for every request; a tuple means any one of them.
    - ``post_permission``: needed as well to send the page's form, where writing needs more
      than reading (``post_branch_only``: and only on a branch, not a committee node).
    - ``own_page``: a reader without ``permission`` (a member) who opens the page is sent to
      this page of their own instead of being refused.

    Handlers do not check permissions themselves; services check theirs with
    ``require_perm``.

    ``page_cache = True`` keeps a page's HTML until something it shows may have changed
    (``branch.page_cache``), after the permission check; ``page_versions()`` names what else,
    besides the records' audit entries, the page depends on."""

    permission: str | tuple[str, ...] = "view_public"
    post_permission: str | tuple[str, ...] | None = None
    post_branch_only = False
    post_refusal = ""  # the 403's text where the usual one would not say why
    own_page: str | None = None
    page_cache = False
    org: Organization
    perms: set[str]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        # visible at all, else 404; the grants are read once and kept on the user
        self.org = organization_get_for_user(request.user, kwargs["org_code"])
        self.perms = org_perms(request.user, self.org)
        if not self.allows(self.permission, self.perms):
            if not (self.own_page and request.method in ("GET", "HEAD")):
                raise self.refusal()
            self.remember_org(request)
            return redirect(self.own_page, org_code=self.org.code)
        self.remember_org(request)
        if request.method == "POST" and not self.may_post():
            raise self.refusal(self.post_refusal)
        key = None
        if self.page_cache and settings.PAGE_CACHE and request.method == "GET":
            key = page_cache.page_key(request, self.org, grants(request.user), self.page_versions())
            cached = page_cache.cached_response(key) if key else None
            if cached is not None:
                return cached
        response = super().dispatch(request, *args, **kwargs)
        if key:
            if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
                response.add_post_render_callback(lambda r: page_cache.keep(request, key, r))
            else:
                page_cache.keep(request, key, response)
        return response

    def page_versions(self) -> tuple:
        """What a cached page depends on besides the records (``page_cache = True``)."""
        return ()

    def may_post(self) -> bool:
        if self.post_permission is None:
            return True
        return self.allows(self.post_permission, self.perms) and (
            self.org.is_branch or not self.post_branch_only
        )

    def remember_org(self, request) -> None:
        if request.session.get(CURRENT_ORG_SESSION_KEY) != self.org.code:
            request.session[CURRENT_ORG_SESSION_KEY] = self.org.code

    def refusal(self, text: Any = "") -> PermissionDenied:
        return PermissionDenied(
            str(text) or _("Your role in %(org)s does not allow this.") % {"org": self.org.name}
        )

    @staticmethod
    def allows(permission: str | tuple[str, ...], perms: set[str]) -> bool:
        wanted = (permission,) if isinstance(permission, str) else permission
        return any(perm in perms for perm in wanted)

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
