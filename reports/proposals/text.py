"""The proposed text of the first sections: the opening, the branch's basic facts, its
organisational life and its study. One writer per section, from ``Facts`` to paragraphs."""

from __future__ import annotations

from meetings.models import Kind
from reports.facts import KIND_NAMES, Facts
from reports.proposals.words import LEFT_WORDS, VERBS
from reports.proposals.words import span as _span
from reports.proposals.words import unit as _unit
from reports.proposals.words import year_complete as _year_complete
from reports.typography import (
    book_title,
    bracketed,
    clean_name,
    cn_date,
    cn_month_day,
    join_list,
    join_marked,
    quoted,
)


def opening(f: Facts) -> str:
    return (
        f"{f.year}年，{f.organization}在上级党委的领导下，以习近平新时代中国特色社会主义思想为指导，"
        "认真落实全面从严治党要求，扎实推进基层党组织建设。"
        "现将本人履行抓基层党建工作第一责任人职责情况报告如下。"
    )


def _members_sentence(f: Facts) -> str:
    text = f"截至{cn_date(f.as_of)}，{_unit(f)}共有党员{f.members_total}名"
    if f.members_probationary:
        text += f"，其中正式党员{f.members_full}名、预备党员{f.members_probationary}名"
    elif f.members_total:
        text += "，均为正式党员"
    prev = f.previous
    if prev and prev.get("members_total") is not None and _year_complete(f):
        diff = f.members_total - prev["members_total"]
        if diff > 0:
            text += f"，比上年末增加{diff}名"
        elif diff < 0:
            text += f"，比上年末减少{-diff}名"
        else:
            text += "，与上年末持平"
    return text + "。"


def _committee_sentence(f: Facts) -> str:
    if f.is_general_branch:
        return ""
    if f.has_committee:
        posts = "，".join(
            f"{c['name']}任{c['post']}" + (bracketed(c["duties"]) if c["duties"] else "")
            for c in f.committee
        )
        text = f"支部委员会由{len(f.committee)}名委员组成：{posts}。"
        if f.committee_elected_on:
            text += f"本届支部委员会于{cn_date(f.committee_elected_on)}选举产生。"
        return text
    if f.committee_missing:
        return f"支部有正式党员{f.members_full}名，尚未选举产生支部委员会" + (
            f"，由{clean_name(f.secretary)}任书记。" if f.secretary else "。"
        )
    if f.secretary:
        reason = "支部正式党员不足7名，不设支部委员会，" if f.members_full < 7 else ""
        return f"{reason}由{clean_name(f.secretary)}任支部书记。"
    return ""


def basics(f: Facts) -> str:
    lines = [_members_sentence(f)]
    if f.is_general_branch and f.branches:
        parts = [
            f"{b['name']}（党员{b['members_full'] + b['members_probationary']}名）"
            for b in f.branches
        ]
        lines.append(f"党总支下设{len(f.branches)}个党支部：{join_list(parts)}。")
    text = _committee_sentence(f)
    if f.committee_changes:
        changes = "；".join(f"{cn_month_day(c['date'])}，{c['text']}" for c in f.committee_changes)
        text += f"本年度，{changes}。"
    if f.groups:
        if len(f.groups) == 1:
            text += f"支部设1个党小组（{f.groups[0]}）。"
        else:
            text += f"支部下设{len(f.groups)}个党小组，分别为{join_list(f.groups)}。"
    if text:
        lines.append(text)
    if f.leavers:
        left = "；".join(
            f"{clean_name(p['name'])}于{cn_month_day(p['date'])}"
            + LEFT_WORDS.get(p["reason"], "离开支部")
            for p in f.leavers
        )
        lines.append(f"本年度，{left}。")
    if f.honors:
        honors = "；".join(
            f"{cn_month_day(h['date'])}，"
            + (f"{clean_name(h['issuer'])}授予" if h["issuer"] else "获")
            + quoted(h["title"])
            + (bracketed(h["rank"]) if h["rank"] else "")
            for h in f.honors
        )
        lines.append(f"本年度，{_unit(f)}获得荣誉{len(f.honors)}项：{honors}。")
    return "\n".join(line for line in lines if line)


