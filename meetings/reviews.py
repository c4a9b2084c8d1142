"""民主评议党员: the yearly review of a branch's members, usually at its 组织生活会."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branch.audit import Action, audit_record
from branch.dates import DateKind, long_date, service_check
from branch.exceptions import ServiceError
from branch.models import Organization
from branch.services import require_perm
from meetings import rules
from meetings.models import Kind, Meeting, Rating, Review, ReviewEntry
from members.models import Stage
from members.selectors import people_in, state_of, with_history


@transaction.atomic
def review_open(
    *,
    actor: Any,
    org: Organization,
    year: int,
    held_on: datetime.date,
    meeting: Meeting | None = None,
) -> Review:
    """Open the year's review: every party member on ``held_on`` is listed; probationary
    members take part but are not rated."""
    require_perm(actor, "log_records", org)
    if held_on.year != year:
        raise ServiceError(
            _("The review of %(year)d is held in %(year)d.") % {"year": year}, field="held_on"
        )
    service_check(
        DateKind.EVENT,
        held_on,
        field="held_on",
        label=Review._meta.get_field("held_on").verbose_name,
        org=org,
    )
    if meeting is not None and (
        meeting.organization_id != org.pk or meeting.kind != Kind.ORG_LIFE_MEETING
    ):
        raise ServiceError(
            _("Link the review to an organisational life meeting of this branch."),
            field="meeting",
        )
    if Review.objects.filter(organization=org, year=year).exists():
        raise ServiceError(
            _("%(org)s already has a review for %(year)d.") % {"org": org.name, "year": year},
            field="year",
        )
    review = Review.objects.create(organization=org, year=year, held_on=held_on, meeting=meeting)
    states = [state_of(p, held_on) for p in with_history(people_in(org, held_on), org)]
    ReviewEntry.objects.bulk_create(
        ReviewEntry(review=review, person=s.person, probationary=s.stage == Stage.PROBATIONARY)
        for s in states
        if s.is_party_member
    )
    audit_record(
        actor=actor,
        organization=org,
        action=Action.CREATE,
        obj=review,
        after={"year": year, "held_on": held_on, "members": review.entries.count()},
    )
    return review


@transaction.atomic
def review_entry_update(
    *, actor: Any, entry: ReviewEntry, self_evaluation: str, rating: str
) -> ReviewEntry:
    review = entry.review
    require_perm(actor, "log_records", review.organization)
    if review.finalized_on:
        raise ServiceError(_("The ratings of this review are decided and final."))
    if rating and rating not in Rating.values:
        raise ServiceError(_("Unknown rating."), field="rating")
    if entry.probationary and rating:
        raise ServiceError(
            _("%(person)s is a probationary member: they take part but are not rated.")
            % {"person": entry.person.name},
            field="rating",
        )
    before = {"self_evaluation": entry.self_evaluation, "rating": entry.rating}
    entry.self_evaluation, entry.rating = self_evaluation, rating
    entry.save(update_fields=["self_evaluation", "rating"])
    audit_record(
        actor=actor,
        organization=review.organization,
        action=Action.UPDATE,
        obj=entry,
        before=before,
        after={"self_evaluation": self_evaluation, "rating": rating},
    )
    return entry


class EntryRefused(ServiceError):
    """A refused entry of a review page; ``entry_id`` names it."""

    def __init__(self, exc: ServiceError, entry_id: int) -> None:
        super().__init__(exc.message, field=exc.field)
        self.entry_id = entry_id


@transaction.atomic
def review_results_record(
    *, actor: Any, review: Review, results: dict[int, tuple[str, str]]
) -> int:
    """Save the self-evaluations and ratings of a review's page in one go (entry id ->
    (self-evaluation, rating)): a refused entry leaves every entry as it was and names itself
    (``EntryRefused``). Returns how many entries changed."""
    require_perm(actor, "log_records", review.organization)
    entries = review.entries.select_related("person").in_bulk(list(results))
    for entry_id, (text, rating) in results.items():
        entry = entries.get(entry_id)
        if entry is None:
            raise ServiceError(_("That member is not on the list of this review."))
        entry.review = review
        try:
            review_entry_update(actor=actor, entry=entry, self_evaluation=text, rating=rating)
        except ServiceError as exc:
            raise EntryRefused(exc, entry_id) from None
    return len(results)


def excellent_share_warning(review: Review) -> str | None:
    """优秀 is usually given to no more than a third of those rated."""
    rated = [e for e in review.entries.all() if e.rating]
    excellent = sum(e.rating == Rating.EXCELLENT for e in rated)
    num, den = rules.REVIEW_EXCELLENT_SHARE
    if rated and excellent * den > len(rated) * num:
        return _("%(excellent)d of %(rated)d members are rated excellent: more than a third.") % {
            "excellent": excellent,
            "rated": len(rated),
        }
    return None


@transaction.atomic
def review_finalize(*, actor: Any, review: Review, decided_on: datetime.date) -> Review:
    require_perm(actor, "log_records", review.organization)
    if review.finalized_on:
        raise ServiceError(_("The ratings of this review are decided and final."))
    missing = [
        e.person.name
        for e in review.entries.select_related("person")
        if not e.probationary and not e.rating
    ]
    if missing:
        raise ServiceError(
            _("Rate every full member first: %(names)s.") % {"names": "、".join(missing)}
        )
    if decided_on < review.held_on or decided_on > timezone.localdate():
        raise ServiceError(
            _("The ratings are decided on or after the review (%(date)s), not in the future.")
            % {"date": long_date(review.held_on)},
            field="decided_on",
        )
    review.finalized_on = decided_on
    review.save(update_fields=["finalized_on"])
    audit_record(
        actor=actor,
        organization=review.organization,
        action=Action.UPDATE,
        obj=review,
        before={"finalized_on": None},
        after={"finalized_on": decided_on},
    )
    return review
