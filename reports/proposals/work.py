"""The proposed text of the work sections after study: development, dues, transfers, the
review and talks, activities, integrity, 党务公开, and the plans for next year."""

from __future__ import annotations

from reports.facts import Facts
from reports.proposals.words import name_list as _names
from reports.proposals.words import span as _span
from reports.proposals.words import talk_pairs as _talk_pairs
from reports.typography import (
    clean_name,
    cn_date,
    cn_month_day,
    join_list,
    join_marked,
    quoted,
)

STAGE_ITEMS = (
    ("applicant", "接收入党申请", "份"),
    ("activist", "确定入党积极分子", "名"),
    ("candidate", "确定发展对象", "名"),
    ("probationary", "发展预备党员", "名"),
    ("full", "预备党员转为正式党员", "名"),
)


def development(f: Facts) -> str:
    d = f.development
    items = []
    for stage, words, measure in STAGE_ITEMS:
        names = d.get(stage) or []
        if names:
            items.append(f"{words}{len(names)}{measure}（{_names(names)}）")
    lines = []
    if items:
        lines.append("本年度，" + "，".join(items) + "。")
    else:
        lines.append("本年度没有新的入党申请，也没有发展党员的阶段变动。")
    prev = f.previous
    if (
        prev
        and prev.get("new_probationary") is not None
        and (d.get("probationary") or prev["new_probationary"])
    ):
        lines[-1] += f"上年发展预备党员{prev['new_probationary']}名。"
    if f.late_steps:
        late = "；".join(
            f"{clean_name(s['name'])}的“{s['title']}”超出规定时限（原因：{s['reason']}）"
            for s in f.late_steps
        )
        lines.append(f"{late}。")
    elif f.development_steps:
        lines.append(
            f"{_span(f)}记录发展党员工作环节{f.development_steps}个，均在《中国共产党发展党员工作细则》规定的时限内完成。"
        )
    if f.extensions:
        lines.append(f"{_names(f.extensions)}经支部党员大会讨论延长预备期。")
    if f.activists:
        lines.append(f"截至年底，有入党积极分子{len(f.activists)}名。")
    return "\n".join(lines)


def dues(f: Facts) -> str:
    if f.dues_due == "0.00" and f.dues_paid == "0.00":
        return "本年度尚无党费收缴记录。"
    through = int(f.dues_through[5:7]) if f.dues_through else 12
    if through < 12:
        text = f"本年度截至{through}月，应交党费{f.dues_due}元，实交{f.dues_paid}元"
    else:
        text = f"{_span(f)}应交党费{f.dues_due}元，实交{f.dues_paid}元"
    if f.dues_rate is not None:
        text += f"，收缴率{f.dues_rate}%"
        prev = f.previous
        if prev and prev.get("dues_rate") is not None:
            text += f"（上年为{prev['dues_rate']}%）"
    text += "。"
    if f.dues_back != "0.00":
        text += f"收到补交党费{f.dues_back}元。"
    if f.dues_extra != "0.00":
        text += f"党员自愿多交党费{f.dues_extra}元。"
    published = [n for n in f.published if n["kind"] == "dues"]
    if published:
        where = "向社会" if published[0].get("audience") == "public" else "在支部内"
        text += f"{cn_month_day(published[0]['date'])}{where}公示了党费收缴情况。"
    if f.dues_in_arrears:
        text += f"截至{cn_date(f.as_of)}，有{f.dues_in_arrears}名党员连续3个月以上未交纳党费。"
    return text


def _transfer(t: dict, direction: str) -> str:
    place = clean_name(t["counterpart"])
    if not place:
        moved = "转入" if direction == "in" else "转出"
        return f"{clean_name(t['name'])}（{cn_month_day(t['date'])}{moved}）"
    where = f"自{place}转入" if direction == "in" else f"转至{place}"
    return f"{clean_name(t['name'])}（{cn_month_day(t['date'])}{where}）"


def transfers(f: Facts) -> str:
    if not (f.transfers_in or f.transfers_out):
        return "本年度无组织关系转接。"
    parts = []
    if f.transfers_in:
        parts.append(
            f"转入党员{len(f.transfers_in)}名："
            + "、".join(_transfer(t, "in") for t in f.transfers_in)
        )
    if f.transfers_out:
        parts.append(
            f"转出党员{len(f.transfers_out)}名："
            + "、".join(_transfer(t, "out") for t in f.transfers_out)
        )
    text = "本年度" + "；".join(parts) + "。"
    if f.return_slips_missing:
        text += f"{_names(f.return_slips_missing)}的组织关系介绍信回执尚未收回。"
    return text