def _counts(meetings: list[dict]) -> str:
    """``召开支部党员大会4次、支委会12次，上党课4次，开展主题党日12次``: one verb for a run
    of kinds that share it."""
    runs: list[tuple[str, list[str]]] = []
    for m in meetings:
        if not m["held"]:
            continue
        verb = "上" if m["kind"] == Kind.PARTY_LECTURE else VERBS.get(m["kind"], "召开")
        item = f"{m['label']}{m['held']}次"
        if runs and runs[-1][0] == verb:
            runs[-1][1].append(item)
        else:
            runs.append((verb, [item]))
    return "，".join(verb + "、".join(items) for verb, items in runs)


def _lectures_by(lectures: list[dict]) -> str:
    """``3月12日赵敏讲授《甲》``; several by one lecturer: ``李保国讲党课3次，题目分别为…``."""
    by: dict[str, list[dict]] = {}
    for lec in lectures:
        by.setdefault(clean_name(lec["lecturer"]) or "主讲人", []).append(lec)
    parts = []
    for who, given in by.items():
        invited = "邀请" if given[0].get("outside") else ""
        titles = [book_title(lec["title"]) for lec in given]
        if len(given) == 1:
            parts.append(f"{cn_month_day(given[0]['date'])}{invited}{who}讲授{titles[0]}")
        else:
            parts.append(f"{invited}{who}讲党课{len(given)}次，题目分别为{join_marked(titles)}")
    return "；".join(parts)


def org_life(f: Facts) -> str:
    lines = []
    if f.is_general_branch and f.branches:
        for b in f.branches:
            counts = _counts(b.get("meetings", []))
            if b.get("secretary_lectures"):
                counts += ("，" if counts else "") + f"书记讲党课{b['secretary_lectures']}次"
            if counts:
                lines.append(f"{b['name']}{_span(f)}{counts}。")
    else:
        counts = _counts(f.meetings)
        if counts:
            text = f"{_span(f)}{counts}。"
            prev = f.previous
            if prev and prev.get("meetings"):
                before = _counts(
                    [
                        {"kind": k, "label": KIND_NAMES[k], "held": n}
                        for k, n in prev["meetings"].items()
                    ]
                )
                if before:
                    text += f"上年{before}。"
            lines.append(text)
    if _year_complete(f) and f.meetings and not any(m["gaps"] for m in f.meetings):
        lines.append("各项组织生活均达到规定频次。")
    if f.lectures and not f.is_general_branch:
        by_secretary = [lec for lec in f.lectures if lec["by_secretary"]]
        others = [lec for lec in f.lectures if not lec["by_secretary"]]
        text = ""
        if by_secretary:
            titles = [book_title(lec["title"]) for lec in by_secretary]
            if len(titles) == 1:
                text += f"书记讲党课1次，题目为{titles[0]}"
            else:
                text += f"书记讲党课{len(titles)}次，题目分别为{join_marked(titles)}"
        if others:
            text += ("；" if text else "") + _lectures_by(others)
        lines.append(text + "。")
    if f.attendance_rate is not None:
        lines.append(f"党员参加组织生活的出席率为{f.attendance_rate:g}%。")
    return "\n".join(lines) or "本年度尚无组织生活记录。"


def study(f: Facts) -> str:
    lines = []
    if f.study:
        items = "；".join(f"{cn_month_day(s['date'])}{s['topic']}" for s in f.study[:8])
        more = f"等{len(f.study)}次" if len(f.study) > 8 else ""
        lines.append(f"{_span(f)}组织集中学习{f.study_sessions}次：{items}{more}。")
    if f.documents_studied:
        docs = [book_title(d) for d in f.documents_studied[:8]]
        more = "等" if len(f.documents_studied) > 8 else ""
        lines.append(f"学习的文件包括{join_marked(docs)}{more}。")
    return "\n".join(lines) or "本年度尚无集中学习记录。"
