"""The proposed text of the annual duty report, written from the facts in the register of such
reports, and the problems the records show with their measures.

The report is a Chinese official document by nature, so its text is written here in Chinese
(the interface around it goes through gettext). Every sentence states what a record shows:
where no record shows a thing (a 公示, a letter's timeliness), the text says nothing about
it. Every proposed problem names the periods, groups or people concerned and the records it
comes from, so the secretary can check it before keeping it. Typography is
``reports.typography``'s.
"""

from __future__ import annotations

from dataclasses import dataclass

from meetings.models import Kind
from reports.facts import KIND_NAMES, Facts
from reports.typography import (
    book_title,
    bracketed,
    clean_name,
    cn_date,
    cn_month_day,
    cn_number,
    join_enum,
    join_list,
    join_marked,
    quoted,
)

__all__ = ["EDITABLE", "SECTIONS", "cn_number", "propose", "propose_problems"]

# section key, heading, level ("一" numbered chapter or "（一）" subsection)
SECTIONS: list[tuple[str, str, str]] = [
    ("opening", "", "opening"),
    ("basics", "基层党组织基本情况", "chapter"),
    ("work", "基层党建工作落实情况", "chapter"),
    ("org_life", "严格落实组织生活制度", "section"),
    ("study", "抓好理论学习和党性教育", "section"),
    ("development", "做好党员发展和教育管理", "section"),
    ("dues", "规范党费收缴使用管理", "section"),
    ("transfers", "做好组织关系转接", "section"),
    ("review_talks", "开展民主评议和谈心谈话", "section"),
    ("activities", "开展主题党日和志愿服务", "section"),
    ("integrity", "加强廉政教育，落实“三重一大”决策制度", "section"),
    ("public", "推进党务公开", "section"),
    ("problems", "存在问题与改进措施", "chapter"),
    ("plans", "下一步工作打算", "chapter"),
]
EDITABLE = [key for key, _h, level in SECTIONS if key not in ("work", "problems")]

# how a meeting that did not happen is said: 未召开支委会, 未开展党课
VERBS = {
    Kind.GENERAL_ASSEMBLY: "召开",
    Kind.COMMITTEE_MEETING: "召开",
    Kind.GROUP_MEETING: "召开",
    Kind.PARTY_LECTURE: "开展",
    Kind.THEME_DAY: "开展",
    Kind.ORG_LIFE_MEETING: "召开",
}
MEASURES = {
    Kind.GENERAL_ASSEMBLY: "每季度至少召开1次支部党员大会，年初排定各季度会期，提前通知。",
    Kind.COMMITTEE_MEETING: "每月至少召开1次支委会，年初排定全年会议计划，书记负责督办。",
    Kind.GROUP_MEETING: "各党小组每月至少召开1次党小组会，由党小组组长负责落实，支部按月检查。",
    Kind.PARTY_LECTURE: "每季度至少安排1次党课，年初确定主讲人和题目，纳入学习计划。",
    Kind.THEME_DAY: "固定每月主题党日时间，遇节假日提前或顺延，做到月月不空档。",
    Kind.ORG_LIFE_MEETING: "每年第四季度召开组织生活会，会前开展谈心谈话、广泛征求意见。",
}
LEFT_WORDS = {"去世": "去世", "出党": "出党"}
STAGE_ITEMS = (
    ("applicant", "接收入党申请", "份"),
    ("activist", "确定入党积极分子", "名"),
    ("candidate", "确定发展对象", "名"),
    ("probationary", "发展预备党员", "名"),
    ("full", "预备党员转为正式党员", "名"),
)


def _names(names: list[str], limit: int = 8) -> str:
    names = [clean_name(n) for n in names]
    if len(names) > limit:
        return "、".join(names[:limit]) + f"等{len(names)}人"
    return join_list(names)


def _unit(f: Facts) -> str:
    return "党总支" if f.is_general_branch else "支部"


def _year_complete(f: Facts) -> bool:
    return f.as_of == f"{f.year}-12-31"


def _span(f: Facts) -> str:
    """全年 for a year that is over; 本年度 while it is still running."""
    return "全年" if _year_complete(f) else "本年度"


def propose(key: str, facts: Facts) -> str:
    """The proposed paragraph(s) of section ``key``, one per line."""
    return _WRITERS[key](facts) if key in _WRITERS else ""


def _opening(f: Facts) -> str:
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


def _basics(f: Facts) -> str:
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


def _org_life(f: Facts) -> str:
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


def _study(f: Facts) -> str:
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


def _development(f: Facts) -> str:
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


def _dues(f: Facts) -> str:
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


def _transfers(f: Facts) -> str:
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


def _review_talks(f: Facts) -> str:
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


def _activities(f: Facts) -> str:
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


def _integrity(f: Facts) -> str:
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


def _public(f: Facts) -> str:
    """Only where the records hold a published item; otherwise the section is left out."""
    if not f.published:
        return ""
    items = [f"{cn_month_day(n['date'])}公开{quoted(n['title'])}" for n in f.published[:6]]
    more = "等" if len(f.published) > 6 else ""
    return f"{_span(f)}公开党务{len(f.published)}项：{'；'.join(items)}{more}。"


def _talk_pairs(f: Facts) -> str:
    """Who talks with whom: a branch without a committee has its secretary and members."""
    return "支委之间、支委与党员之间" if f.has_committee else "书记与党员之间、党员之间"


def _plans(f: Facts) -> str:
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


_WRITERS = {
    "opening": _opening,
    "basics": _basics,
    "org_life": _org_life,
    "study": _study,
    "development": _development,
    "dues": _dues,
    "transfers": _transfers,
    "review_talks": _review_talks,
    "activities": _activities,
    "integrity": _integrity,
    "public": _public,
    "plans": _plans,
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
