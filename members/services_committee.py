"""Writes about a branch's committee (支部委员会): electing a committee for its term, and the
posts its members take up and leave. The warnings about a committee are in
``members.committee``."""

from __future__ import annotations

import datetime
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils.translation import gettext as _

from branch.audit import Action, audit_record
from branch.dates import DateKind, long_date, service_check
from branch.exceptions import ServiceError
from branch.models import Organization
from branch.services import full_clean, require_perm
from members import rules
from members.choices import Post
from members.models import CommitteePost, CommitteeTerm, Person
from members.selectors import state_of, with_history


@transaction.atomic
def committee_term_create(
    *, actor: Any, org: Organization, elected_on: datetime.date, note: str = ""
) -> CommitteeTerm:
    """A newly elected committee; its term is three years (five in villages and communities).
    The term before it ends on the day of the election."""
    require_perm(actor, "manage_organization", org)
    if not org.is_branch:
        raise ServiceError(_("A committee is elected by a party branch."))
    service_check(
        DateKind.PARTY,
        elected_on,
        field="elected_on",
        label=CommitteeTerm._meta.get_field("elected_on").verbose_name,
    )
    if CommitteeTerm.objects.filter(organization=org, elected_on__gte=elected_on).exists():
        raise ServiceError(
            _("%(org)s already has a committee elected on or after %(date)s.")
            % {"org": org.name, "date": long_date(elected_on)},
            field="elected_on",
        )
    previous = CommitteeTerm.objects.filter(organization=org).order_by("-elected_on").first()
    if previous is not None:
        CommitteePost.objects.filter(term=previous, ended_on__isnull=True).update(
            ended_on=elected_on
        )
        if previous.ends_on > elected_on:
            previous.ends_on = elected_on
            previous.save(update_fields=["ends_on"])
    term = CommitteeTerm.objects.create(
        organization=org,
        elected_on=elected_on,
        ends_on=elected_on + relativedelta(years=rules.term_years(org.community_based)),
        note=note,
    )
    audit_record(
        actor=actor,
        organization=org,
        action=Action.CREATE,
        obj=term,
        after={"elected_on": elected_on, "ends_on": term.ends_on, "note": note},
    )
    return term


@transaction.atomic
def committee_post_add(
    *,
    actor: Any,
    term: CommitteeTerm,
    person: Person,
    post: str,
    started_on: datetime.date,
    duties: str = "",
) -> CommitteePost:
    org = term.organization
    require_perm(actor, "manage_organization", org)
    if post not in Post.values:
        raise ServiceError(_("Unknown post “%(post)s”.") % {"post": post}, field="post")
    service_check(
        DateKind.PARTY,
        started_on,
        field="started_on",
        label=CommitteePost._meta.get_field("started_on").verbose_name,
    )
    if not (term.elected_on <= started_on < term.ends_on):
        raise ServiceError(
            _("%(date)s is outside the term %(start)s–%(end)s.")
            % {
                "date": long_date(started_on),
                "start": long_date(term.elected_on),
                "end": long_date(term.ends_on),
            },
            field="started_on",
        )
    state = state_of(with_history(Person.objects.filter(pk=person.pk), org).get(), started_on)
    if state.membership is None or not state.may_vote:
        raise ServiceError(
            _("%(person)s was not a full member of %(org)s on %(date)s.")
            % {"person": person.name, "org": org.name, "date": long_date(started_on)},
            field="person",
        )
    held = [p for p in term.posts.select_related("person") if p.active_on(started_on)]
    if any(p.person_id == person.pk and p.post == post for p in held):
        raise ServiceError(
            _("%(person)s already holds that post.") % {"person": person.name}, field="post"
        )
    if post == Post.SECRETARY and any(p.post == Post.SECRETARY for p in held):
        raise ServiceError(
            _("The committee already has a secretary on %(date)s; end that post first.")
            % {"date": long_date(started_on)},
            field="post",
        )
    new = CommitteePost(term=term, person=person, post=post, duties=duties, started_on=started_on)
    full_clean(new)
    new.save()
    audit_record(
        actor=actor,
        organization=org,
        action=Action.CREATE,
        obj=new,
        after={"person": person.name, "post": post, "duties": duties, "started_on": started_on},
    )
    return new


@transaction.atomic
def committee_post_end(
    *, actor: Any, post: CommitteePost, ended_on: datetime.date
) -> CommitteePost:
    org = post.term.organization
    require_perm(actor, "manage_organization", org)
    if post.ended_on is not None:
        raise ServiceError(_("That post has already ended."))
    if ended_on < post.started_on:
        raise ServiceError(
            _("A post cannot end before it started (%(date)s).")
            % {"date": long_date(post.started_on)},
            field="ended_on",
        )
    post.ended_on = ended_on
    post.save(update_fields=["ended_on"])
    audit_record(
        actor=actor,
        organization=org,
        action=Action.UPDATE,
        obj=post,
        before={"ended_on": None},
        after={"ended_on": ended_on},
    )
    return post
