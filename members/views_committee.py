"""The committee page (支委会): its terms and posts, the warnings about its size and term,
and for the secretary the forms that record an election, a new post and the end of a post."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from branch.exceptions import ServiceError
from branch.mixins import OrganizationMixin, apply_service_error
from members import services
from members.committee import committee_warnings
from members.forms import CommitteePostAddForm, CommitteePostEndForm, CommitteeTermForm
from members.models import CommitteePost, CommitteeTerm
from members.selectors import people_in


class CommitteeView(OrganizationMixin, TemplateView):
    permission = "view_organization"
    post_permission = "manage_organization"
    template_name = "members/committee.html"
    # the submit button's value names the form that was sent
    ACTIONS = ("term", "post", "end")

    def forms(self, data: Any = None, action: str = "") -> dict[str, Any]:
        today = timezone.localdate()
        terms = CommitteeTerm.objects.filter(organization=self.org)
        open_posts = CommitteePost.objects.filter(
            term__organization=self.org, ended_on__isnull=True
        ).select_related("person")
        return {
            "term": CommitteeTermForm(data if action == "term" else None, prefix="term"),
            "post": CommitteePostAddForm(
                data if action == "post" else None,
                prefix="post",
                terms=terms,
                people=people_in(self.org, today).order_by("sort_key", "pk"),
            ),
            "end": CommitteePostEndForm(
                data if action == "end" else None, prefix="end", posts=open_posts
            ),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        terms = CommitteeTerm.objects.filter(organization=self.org).prefetch_related(
            Prefetch(
                "posts",
                queryset=CommitteePost.objects.select_related("person").order_by(
                    "ended_on", "post", "started_on"
                ),
            )
        )
        can_manage = "manage_organization" in self.perms and self.org.is_branch
        context.update(
            today=today,
            terms=terms,
            warnings=committee_warnings(self.org, today) if self.org.is_branch else [],
            can_manage=can_manage,
        )
        if can_manage:
            context["forms"] = kwargs.get("forms") or self.forms()
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "")
        if action not in self.ACTIONS:
            action = "term"
        forms = self.forms(request.POST, action)
        form = forms[action]
        if form.is_valid():
            try:
                message = self.perform(action, form.cleaned_data)
            except ServiceError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, message)
                return redirect("members:committee", org_code=self.org.code)
        return self.render_to_response(self.get_context_data(forms=forms))

    def perform(self, action: str, data: dict[str, Any]) -> str:
        actor = self.request.user
        if action == "term":
            services.committee_term_create(actor=actor, org=self.org, **data)
            return _("Election recorded.")
        if action == "post":
            services.committee_post_add(actor=actor, **data)
            return _("Post recorded.")
        services.committee_post_end(
            actor=actor, post=data["committee_post"], ended_on=data["ended_on"]
        )
        return _("Post ended.")
