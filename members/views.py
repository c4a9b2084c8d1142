"""Pages of the roster and the person record: the roster as of a day, one person's record and
history, the user's own profile, the photo, and the forms that write a person's data, status
and party group. Transfers are in ``views_transfers``, the committee in ``views_committee``."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from branch.mixins import OrganizationMixin, ServiceFormView
from branch.models import Organization
from members import services
from members.forms import (
    GroupAssignForm,
    PersonCreateForm,
    PersonUpdateForm,
    RosterFilterForm,
    StatusChangeForm,
    person_initial,
)
from members.idcard import mask
from members.models import (
    CommitteePost,
    DevelopmentStep,
    GroupMembership,
    Membership,
    Person,
    Stage,
    Transfer,
)
from members.selectors import (
    counts_on,
    person_for_user,
    person_get_for_user,
    roster_queryset,
    state_of,
    states_of,
)

COUNTED_STAGES = (Stage.FULL, Stage.PROBATIONARY, Stage.CANDIDATE, Stage.ACTIVIST, Stage.APPLICANT)


def stage_counts(org: Organization, day) -> list[tuple[str, str, int]]:
    """``(stage, label, count)`` for each stage, from the fullest to the newest."""
    counts = counts_on(org, day)
    return [(stage, Stage(stage).label, counts[stage]) for stage in COUNTED_STAGES]


# The roster ---------------------------------------------------------------------------------


class RosterView(OrganizationMixin, TemplateView):
    """党员名册 as of a day. Lists never show ID or phone numbers in full."""

    page_cache = True
    permission = "view_organization"
    template_name = "members/roster.html"
    paginate_by = 100  # a county's roster runs to thousands; most branches fit on one page

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = RosterFilterForm(self.request.GET or None, org=self.org)
        filters: dict[str, Any] = {}
        day = timezone.localdate()
        if form.is_bound:
            # A bad field is reported on the form; the good ones still filter.
            form.is_valid()
            data = form.cleaned_data
            day = data.get("as_of") or day
            filters = {
                "q": data.get("q", ""),
                "stage": data.get("stage", ""),
                "category": data.get("category", ""),
                "group": data["group"].pk if data.get("group") else None,
                "standing": data.get("standing", ""),
            }
        people = roster_queryset(self.org, day, **filters)
        page = Paginator(people, self.paginate_by).get_page(self.request.GET.get("page"))
        states = states_of(list(page.object_list), self.org, day)
        for state in states:
            state.phone_masked = mask(state.person.phone)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            form=form,
            day=day,
            is_today=day == timezone.localdate(),
            states=states,
            total=page.paginator.count,
            page=page,
            query=query.urlencode(),
            counts=stage_counts(self.org, day),
            filtered=any(filters.values()),
            can_log="log_records" in self.perms,
        )
        return context


# One person ---------------------------------------------------------------------------------


def person_record(person: Person, org: Organization) -> Person:
    """The person with every part of their history the record page shows, in a fixed number
    of queries."""
    return (
        Person.objects.filter(pk=person.pk)
        .select_related("user")
        .prefetch_related(
            "status_changes",
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("organization").order_by("joined_on"),
            ),
            Prefetch(
                "group_memberships",
                queryset=GroupMembership.objects.select_related(
                    "party_group__organization"
                ).order_by("joined_on"),
            ),
            Prefetch(
                "committee_posts",
                queryset=CommitteePost.objects.select_related("term__organization").order_by(
                    "-started_on"
                ),
            ),
            Prefetch(
                "transfers",
                queryset=Transfer.objects.filter(
                    organization__path__startswith=org.path
                ).select_related("organization", "counterpart_org"),
            ),
        )
        .get()
    )


def may_see_personal_data(user: Any, perms: set[str], person: Person, *, kept: bool = True) -> bool:
    """ID and phone numbers in full: holders of ``view_personal_data`` where the person is
    kept now (not a branch they have left for another), and the person themself, on every
    page and form."""
    if person.user_id is not None and person.user_id == user.pk:
        return True
    return kept and "view_personal_data" in perms


def person_context(request, org: Organization, perms: set[str], person: Person) -> dict[str, Any]:
    """What the record page shows. ID and phone numbers in full only to holders of
    ``view_personal_data`` and to the person themself."""
    person = person_record(person, org)
    today = timezone.localdate()
    # a branch the person has left for another keeps their past records to read only
    # (``members.selectors.keeps_now``, here from the memberships already loaded)
    latest = max(person.memberships.all(), key=lambda m: (m.joined_on, m.pk), default=None)
    kept = latest is not None and latest.organization.path.startswith(org.path)
    full = may_see_personal_data(request.user, perms, person, kept=kept)
    can_log = "log_records" in perms and kept
    history = sorted(
        person.status_changes.all(), key=lambda c: (c.effective_on, c.pk), reverse=True
    )
    transfers = list(person.transfers.all())
    steps = (
        DevelopmentStep.objects.filter(person=person)
        .select_related("organization", "recorded_by")
        .prefetch_related("people", "attachments")
        .order_by("done_on", "number", "cycle")
    )
    state = state_of(person, today)
    return {
        "person": person,
        "state": state,
        # moves and transfers are recorded by the branch that keeps the person today
        "kept_here": state.membership is not None
        and state.membership.organization.path.startswith(org.path),
        "today": today,
        "full_personal_data": full,
        "id_number_shown": person.id_number if full else mask(person.id_number),
        "phone_shown": person.phone if full else mask(person.phone),
        "status_history": history,
        "memberships": person.memberships.all(),
        "group_memberships": person.group_memberships.all(),
        "committee_posts": person.committee_posts.all(),
        "transfers": transfers,
        "pending_slips": [
            t
            for t in transfers
            if t.direction == Transfer.Direction.OUT and t.return_slip_on is None
        ]
        if can_log
        else [],
        "steps": steps,
        "can_log": can_log,
        "photo_url": reverse("members:photo", kwargs={"org_code": org.code, "pk": person.pk})
        if person.photo
        else None,
    }


class PersonDetailView(OrganizationMixin, TemplateView):
    """One person's record. Members reach their own record; reading anyone else's needs
    ``view_organization`` (checked by ``person_get_for_user``)."""

    template_name = "members/person_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        person = person_get_for_user(self.request.user, self.org, self.kwargs["pk"])
        context.update(person_context(self.request, self.org, self.perms, person))
        return context


class MyProfileView(OrganizationMixin, TemplateView):
    """The record of the person linked to the user's account."""

    template_name = "members/person_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        person = person_for_user(self.request.user, self.org)
        context["is_me"] = True
        if person is None:
            context["person"] = None
            return context
        context.update(person_context(self.request, self.org, self.perms, person))
        return context


