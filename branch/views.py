from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView, View

from branch import accounts, firstrun, services
from branch.dashboard import cards_for
from branch.exceptions import ServiceError
from branch.forms import (
    AuditFilterForm,
    HonorForm,
    OrganizationCreateForm,
    OrganizationForm,
    PartyGroupForm,
    RoleGrantForm,
)
from branch.mixins import CURRENT_ORG_SESSION_KEY, OrganizationMixin, ServiceFormView
from branch.models import AuditEntry, Notification
from branch.paging import UncountedPage
from branch.permissions import organizations_for_user
from branch.selectors import (
    audit_entries_for,
    audited_types,
    honor_get_for_user,
    honors_for,
    notifications_for,
    party_group_get_for_user,
    role_assignment_get_for_user,
    role_assignments_for,
)

User = services.User


def home(request):
    """Open the organisation used last, else the first one the user can see. A fresh
    installation, with no organisation at all, opens the set-up page instead."""
    if not request.user.is_authenticated:
        if firstrun.is_fresh_install():
            return redirect("first_run")
        return redirect_to_login(request.get_full_path())
    visible = organizations_for_user(request.user)
    code = request.session.get(CURRENT_ORG_SESSION_KEY)
    org = visible.filter(code=code).first() if code else None
    org = org or visible.order_by("path").first()
    if org is None:
        if firstrun.is_fresh_install():
            return redirect("first_run")
        return render(request, "branch/no_organization.html")
    return redirect("branch:dashboard", org_code=org.code)


class DashboardView(OrganizationMixin, TemplateView):
    page_cache = True
    template_name = "branch/dashboard.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["cards"] = cards_for(self.request, self.org, self.perms)
        return context


# Organisation settings ----------------------------------------------------------------------


class SettingsView(ServiceFormView):
    """组织设置: the organisation's details, its party groups, honours, roles and log."""

    permission = "view_organization"
    template_name = "branch/settings.html"
    form_class = OrganizationForm
    success_message = gettext_lazy("Saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.org}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if "manage_organization" not in self.perms:
            for field in form.fields.values():
                field.disabled = True
        return form

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["party_groups"] = self.org.party_groups.all()
        context["children"] = self.org.children.order_by("kind", "name")
        return context

    def perform(self, form):
        return services.organization_update(
            actor=self.request.user, org=self.org, **form.cleaned_data
        )

    def get_success_url(self):
        return reverse("branch:settings", kwargs={"org_code": self.org.code})


class OrganizationCreateView(ServiceFormView):
    permission = "manage_structure"
    template_name = "branch/form.html"
    form_class = OrganizationCreateForm
    success_message = gettext_lazy("Organisation created.")
    extra_context = {"title": gettext_lazy("New organisation below this one")}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "parent": self.org}

    def perform(self, form):
        return services.organization_create(
            actor=self.request.user, parent=self.org, **form.cleaned_data
        )

    def get_success_url(self):
        return reverse("branch:settings", kwargs={"org_code": self.result.code})


class PartyGroupCreateView(ServiceFormView):
    permission = "manage_organization"
    template_name = "branch/form.html"
    form_class = PartyGroupForm
    success_message = gettext_lazy("Party group saved.")
    extra_context = {"title": gettext_lazy("New party group")}

    def perform(self, form):
        return services.party_group_create(
            actor=self.request.user, org=self.org, **form.cleaned_data
        )

    def get_success_url(self):
        return reverse("branch:settings", kwargs={"org_code": self.org.code})


class PartyGroupUpdateView(PartyGroupCreateView):
    extra_context = {"title": gettext_lazy("Edit party group")}

    def get_form_kwargs(self):
        self.group = party_group_get_for_user(self.request.user, self.org, self.kwargs["pk"])
        return {**super().get_form_kwargs(), "instance": self.group}

    def perform(self, form):
        return services.party_group_update(
            actor=self.request.user, group=self.group, **form.cleaned_data
        )


# Honours ------------------------------------------------------------------------------------


class HonorListView(OrganizationMixin, TemplateView):
    template_name = "branch/honor_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["honors"] = honors_for(self.org)
        return context


class HonorCreateView(ServiceFormView):
    permission = "manage_organization"
    template_name = "branch/form.html"
    form_class = HonorForm
    success_message = gettext_lazy("Honour saved.")
    extra_context = {"title": gettext_lazy("Record an honour")}

    def perform(self, form):
        return services.honor_create(actor=self.request.user, org=self.org, **form.cleaned_data)

    def get_success_url(self):
        return reverse("branch:honors", kwargs={"org_code": self.org.code})