def review_talks(f: Facts) -> str:
    lines = []
    if f.review:
        r = f.review
        rated = r["reviewed"] - r["probationary"]
        text = f"{cn_month_day(r['held_on'])}开展民主评议党员，参加评议的正式党员{rated}名"
        ratings = r["ratings"]
        if ratings:
            parts = []
            for key, word in (
                ("excellent", "优秀"),
                ("qualified", "合格"),
                ("basic", "基本合格"),
                ("unqualified", "不合格"),
            ):
                if ratings.get(key):
                    parts.append(f"{word}{ratings[key]}名")
            text += "，评定" + "、".join(parts)
            if r["excellent"]:
                text += f"（评为优秀的是{_names(r['excellent'])}）"
        else:
            text += "，评定等次尚未确定"
        if r["probationary"]:
            text += f"；预备党员{r['probationary']}名参加评议，不评定等次"
        lines.append(text + "。")
    if f.talks:
        text = f"{_span(f)}开展谈心谈话{f.talks}次"
        if f.talk_categories:
            # without a committee the committee's side of a talk is the secretary
            lone = not f.has_committee and not f.is_general_branch
            names = {"支委与党员": "书记与党员"} if lone else {}
            text += "，其中" + "、".join(
                f"{names.get(k, k)}{n}次" for k, n in f.talk_categories.items()
            )
        if not f.without_talk and not f.committee_pairs_missing:
            if f.has_committee:
                text += "，支委之间、支委与党员之间谈心谈话实现全覆盖"
            else:
                text += "，每名党员都参加了谈心谈话"
        lines.append(text + "。")
    return "\n".join(lines) or "本年度尚无民主评议和谈心谈话记录。"


def activities(f: Facts) -> str:
    lines = []
    if f.theme_days:
        text = f"{_span(f)}开展主题党日活动{f.theme_days}次"
        if f.theme_topics:
            topics = [quoted(t["topic"]) for t in f.theme_topics[:6]]
            more = "等" if len(f.theme_topics) > 6 else ""
            text += f"，其中有{join_marked(topics)}{more}"
        lines.append(text + "。")
    if f.volunteer:
        topics = [quoted(t) for t in f.volunteer[:5]]
        more = "等" if len(f.volunteer) > 5 else ""
        lines.append(f"组织党员开展志愿服务{len(f.volunteer)}次：{join_marked(topics)}{more}。")
    if f.others:
        topics = [quoted(t) for t in f.others[:5]]
        more = "等" if len(f.others) > 5 else ""
        lines.append(f"此外，开展了{join_marked(topics)}{more}活动。")
    return "\n".join(lines) or "本年度尚无主题党日和志愿服务记录。"


def integrity(f: Facts) -> str:
    lines = []
    if f.integrity:
        topics = [quoted(t) for t in f.integrity[:5]]
        lines.append(f"开展廉政教育{len(f.integrity)}次：{join_marked(topics)}。")
    if f.major_decisions:
        by_category: dict[str, list[str]] = {}
        for d in f.major_decisions:
            by_category.setdefault(d["category"], []).append(d["title"])
        parts = [
            f"{category}{len(titles)}项（{'，'.join(titles)}）"
            for category, titles in by_category.items()
        ]
        lines.append(
            f"{_span(f)}提交会议集体研究决定“三重一大”事项{len(f.major_decisions)}项：{'；'.join(parts)}。"
        )
    if f.decisions and f.decisions > len(f.major_decisions):
        lines.append(f"{_span(f)}会议表决事项共{f.decisions}项。")
    return "\n".join(lines) or "本年度尚无廉政教育和“三重一大”决策记录。"


def public(f: Facts) -> str:
    """Only where the records hold a published item; otherwise the section is left out."""
    if not f.published:
        return ""
    items = [f"{cn_month_day(n['date'])}公开{quoted(n['title'])}" for n in f.published[:6]]
    more = "等" if len(f.published) > 6 else ""
    return f"{_span(f)}公开党务{len(f.published)}项：{'；'.join(items)}{more}。"


def plans(f: Facts) -> str:
    plans = []
    gaps = [m for m in f.meetings if m["gaps"]]
    if gaps:
        kinds = join_list([m["label"] for m in gaps])
        plans.append(
            f"严格落实“三会一课”制度，年初制定组织生活计划，重点补齐{kinds}未按期开展的短板。"
        )
    if f.secretary_lectures == 0 and not f.is_general_branch:
        plans.append("书记带头为党员讲党课，年初确定党课题目。")
    if f.committee_missing:
        plans.append("向上级党委请示，按程序召开支部党员大会选举产生支部委员会。")
    elif f.committee_term_ends and f.committee_term_ends[:4] == str(f.year + 1):
        who = "本届支部委员会" if f.has_committee else "支部书记"
        plans.append(
            f"{who}任期于{cn_date(f.committee_term_ends)}届满，提前向上级党委请示，按期做好换届选举。"
        )
    if f.activists_ready:
        plans.append(
            f"做好入党积极分子{_names(f.activists_ready)}的培养考察，"
            "条件成熟的按程序确定为发展对象。"
        )
    if f.probation_ending:
        plans.append(
            f"预备党员{_names([p['name'] for p in f.probation_ending])}"
            f"的预备期将于{f.year + 1}年届满，及时讨论其转正问题。"
        )
    if f.overdue_full_membership:
        plans.append(f"尽快召开支部党员大会讨论{_names(f.overdue_full_membership)}的转正问题。")
    if f.without_talk or f.committee_pairs_missing:
        plans.append(f"制定谈心谈话计划，实现{_talk_pairs(f)}谈心谈话全覆盖。")
    if f.dues_in_arrears:
        plans.append(f"督促{f.dues_in_arrears}名未按时交纳党费的党员补交党费，做到按月足额交纳。")
    if not plans:
        plans.append("保持组织生活按规定频次开展，持续做好党员教育管理和发展党员工作。")
    return "\n".join(f"{i}.{text}" for i, text in enumerate(plans, start=1))