class PhotoView(OrganizationMixin, View):
    """The photo, to whoever may read the record: never a public media URL."""

    def get(self, request, *args, **kwargs):
        person = person_get_for_user(request.user, self.org, kwargs["pk"])
        if not person.photo:
            raise Http404(_("No photo."))
        try:
            handle = person.photo.open("rb")
        except FileNotFoundError:
            raise Http404(_("No photo.")) from None
        content_type = mimetypes.guess_type(person.photo.name)[0] or "application/octet-stream"
        response = FileResponse(handle, content_type=content_type)
        response["Cache-Control"] = "private, max-age=600"
        return response


# Forms about one person ---------------------------------------------------------------------


class PersonFormView(ServiceFormView):
    """A form about one person of the organisation; the person is fetched and authorised once."""

    permission = "log_records"
    template_name = "members/form.html"

    def dispatch(self, request, *args, **kwargs):
        self.person: Person | None = None
        return super().dispatch(request, *args, **kwargs)

    def get_person(self) -> Person:
        if self.person is None:
            self.person = person_get_for_user(
                self.request.user, self.org, self.kwargs["pk"], perm=self.permission
            )
        return self.person

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["person"] = self.get_person()
        context["cancel_url"] = self.person_url()
        return context

    def person_url(self) -> str:
        return reverse("members:person", kwargs={"org_code": self.org.code, "pk": self.person.pk})

    def get_success_url(self) -> str:
        return self.person_url()


class PersonCreateView(ServiceFormView):
    permission = "log_records"
    template_name = "members/form.html"
    form_class = PersonCreateForm
    success_message = gettext_lazy("Person added to the roster.")
    extra_context = {"title": gettext_lazy("New person"), "multipart": True}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "org": self.org}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = reverse("members:index", kwargs={"org_code": self.org.code})
        return context

    def perform(self, form):
        return services.person_create(actor=self.request.user, org=self.org, **form.service_data())

    def get_success_url(self) -> str:
        return reverse("members:person", kwargs={"org_code": self.org.code, "pk": self.result.pk})


class PersonUpdateView(PersonFormView):
    form_class = PersonUpdateForm
    success_message = gettext_lazy("Saved.")
    extra_context = {"title": gettext_lazy("Edit personal data"), "multipart": True}

    def personal_data(self) -> bool:
        """Whether the form shows and changes the ID and phone numbers."""
        return may_see_personal_data(self.request.user, self.perms, self.get_person())

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "personal_data": self.personal_data()}

    def get_initial(self) -> dict[str, Any]:
        return person_initial(self.get_person(), personal_data=self.personal_data())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if not self.personal_data():
            context["intro"] = _(
                "ID and phone numbers are shown in full only to the branch secretary and to "
                "the person."
            )
        return context

    def perform(self, form):
        return services.person_update(
            actor=self.request.user, org=self.org, person=self.get_person(), **form.service_data()
        )


class StatusChangeView(PersonFormView):
    form_class = StatusChangeForm
    success_message = gettext_lazy("Change recorded.")
    extra_context = {
        "title": gettext_lazy("Record a change of stage, category or standing"),
        "intro": gettext_lazy(
            "A standing of deceased, left, expelled or cancelled ends the person's time in "
            "the branch on that day."
        ),
    }

    def perform(self, form):
        return services.status_change_record(
            actor=self.request.user, org=self.org, person=self.get_person(), **form.cleaned_data
        )


class GroupAssignView(PersonFormView):
    form_class = GroupAssignForm
    success_message = gettext_lazy("Party group changed.")
    extra_context = {"title": gettext_lazy("Move to a party group")}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "org": self.org}

    def perform(self, form):
        return services.group_assign(
            actor=self.request.user, org=self.org, person=self.get_person(), **form.cleaned_data
        )
