"""The proposed text of the annual duty report, written from the facts in the register of such
reports, and the problems the records show with their measures.

The report is a Chinese official document by nature, so its text is written here in Chinese
(the interface around it goes through gettext). Every proposed problem names the records it
comes from, so the secretary can check it before keeping it.
"""

from __future__ import annotations

from dataclasses import dataclass

from reports.facts import Facts

CN_DIGITS = "零一二三四五六七八九十"

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
    ("problems", "存在问题与改进措施", "chapter"),
    ("plans", "下一步工作打算", "chapter"),
]
EDITABLE = [key for key, _h, level in SECTIONS if key not in ("work", "problems")]


def cn_number(n: int) -> str:
    """一 to 九十九, as chapter numbers and counts in the text are written."""
    if n <= 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return (CN_DIGITS[tens] if tens > 1 else "") + "十" + (CN_DIGITS[ones] if ones else "")


def _names(names: list[str], limit: int = 8) -> str:
    shown = "、".join(names[:limit])
    return shown + (f"等{len(names)}人" if len(names) > limit else "")


def _held(facts: Facts, kind: str) -> dict | None:
    return next((m for m in facts.meetings if m["kind"] == kind), None)


def propose(key: str, facts: Facts) -> str:
    """The proposed paragraph of section ``key``."""
    return _WRITERS[key](facts) if key in _WRITERS else ""


def _opening(f: Facts) -> str:
    return (
        f"{f.year}年，{f.organization}在上级党委的坚强领导下，以习近平新时代中国特色社会主义思想为指导，"
        "认真落实全面从严治党要求，围绕中心、服务大局，扎实推进基层党组织建设。"
        "现将本人履行抓基层党建工作第一责任人职责情况报告如下。"
    )


def _basics(f: Facts) -> str:
    text = (
        f"截至{f.as_of[:4]}年{int(f.as_of[5:7])}月{int(f.as_of[8:10])}日，支部共有党员{f.members_total}名，"
        f"其中正式党员{f.members_full}名、预备党员{f.members_probationary}名。"
    )
    if f.committee:
        posts = "，".join(
            f"{c['name']}任{c['post']}" + (f"（{c['duties']}）" if c["duties"] else "")
            for c in f.committee
        )
        text += f"支部委员会由{cn_number(len(f.committee))}名委员组成：{posts}。"
    elif f.secretary:
        text += f"支部书记为{f.secretary}。"
    if f.groups:
        text += f"支部下设{cn_number(len(f.groups))}个党小组：{'、'.join(f.groups)}。"
    if f.honors:
        honors = "；".join(
            f"{h['date'][:4]}年{int(h['date'][5:7])}月获{h['issuer']}授予“{h['title']}”"
            + (f"（{h['rank']}）" if h["rank"] else "")
            for h in f.honors
        )
        text += f"本年度，支部{honors}。"
    return text


def _org_life(f: Facts) -> str:
    parts = []
    for kind, name in (
        ("general_assembly", "支部党员大会"),
        ("committee_meeting", "支委会"),
        ("group_meeting", "党小组会"),
        ("party_lecture", "党课"),
        ("org_life_meeting", "组织生活会"),
    ):
        m = _held(f, kind)
        if m is not None:
            parts.append(f"{name}{m['held']}次")
    text = "全年召开" + "、".join(parts) + "。" if parts else ""
    if f.lectures:
        by_secretary = [lec for lec in f.lectures if lec["by_secretary"]]
        if by_secretary:
            titles = "、".join(f"《{lec['title']}》" for lec in by_secretary)
            text += f"书记讲党课{cn_number(len(by_secretary))}次，分别为{titles}。"
        others = [lec for lec in f.lectures if not lec["by_secretary"]]
        if others:
            text += (
                "其他党课有"
                + "、".join(f"{lec['lecturer']}讲授的《{lec['title']}》" for lec in others)
                + "。"
            )
    if f.attendance_rate is not None:
        text += f"党员参加组织生活的出席率为{f.attendance_rate:g}%。"
    return text or "本年度尚无组织生活记录。"


def _study(f: Facts) -> str:
    if not f.study_sessions:
        return "本年度尚无集中学习记录。"
    text = f"全年组织集中学习{f.study_sessions}次"
    if f.documents_studied:
        docs = "、".join(f"《{d.strip('《》')}》" for d in f.documents_studied[:6])
        text += f"，重点学习了{docs}等内容"
    return text + "，引导党员坚定理想信念、增强党性修养。"


def _development(f: Facts) -> str:
    d = f.development
    items = []
    for stage, name in (
        ("applicant", "接收入党申请"),
        ("activist", "确定入党积极分子"),
        ("candidate", "确定发展对象"),
        ("probationary", "发展预备党员"),
        ("full", "按期转正"),
    ):
        if d.get(stage):
            items.append(f"{name}{len(d[stage])}名")
    text = "本年度" + "，".join(items) + "。" if items else "本年度无党员发展变动。"
    if d.get("probationary"):
        text += f"新发展预备党员为{_names(d['probationary'])}。"
    if f.extensions:
        text += f"{_names(f.extensions)}延长预备期。"
    return text + "严格按照《中国共产党发展党员工作细则》的程序和时限要求开展工作。"


