"""The problems the records show, each with its measures and the records it comes from, so
the secretary can check it before keeping it."""

from __future__ import annotations

from dataclasses import dataclass

from meetings.models import Kind
from reports.facts import Facts
from reports.proposals.words import VERBS
from reports.proposals.words import name_list as _names
from reports.proposals.words import talk_pairs as _talk_pairs
from reports.proposals.words import year_complete as _year_complete
from reports.typography import (
    clean_name,
    cn_date,
    join_enum,
    join_list,
)

MEASURES = {
    Kind.GENERAL_ASSEMBLY: "每季度至少召开1次支部党员大会，年初排定各季度会期，提前通知。",
    Kind.COMMITTEE_MEETING: "每月至少召开1次支委会，年初排定全年会议计划，书记负责督办。",
    Kind.GROUP_MEETING: "各党小组每月至少召开1次党小组会，由党小组组长负责落实，支部按月检查。",
    Kind.PARTY_LECTURE: "每季度至少安排1次党课，年初确定主讲人和题目，纳入学习计划。",
    Kind.THEME_DAY: "固定每月主题党日时间，遇节假日提前或顺延，做到月月不空档。",
    Kind.ORG_LIFE_MEETING: "每年第四季度召开组织生活会，会前开展谈心谈话、广泛征求意见。",
}


@dataclass(frozen=True)
class Problem:
    title: str
    measures: str
    source: str

    def as_dict(self) -> dict:
        return {
            "title": self.title,
            "measures": self.measures,
            "source": self.source,
            "origin": "proposed",
        }


def _gap_title(m: dict) -> str:
    """``3月、5月未召开支委会``; per group ``第一党小组3月、第三党小组8月未召开党小组会``; a
    党总支 names the branch."""
    verb = VERBS.get(m["kind"], "召开")
    what = m["label"] + ("活动" if m["kind"] == Kind.THEME_DAY else "")
    where = []
    for gap in m["gaps"]:
        whole = gap.get("whole_year") or gap["periods"] == ["全年"]
        periods = "全年" if whole else join_enum(gap["periods"])
        where.append(f"{gap['branch']}{gap['group']}{periods}")
    return f"{'，'.join(where)}未{verb}{what}。"


def propose_problems(f: Facts) -> list[Problem]:
    """What the records show falls short of the rules, each with measures and its source."""
    problems = []
    for m in f.meetings:
        if m["gaps"]:
            problems.append(
                Problem(_gap_title(m), MEASURES[m["kind"]], "来源：组织生活记录与合规日历")
            )
    if f.secretary_lectures == 0 and not f.is_general_branch and _year_complete(f):
        problems.append(
            Problem(
                "书记本年度未讲党课。",
                "书记每年至少为党员讲1次党课，年初确定党课题目并纳入学习计划。",
                "来源：党课记录（主讲人）",
            )
        )
    if f.committee_missing:
        problems.append(
            Problem(
                f"支部有正式党员{f.members_full}名，尚未选举产生支部委员会。",
                "向上级党委请示，按程序召开支部党员大会选举产生支部委员会。",
                "来源：党员名册与支委会届期记录",
            )
        )
    elif f.committee_term_ends and f.committee_term_ends < f.as_of and not f.committee_changes:
        who = "支部委员会" if f.has_committee else "支部书记"
        problems.append(
            Problem(
                f"{who}任期已于{cn_date(f.committee_term_ends)}届满，尚未换届。",
                "向上级党委请示，尽快召开支部党员大会进行换届选举。",
                "来源：支委会届期记录",
            )
        )
    if f.without_talk or f.committee_pairs_missing:
        detail = []
        if f.without_talk:
            detail.append(f"{_names(f.without_talk, 5)}本年度没有谈心谈话记录")
        if f.committee_pairs_missing:
            pairs = "、".join(f"{a}与{b}" for a, b in f.committee_pairs_missing[:4])
            more = (
                f"等{len(f.committee_pairs_missing)}对"
                if len(f.committee_pairs_missing) > 4
                else ""
            )
            detail.append(f"支委{pairs}{more}之间尚未谈心谈话")
        problems.append(
            Problem(
                "谈心谈话未全覆盖：" + "；".join(detail) + "。",
                f"制定谈心谈话计划，{_talk_pairs(f)}每年至少谈心谈话1次，做好记录。",
                "来源：谈心谈话记录",
            )
        )
    if f.review is None and _year_complete(f):
        problems.append(
            Problem(
                "本年度未开展民主评议党员。",
                "结合年度组织生活会开展民主评议党员，按程序评定等次。",
                "来源：民主评议记录",
            )
        )
    if f.dues_arrears:
        people = "、".join(
            f"{clean_name(a['name'])}连续{a['months']}个月" for a in f.dues_arrears[:6]
        )
        more = f"等{len(f.dues_arrears)}名党员" if len(f.dues_arrears) > 6 else ""
        text = f"{people}{more}未交纳党费"
        flagged = [clean_name(a["name"]) for a in f.dues_arrears if a["flagged"]]
        if flagged:
            text += f"，其中{join_list(flagged)}连续6个月以上未交且无正当理由"
        problems.append(
            Problem(
                text + "。",
                "逐一谈心了解原因，督促按时足额交纳；对连续6个月不交纳党费且无正当理由的，"
                "按党章规定处理。",
                "来源：党费账目（应缴与实缴）",
            )
        )
    if f.overdue_full_membership:
        problems.append(
            Problem(
                f"{_names(f.overdue_full_membership)}预备期已满，尚未讨论其转正问题。",
                "预备期满及时召开支部党员大会讨论转正，按程序报上级党委审批。",
                "来源：发展党员程序记录",
            )
        )
    if f.late_steps:
        late = "；".join(f"{clean_name(s['name'])}的“{s['title']}”" for s in f.late_steps)
        problems.append(
            Problem(
                f"发展党员环节超出规定时限：{late}。",
                "建立发展党员工作台账，对照时限提前提醒，按时办理各环节。",
                "来源：发展党员程序记录",
            )
        )
    if f.return_slips_missing:
        problems.append(
            Problem(
                f"{_names(f.return_slips_missing)}的组织关系介绍信回执尚未收回。",
                "与接收党组织联系，及时催收回执，确保转出党员及时编入组织。",
                "来源：组织关系转接记录",
            )
        )
    return problems
