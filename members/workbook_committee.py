"""The 支委会 sheet of the branch workbook (DESIGN §6): one committee post a row.

A post goes into the committee term in office on the day it was taken up; where the branch
has no term covering that day, the row's day is taken as an election and a term is created
(its length by ``members.rules``). Rows are applied in date order, so a file listing several
terms creates them oldest first, as ``committee_term_create`` requires.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from branch.audit import Action, audit_record
from branch.dates import DateKind, long_date
from branch.workbook import (
    Change,
    Column,
    ExportContext,
    ImportContext,
    Problem,
    Row,
    RowError,
    Sheet,
    duplicates,
    limit,
)
from branch.workbook_cells import choice, dated, first_labels
from members import services
from members.models import CommitteePost, CommitteeTerm, Post
from members.workbook_roster import find_person

NAME, POST, STARTED, DUTIES, ENDED = "姓名", "职务", "任职日期", "分工", "离任日期"

POSTS = {
    "书记": Post.SECRETARY,
    "支部书记": Post.SECRETARY,
    "副书记": Post.DEPUTY,
    "组织委员": Post.ORGANIZATION,
    "宣传委员": Post.PROPAGANDA,
    "纪检委员": Post.DISCIPLINE,
    "纪律检查委员": Post.DISCIPLINE,
    "其他": Post.OTHER,
    "委员": Post.OTHER,
}


class CommitteeSheet(Sheet):
    name = "支委会"
    order = 20
    columns = (
        Column(NAME, required=True),
        Column(POST, choice(POSTS), required=True),
        Column(STARTED, dated(DateKind.PARTY, STARTED), required=True),
        Column(DUTIES, max_length=limit(CommitteePost, "duties")),
        Column(ENDED, dated(DateKind.PARTY, ENDED)),
    )
    field_columns = {
        "person": STARTED,  # not a full member on that day
        "post": POST,
        "started_on": STARTED,
        "elected_on": STARTED,
        "ended_on": ENDED,
        "duties": DUTIES,
    }

    def label(self, row: Row) -> str:
        return f"{row[NAME]}（{Post(row[POST]).label}）" if row[POST] else row[NAME] or ""

    def check(self, rows: list[Row], ctx: ImportContext) -> list[Problem]:
        return duplicates(
            rows,
            lambda r: (r[NAME], r[POST], r[STARTED]) if r[NAME] and r[STARTED] else None,
            NAME,
        )

    def ordered(self, rows: list[Row]) -> list[Row]:
        return sorted(rows, key=lambda r: (r[STARTED] or datetime.date.min, r.number))

    def apply(self, row: Row, ctx: ImportContext) -> Change | tuple[Change, list[str]]:
        person = find_person(ctx, row[NAME], column=NAME)
        started_on = row[STARTED]
        existing = (
            CommitteePost.objects.filter(
                term__organization=ctx.org, person=person, post=row[POST], started_on=started_on
            )
            .select_related("term__organization")
            .first()
        )
        if existing is not None:
            return _update(existing, row, ctx)
        term = (
            CommitteeTerm.objects.filter(
                organization=ctx.org, elected_on__lte=started_on, ends_on__gt=started_on
            )
            .order_by("-elected_on")
            .first()
        )
        if term is None:
            term = services.committee_term_create(
                actor=ctx.actor, org=ctx.org, elected_on=started_on
            )
        post = services.committee_post_add(
            actor=ctx.actor,
            term=term,
            person=person,
            post=row[POST],
            started_on=started_on,
            duties=row[DUTIES] or "",
        )
        if row[ENDED]:
            services.committee_post_end(actor=ctx.actor, post=post, ended_on=row[ENDED])
        return Change.CREATED

    def export(self, ctx: ExportContext) -> Iterable[dict[str, Any]]:
        posts = (
            CommitteePost.objects.filter(term__organization=ctx.org)
            .select_related("person")
            .order_by("started_on", "term__elected_on", "post", "pk")
        )
        labels = first_labels(POSTS)
        for post in posts:
            yield {
                NAME: post.person.name,
                POST: labels[post.post],
                STARTED: post.started_on,
                DUTIES: post.duties,
                ENDED: post.ended_on,
            }


def _update(post: CommitteePost, row: Row, ctx: ImportContext) -> Change | tuple[Change, list]:
    changed: list[str] = []
    if row[DUTIES] and row[DUTIES] != post.duties:
        before = post.duties
        post.duties = row[DUTIES]
        post.save(update_fields=["duties"])
        audit_record(
            actor=ctx.actor,
            organization=ctx.org,
            action=Action.UPDATE,
            obj=post,
            before={"duties": before},
            after={"duties": post.duties},
        )
        changed.append(DUTIES)
    if row[ENDED] and post.ended_on is None:
        services.committee_post_end(actor=ctx.actor, post=post, ended_on=row[ENDED])
        changed.append(ENDED)
    elif row[ENDED] and row[ENDED] != post.ended_on:
        raise RowError(
            _("The records give %(date)s.") % {"date": long_date(post.ended_on)}, column=ENDED
        )
    return (Change.UPDATED, changed) if changed else Change.UNCHANGED