def _dues(f: Facts) -> str:
    text = f"全年应收党费{f.dues_due}元，实收{f.dues_paid}元"
    if f.dues_rate is not None:
        text += f"，收缴率{f.dues_rate}%"
    text += "。"
    if f.dues_back != "0.00":
        text += f"补交党费{f.dues_back}元。"
    if f.dues_extra != "0.00":
        text += f"党员自愿多交党费{f.dues_extra}元。"
    return text + "党费按月收缴、按规定使用，并于年底在支部内公示。"


def _transfers(f: Facts) -> str:
    if not (f.transfers_in or f.transfers_out):
        return "本年度无组织关系转接。"
    parts = []
    if f.transfers_in:
        parts.append(
            f"转入党员{len(f.transfers_in)}名（{_names([t['name'] for t in f.transfers_in])}）"
        )
    if f.transfers_out:
        parts.append(
            f"转出党员{len(f.transfers_out)}名（{_names([t['name'] for t in f.transfers_out])}）"
        )
    return "本年度" + "，".join(parts) + "，均按规定开具介绍信、及时办理。"


def _review_talks(f: Facts) -> str:
    text = ""
    if f.review:
        r = f.review
        ratings = r["ratings"]
        text += (
            f"召开组织生活会，开展民主评议党员，参评党员{r['reviewed'] - r['probationary']}名"
            f"（预备党员{r['probationary']}名参加评议不评定等次），"
            f"评定优秀{ratings.get('excellent', 0)}名、合格{ratings.get('qualified', 0)}名、"
            f"基本合格{ratings.get('basic', 0)}名、不合格{ratings.get('unqualified', 0)}名。"
        )
    text += f"全年开展谈心谈话{f.talks}次"
    if not f.without_talk and not f.committee_pairs_missing:
        text += "，实现支委之间、支委与党员之间谈心谈话全覆盖。"
    else:
        text += "。"
    return text


def _activities(f: Facts) -> str:
    text = f"全年开展主题党日活动{f.theme_days}次"
    if f.volunteer:
        text += f"，组织志愿服务{len(f.volunteer)}次，包括{'、'.join(f.volunteer[:4])}等"
    return text + "。"


def _integrity(f: Facts) -> str:
    text = ""
    if f.integrity:
        text += f"开展廉政教育{len(f.integrity)}次（{'、'.join(f.integrity[:4])}）。"
    if f.major_decisions:
        text += (
            f"“三重一大”事项均经集体研究决定，全年共{len(f.major_decisions)}项，包括"
            + "、".join(f"{d['title']}" for d in f.major_decisions[:4])
            + "。"
        )
    elif f.decisions:
        text += f"全年会议表决通过决议{f.decisions}项。"
    return text or "本年度尚无廉政教育和“三重一大”决策记录。"


def _plans(f: Facts) -> str:
    return (
        f"{f.year + 1}年，支部将继续严格落实“三会一课”等组织生活制度，加强党员教育管理，"
        "规范发展党员工作，推动党建工作与中心工作深度融合。"
    )


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


def propose_problems(f: Facts) -> list[Problem]:
    """What the records show falls short of the rules, each with measures and its source."""
    problems = []
    for m in f.meetings:
        if m["short"]:
            problems.append(
                Problem(
                    f"{m['label']}未按规定召开：全年应召开{m['required']}次，实际召开{m['held']}次，"
                    f"有{m['short']}个周期未达到要求。",
                    "严格落实“三会一课”制度，年初制定组织生活计划，按月、按季度提醒督办，"
                    "确保组织生活按时足额开展。",
                    "来源：组织生活记录与合规日历",
                )
            )
    if f.secretary_lectures == 0:
        problems.append(
            Problem(
                "书记本年度未讲党课。",
                "书记每年至少为党员讲一次党课，年初确定党课主题并纳入学习计划。",
                "来源：党课记录（主讲人）",
            )
        )
    if f.without_talk or f.committee_pairs_missing:
        detail = []
        if f.without_talk:
            detail.append(
                f"{len(f.without_talk)}名党员本年度尚未开展谈心谈话（{_names(f.without_talk, 5)}）"
            )
        if f.committee_pairs_missing:
            detail.append(f"支委之间尚有{len(f.committee_pairs_missing)}对未开展谈心谈话")
        problems.append(
            Problem(
                "谈心谈话未全覆盖：" + "，".join(detail) + "。",
                "制定谈心谈话计划，支委之间、支委与党员之间每年至少谈心一次，做好记录。",
                "来源：谈心谈话记录",
            )
        )
    if f.dues_in_arrears:
        text = f"有{f.dues_in_arrears}名党员连续三个月以上未交纳党费"
        if f.dues_flagged:
            text += f"，其中{f.dues_flagged}名连续六个月以上未交且无正当理由"
        problems.append(
            Problem(
                text + "。",
                "逐一谈心了解原因，督促按时足额交纳；对连续六个月不交纳党费且无正当理由的，"
                "按党章规定严肃处理。",
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
    if f.committee_term_ends and f.committee_term_ends[:4] <= str(f.year + 1):
        problems.append(
            Problem(
                f"支部委员会任期将于{f.committee_term_ends}届满。",
                "提前向上级党委请示，按期做好换届选举准备。",
                "来源：支委会届期记录",
            )
        )
    return problems
