"""Proposed problems and plans from hand-made facts: the words follow the branch's shape."""

from __future__ import annotations

from reports.facts import Facts
from reports.proposals import propose, propose_problems


def facts(**values) -> Facts:
    return Facts(organization="某村党支部", unit="某村", year=2020, as_of="2020-12-31", **values)


def gap(kind: str, label: str, periods: list[str], whole: bool = False, group: str = "") -> dict:
    return {
        "kind": kind,
        "label": label,
        "held": 0,
        "required": len(periods),
        "short": len(periods),
        "gaps": [{"branch": "", "group": group, "periods": periods, "whole_year": whole}],
    }


def test_a_rule_missed_in_every_period_is_missed_the_whole_year():
    quarters = ["第一季度", "第二季度", "第三季度", "第四季度"]
    [problem] = propose_problems(
        facts(
            meetings=[gap("general_assembly", "支部党员大会", quarters, whole=True)],
            secretary_lectures=1,
            review={
                "held_on": "2020-12-20",
                "ratings": {},
                "excellent": [],
                "probationary": 0,
                "reviewed": 5,
            },
        )
    )
    assert problem.title == "全年未召开支部党员大会。"


def test_a_gap_names_its_periods_and_its_group():
    [problem] = propose_problems(
        facts(
            meetings=[gap("group_meeting", "党小组会", ["3月", "5月"], group="第二党小组")],
            secretary_lectures=1,
            review={
                "held_on": "2020-12-20",
                "ratings": {},
                "excellent": [],
                "probationary": 0,
                "reviewed": 5,
            },
        )
    )
    assert problem.title == "第二党小组3月、5月未召开党小组会。"
    assert "每月至少召开1次党小组会" in problem.measures


def test_a_branch_without_a_committee_plans_talks_without_committee_members():
    f = facts(without_talk=["张三"], secretary="李四", members_full=6, secretary_lectures=1)
    talks = next(p for p in propose_problems(f) if p.title.startswith("谈心谈话"))
    assert "支委" not in talks.measures and "书记与党员之间" in talks.measures
    assert "支委" not in propose("plans", f)
    assert propose("basics", f).endswith("支部正式党员不足7名，不设支部委员会，由李四任支部书记。")


def test_the_plans_follow_from_the_year():
    f = facts(
        has_committee=True,
        committee_term_ends="2021-06-30",
        activists_ready=["王五"],
        probation_ending=[{"name": "赵六", "date": "2021-03-01"}],
        secretary_lectures=1,
    )
    plans = propose("plans", f).splitlines()
    assert plans == [
        "1.本届支部委员会任期于2021年6月30日届满，提前向上级党委请示，按期做好换届选举。",
        "2.做好入党积极分子王五的培养考察，条件成熟的按程序确定为发展对象。",
        "3.预备党员赵六的预备期将于2021年届满，及时讨论其转正问题。",
    ]