class HonorUpdateView(HonorCreateView):
    extra_context = {"title": gettext_lazy("Edit honour"), "can_delete": True}

    def get_form_kwargs(self):
        self.honor = honor_get_for_user(self.request.user, self.org, self.kwargs["pk"])
        return {**super().get_form_kwargs(), "instance": self.honor}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["delete_url"] = reverse(
            "branch:honor_delete", kwargs={"org_code": self.org.code, "pk": self.honor.pk}
        )
        return context

    def perform(self, form):
        return services.honor_update(actor=self.request.user, honor=self.honor, **form.cleaned_data)


class HonorDeleteView(OrganizationMixin, View):
    permission = "manage_organization"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        honor = honor_get_for_user(request.user, self.org, kwargs["pk"])
        services.honor_delete(actor=request.user, honor=honor)
        messages.success(request, _("Honour deleted."))
        return redirect("branch:honors", org_code=self.org.code)


# Roles --------------------------------------------------------------------------------------


class RoleListView(ServiceFormView):
    permission = "manage_roles"
    template_name = "branch/roles.html"
    form_class = RoleGrantForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "org": self.org}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["assignments"] = role_assignments_for(self.org)
        return context

    def perform(self, form):
        data = form.cleaned_data
        user = form.existing_user or services.account_create(
            actor=self.request.user,
            org=self.org,
            username=data["username"],
            password=data["password"],
            full_name=data["full_name"],
            email=data["email"],
        )
        assignment = services.role_grant(
            actor=self.request.user, org=self.org, user=user, role=data["role"]
        )
        messages.success(
            self.request,
            _("%(user)s now holds the role “%(role)s”.")
            % {
                "user": user.get_full_name() or user.username,
                "role": assignment.get_role_display(),
            },
        )
        return assignment

    def get_success_url(self):
        return reverse("branch:roles", kwargs={"org_code": self.org.code})


class RoleActionView(OrganizationMixin, View):
    """A button on a role's row of the roles page: one service call, then back to the page
    with what was done or why not."""

    permission = "manage_roles"
    http_method_names = ["post"]
    done_message = ""

    def act(self, assignment) -> Any:
        raise NotImplementedError  # each subclass names its service

    def post(self, request, *args, **kwargs):
        assignment = role_assignment_get_for_user(request.user, self.org, kwargs["pk"])
        try:
            self.act(assignment)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, self.done_message)
        return redirect("branch:roles", org_code=self.org.code)


class RoleRevokeView(RoleActionView):
    done_message = gettext_lazy("Role removed.")

    def act(self, assignment):
        return services.role_revoke(actor=self.request.user, assignment=assignment)


class AccountCloseView(RoleActionView):
    """Close the account of someone holding a role here (the role's row names it)."""

    done_message = gettext_lazy("Account closed; its records stay.")

    def act(self, assignment):
        return accounts.account_deactivate(
            actor=self.request.user, org=self.org, user=assignment.user
        )


# Audit log ----------------------------------------------------------------------------------


class AuditLogView(OrganizationMixin, TemplateView):
    page_cache = True
    permission = "view_audit"
    template_name = "branch/audit_log.html"
    paginate_by = 50

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        in_scope = AuditEntry.objects.filter(organization__path__startswith=self.org.path)
        actors = User.objects.filter(pk__in=in_scope.exclude(actor=None).values("actor")).order_by(
            "username"
        )
        object_types = audited_types()
        form = AuditFilterForm(self.request.GET or None, actors=actors, object_types=object_types)
        actor_id = content_type_id = object_id = None
        if form.is_valid():
            actor_id = form.cleaned_data["actor"].pk if form.cleaned_data["actor"] else None
            content_type_id = int(form.cleaned_data["object_type"] or 0) or None
            object_id = form.cleaned_data["object_id"] or None
        entries = audit_entries_for(
            self.org, actor_id=actor_id, content_type_id=content_type_id, object_id=object_id
        )
        # newest first, without counting a county's whole log
        page = UncountedPage(
            entries.order_by("-pk"), self.paginate_by, self.request.GET.get("page")
        )
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter_form=form, page=page, query=query.urlencode(), one_object=bool(object_id)
        )
        return context


# Notifications ------------------------------------------------------------------------------


class NotificationListView(LoginRequiredMixin, TemplateView):
    template_name = "branch/notifications.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page = Paginator(notifications_for(self.request.user), 30).get_page(
            self.request.GET.get("page")
        )
        context["page"] = page
        return context


@login_required
@require_POST
def notification_read(request, pk: int):
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    services.notification_mark_read(user=request.user, notification=notification)
    if request.POST.get("open") and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}
    ):
        return redirect(notification.url)
    return redirect("branch:notifications")


@login_required
@require_POST
def notification_read_all(request):
    services.notification_mark_read(user=request.user)
    messages.success(request, _("All notifications marked as read."))
    return redirect("branch:notifications")
