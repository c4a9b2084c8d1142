"""Pages of talks (谈心谈话) and the democratic review (民主评议党员): the year's talks and who
still needs one, the reviews by year, one review with the form that takes every member's
self-evaluation and rating in one save, and a member's own ratings."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from branch.dates import requested_year
from branch.exceptions import ServiceError
from branch.mixins import OrganizationMixin, ServiceFormView
from meetings import reviews, talks
from meetings.forms_life import ReviewEntriesForm, ReviewFinalizeForm, ReviewOpenForm, TalkForm
from meetings.models import Kind, Meeting, Rating, Review, ReviewEntry, Talk
from meetings.selectors import review_get
from members.models import Person
from members.selectors import person_for_user


class LifeFormView(ServiceFormView):
    """A form of this module on the shared form page, with a way back."""

    permission = "log_records"
    template_name = "meetings/life/form.html"
    title = ""
    intro = ""

    def back_url(self) -> str:
        raise NotImplementedError

    def get_title(self) -> str:
        return str(self.title)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(title=self.get_title(), intro=self.intro, cancel_url=self.back_url())
        return context


# Talks --------------------------------------------------------------------------------------


class TalkListView(OrganizationMixin, TemplateView):
    permission = "view_organization"
    template_name = "meetings/life/talks.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        year = requested_year(self.request, org=self.org, ahead=1)  # next year's plan too
        year_talks = Talk.objects.filter(
            organization=self.org, held_on__year=year
        ).prefetch_related(
            Prefetch("participants", queryset=Person.objects.order_by("sort_key", "pk"))
        )
        context.update(
            year=year,
            previous_year=year - 1,
            next_year=year + 1 if year < today.year else None,
            talks=year_talks,
            # coverage is about a branch's own members; a committee node records no talks
            coverage=talks.coverage(self.org, year, today) if self.org.is_branch else None,
            can_log="log_records" in self.perms and self.org.is_branch,
        )
        return context


class TalkCreateView(LifeFormView):
    form_class = TalkForm
    title = gettext_lazy("Record a talk")
    intro = gettext_lazy(
        "Every committee member talks with every other at least once a year, and with the "
        "members; members talk with each other too."
    )
    success_message = gettext_lazy("Talk recorded.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "org": self.org}

    def get_initial(self) -> dict[str, Any]:
        return {"held_on": timezone.localdate()}

    def perform(self, form: TalkForm) -> Talk:
        return talks.talk_record(
            actor=self.request.user,
            org=self.org,
            held_on=form.cleaned_data["held_on"],
            category=form.cleaned_data["category"],
            participants=list(form.cleaned_data["participants"]),
            topic=form.cleaned_data["topic"],
            summary=form.cleaned_data["summary"],
        )

    def back_url(self) -> str:
        return reverse("meetings:talks", kwargs={"org_code": self.org.code})

    def get_success_url(self) -> str:
        return f"{self.back_url()}?year={self.result.held_on.year}"


# The democratic review ----------------------------------------------------------------------


class ReviewListView(OrganizationMixin, TemplateView):
    permission = "view_organization"
    template_name = "meetings/life/reviews.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            reviews=Review.objects.filter(organization=self.org)
            .select_related("meeting")
            .annotate(
                members=Count("entries"),
                rated=Count("entries", filter=~Q(entries__rating="")),
                excellent=Count("entries", filter=Q(entries__rating=Rating.EXCELLENT)),
            )
            .order_by("-year"),
            can_log="log_records" in self.perms and self.org.is_branch,
        )
        return context


class ReviewOpenView(LifeFormView):
    form_class = ReviewOpenForm
    title = gettext_lazy("Open the democratic review")
    intro = gettext_lazy(
        "Everyone who is a party member on the day of the review is listed; probationary "
        "members take part but are not rated."
    )
    success_message = gettext_lazy("Review opened: enter the self-evaluations and ratings.")

    def year(self) -> int:
        return requested_year(self.request, org=self.org, ahead=1)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "org": self.org, "year": self.year()}

    def get_initial(self) -> dict[str, Any]:
        year = self.year()
        # The review is usually held at the year's 组织生活会: suggest it when there is one.
        meeting = (
            Meeting.objects.filter(
                organization=self.org, kind=Kind.ORG_LIFE_MEETING, held_on__year=year
            )
            .order_by("-held_on")
            .first()
        )
        today = timezone.localdate()
        held_on = meeting.held_on if meeting else min(today, datetime.date(year, 12, 31))
        return {"year": year, "held_on": held_on, "meeting": meeting}

    def perform(self, form: ReviewOpenForm) -> Review:
        return reviews.review_open(actor=self.request.user, org=self.org, **form.cleaned_data)

    def back_url(self) -> str:
        return reverse("meetings:reviews", kwargs={"org_code": self.org.code})

    def get_success_url(self) -> str:
        return review_url(self.org.code, self.result.year)


def review_url(org_code: str, year: int) -> str:
    return reverse("meetings:review", kwargs={"org_code": org_code, "year": year})


class ReviewDetailView(OrganizationMixin, TemplateView):
    """One year's review. Reading needs ``view_organization``; the one form of every entry
    (``log_records``) saves all changes or, when one is refused, none."""

    permission = "view_organization"
    post_permission = "log_records"
    template_name = "meetings/life/review.html"

    def entries_form(self, review: Review, data: Any = None) -> ReviewEntriesForm | None:
        if not self.may_post() or review.finalized_on:
            return None
        return ReviewEntriesForm(data, review=review, entries=list(review.entries.all()))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        review = review_get(self.org, self.kwargs["year"])
        entries = list(review.entries.all())
        rated = [e for e in entries if e.rating]
        form = kwargs.get("form") or self.entries_form(review)
        context.update(
            review=review,
            entries=entries,
            rated=len(rated),
            counts=[
                (label, sum(e.rating == value for e in rated)) for value, label in Rating.choices
            ],
            excellent=[e for e in rated if e.rating == Rating.EXCELLENT],
            unrated=[e for e in entries if not e.probationary and not e.rating],
            warning=reviews.excellent_share_warning(review),
            form=form,
            finalize_form=ReviewFinalizeForm(initial={"decided_on": timezone.localdate()})
            if form is not None
            else None,
        )
        return context

    def post(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        review = review_get(self.org, kwargs["year"])
        if review.finalized_on:
            messages.error(request, _("The ratings of this review are decided and final."))
            return redirect(review_url(self.org.code, review.year))
        form = self.entries_form(review, request.POST)
        if form.is_valid():
            try:
                count = reviews.review_results_record(
                    actor=request.user, review=review, results=form.changes()
                )
            except ServiceError as exc:
                entry_id = getattr(exc, "entry_id", None)
                form.add_error(form.field_of(entry_id, exc.field), exc.message)
            else:
                messages.success(request, _("Saved: %(count)d members changed.") % {"count": count})
                return redirect(review_url(self.org.code, review.year))
        return self.render_to_response(self.get_context_data(form=form))


class ReviewFinalizeView(LifeFormView):
    form_class = ReviewFinalizeForm
    intro = gettext_lazy(
        "Every full member must be rated first. Once decided, the ratings can no longer change."
    )
    success_message = gettext_lazy("The ratings are decided.")

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        self.review: Review | None = None
        return super().dispatch(request, *args, **kwargs)

    def get_review(self) -> Review:
        if self.review is None:
            self.review = review_get(self.org, self.kwargs["year"])
        return self.review

    def get_title(self) -> str:
        return _("Decide the ratings of the %(year)d review") % {"year": self.kwargs["year"]}

    def get_initial(self) -> dict[str, Any]:
        return {"decided_on": timezone.localdate()}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.get_review()  # an unknown year answers 404 before the form shows
        return super().get_context_data(**kwargs)

    def perform(self, form: ReviewFinalizeForm) -> Review:
        return reviews.review_finalize(
            actor=self.request.user,
            review=self.get_review(),
            decided_on=form.cleaned_data["decided_on"],
        )

    def back_url(self) -> str:
        return review_url(self.org.code, self.kwargs["year"])

    def get_success_url(self) -> str:
        return self.back_url()


class MyReviewView(OrganizationMixin, TemplateView):
    """A member's own ratings and self-evaluations, year by year. A rating shows once the
    branch has decided the ratings; until then it may still change."""

    template_name = "meetings/life/my_review.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        person = person_for_user(self.request.user, self.org)
        entries = []
        if person is not None:
            entries = list(
                ReviewEntry.objects.filter(
                    person=person, review__organization__path__startswith=self.org.path
                )
                .select_related("review__organization")
                .order_by("-review__year")
            )
        context.update(person=person, entries=entries)
        return context
