"""The facts shown beside each section of the editor: the figures and names that section's
proposed text is written from, so the secretary checks them while writing.

The values come from ``Facts`` (live for a draft, frozen for a final); names and titles are
the records' own, the labels are interface text. ``reports.proposals.SECTIONS`` says which
function shows the facts of which section.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from meetings.models import Kind, Rating
from members.models import Stage
from reports.facts import Facts


@dataclass
class Fact:
    label: str
    value: str = ""
    items: list[str] = field(default_factory=list)  # a list of names, titles…
    warning: bool = False  # short of the rule: shown highlighted


def _kind_label(kind: str, fallback: str) -> str:
    return str(Kind(kind).label) if kind in Kind.values else fallback


def _names(names: list[str]) -> str:
    return "、".join(names) if names else "—"


def opening(f: Facts) -> list[Fact]:
    return [Fact(_("Branch"), f.organization), Fact(_("Unit"), f.unit or "—")]


def basics(f: Facts) -> list[Fact]:
    facts = [
        Fact(_("Counted on"), f.as_of),
        Fact(
            _("Members"),
            _("%(total)d: %(full)d full, %(prob)d probationary")
            % {
                "total": f.members_total,
                "full": f.members_full,
                "prob": f.members_probationary,
            },
        ),
        Fact(_("Secretary"), f.secretary or "—", warning=not f.secretary),
        Fact(
            _("Committee"),
            items=[
                f"{c['name']}（{c['post']}）" + (f" {c['duties']}" if c["duties"] else "")
                for c in f.committee
            ],
            value="" if f.committee else "—",
        ),
        Fact(_("Party groups"), _names(f.groups)),
    ]
    facts.append(
        Fact(
            _("Honours this year"),
            items=[
                f"{h['date']} {h['title']}（{h['issuer']}{'，' + h['rank'] if h['rank'] else ''}）"
                for h in f.honors
            ],
            value="" if f.honors else "—",
        )
    )
    return facts


def org_life(f: Facts) -> list[Fact]:
    facts = [
        Fact(
            _kind_label(m["kind"], m["label"]),
            _("%(held)d held, %(required)d required") % m,
            # where the rule was missed: 3月、5月; per group or branch where it applies
            items=[
                f"{gap['branch']}{gap['group']}{'、'.join(gap['periods'])}"
                for gap in m.get("gaps", [])
            ],
            warning=bool(m["short"]),
        )
        for m in f.meetings
    ]
    facts.append(
        Fact(
            _("Lectures by the secretary"),
            str(f.secretary_lectures),
            warning=not f.secretary_lectures,
        )
    )
    facts.append(
        Fact(
            _("Party lectures"),
            items=[
                f"{lec['date']} {lec['lecturer']}《{lec['title']}》"
                + (" · " + _("given by the secretary") if lec["by_secretary"] else "")
                for lec in f.lectures
            ],
            value="" if f.lectures else "—",
        )
    )
    rate = "—" if f.attendance_rate is None else f"{f.attendance_rate:g}%"
    facts.append(Fact(_("Attendance rate"), rate))
    return facts


def study(f: Facts) -> list[Fact]:
    return [
        Fact(_("Study sessions"), str(f.study_sessions)),
        Fact(
            _("Documents studied"),
            items=list(f.documents_studied),
            value="" if f.documents_studied else "—",
        ),
    ]


def development(f: Facts) -> list[Fact]:
    facts = [
        Fact(str(Stage(stage).label), _names(names))
        for stage, names in f.development.items()
        if stage in Stage.values and names
    ]
    if not facts:
        facts.append(Fact(_("Changes of stage"), "—"))
    if f.extensions:
        facts.append(Fact(_("Probation extended"), _names(f.extensions)))
    facts.append(
        Fact(
            _("Full membership overdue"),
            _names(f.overdue_full_membership),
            warning=bool(f.overdue_full_membership),
        )
    )
    return facts


def dues(f: Facts) -> list[Fact]:
    def yuan(amount: str) -> str:
        return _("%(amount)s yuan") % {"amount": amount}

    return [
        Fact(_("Due"), yuan(f.dues_due)),
        Fact(_("Paid"), yuan(f.dues_paid)),
        Fact(_("Collection rate"), f"{f.dues_rate}%" if f.dues_rate is not None else "—"),
        Fact(_("Back-payments"), yuan(f.dues_back)),
        Fact(_("Voluntary extra"), yuan(f.dues_extra)),
        Fact(
            _("In arrears 3+ months"),
            str(f.dues_in_arrears),
            warning=bool(f.dues_in_arrears),
        ),
        Fact(_("Of whom 6+ months"), str(f.dues_flagged), warning=bool(f.dues_flagged)),
    ]


def transfers(f: Facts) -> list[Fact]:
    def rows(transfers: list[dict]) -> list[str]:
        return [f"{t['date']} {t['name']}（{t['counterpart']}）" for t in transfers]

    return [
        Fact(_("Transferred in"), items=rows(f.transfers_in), value="" if f.transfers_in else "—"),
        Fact(
            _("Transferred out"), items=rows(f.transfers_out), value="" if f.transfers_out else "—"
        ),
    ]


def review_talks(f: Facts) -> list[Fact]:
    facts = []
    if f.review:
        r = f.review
        ratings = "，".join(
            f"{Rating(k).label if k in Rating.values else k} {n}" for k, n in r["ratings"].items()
        )
        facts.append(Fact(_("Democratic review"), f"{r['held_on']}：{ratings or '—'}"))
        facts.append(Fact(_("Rated excellent"), _names(r["excellent"])))
    else:
        facts.append(Fact(_("Democratic review"), _("none recorded"), warning=True))
    facts.append(Fact(_("Talks"), str(f.talks)))
    facts.append(
        Fact(_("Members without a talk"), _names(f.without_talk), warning=bool(f.without_talk))
    )
    if f.committee_pairs_missing:
        facts.append(
            Fact(
                _("Committee pairs without a talk"),
                items=[f"{a}—{b}" for a, b in f.committee_pairs_missing],
                warning=True,
            )
        )
    return facts


def activities(f: Facts) -> list[Fact]:
    return [
        Fact(_("Theme party days"), str(f.theme_days)),
        Fact(_("Volunteer service"), items=list(f.volunteer), value="" if f.volunteer else "—"),
    ]


def integrity(f: Facts) -> list[Fact]:
    return [
        Fact(_("Integrity education"), items=list(f.integrity), value="" if f.integrity else "—"),
        Fact(_("Decisions voted"), str(f.decisions)),
        Fact(
            _("Major decisions (三重一大)"),
            items=[f"{d['date']} {d['title']}（{d['category']}）" for d in f.major_decisions],
            value="" if f.major_decisions else "—",
        ),
    ]


def public(f: Facts) -> list[Fact]:
    return [
        Fact(
            _("Public affairs"),
            items=[f"{n['date']} {n['title']}" for n in f.published],
            value="" if f.published else "—",
        )
    ]
