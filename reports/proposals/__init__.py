"""The proposed text of the annual duty report, written from the facts in the register of such
reports, and the problems the records show with their measures.

The report is a Chinese official document by nature, so its text is written here in Chinese
(the interface around it goes through gettext). Every sentence states what a record shows:
where no record shows a thing (a 公示, a letter's timeliness), the text says nothing about
it. Every proposed problem names the periods, groups or people concerned and the records it
comes from, so the secretary can check it before keeping it. Typography is
``reports.typography``'s.

``SECTIONS`` is the one table of the report's sections: each row's heading and level, the
writer of its proposed text (``text``, ``work``) and the facts the editor shows beside it
(``reports.views_facts``). ``problems`` proposes the problems chapter.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from reports import views_facts as shown
from reports.facts import Facts
from reports.proposals import text, work
from reports.proposals.problems import Problem, propose_problems
from reports.typography import cn_number
from reports.views_facts import Fact

__all__ = [
    "EDITABLE",
    "SECTIONS",
    "Problem",
    "Section",
    "cn_number",
    "propose",
    "propose_problems",
    "section_facts",
]


class Section(NamedTuple):
    key: str
    heading: str
    level: str  # "opening", "chapter" (一、) or "section" (（一）)
    write: Callable[[Facts], str] | None = None  # the proposed text, one paragraph a line
    shown: Callable[[Facts], list[Fact]] | None = None  # the facts beside it in the editor


SECTIONS: list[Section] = [
    Section("opening", "", "opening", text.opening, shown.opening),
    Section("basics", "基层党组织基本情况", "chapter", text.basics, shown.basics),
    Section("work", "基层党建工作落实情况", "chapter"),
    Section("org_life", "严格落实组织生活制度", "section", text.org_life, shown.org_life),
    Section("study", "抓好理论学习和党性教育", "section", text.study, shown.study),
    Section(
        "development", "做好党员发展和教育管理", "section", work.development, shown.development
    ),
    Section("dues", "规范党费收缴使用管理", "section", work.dues, shown.dues),
    Section("transfers", "做好组织关系转接", "section", work.transfers, shown.transfers),
    Section(
        "review_talks", "开展民主评议和谈心谈话", "section", work.review_talks, shown.review_talks
    ),
    Section("activities", "开展主题党日和志愿服务", "section", work.activities, shown.activities),
    Section(
        "integrity",
        "加强廉政教育，落实“三重一大”决策制度",
        "section",
        work.integrity,
        shown.integrity,
    ),
    Section("public", "推进党务公开", "section", work.public, shown.public),
    Section("problems", "存在问题与改进措施", "chapter"),
    Section("plans", "下一步工作打算", "chapter", work.plans),
]
BY_KEY = {section.key: section for section in SECTIONS}
# the sections a secretary writes; "work" is only a heading, "problems" a list of its own
EDITABLE = [s.key for s in SECTIONS if s.key not in ("work", "problems")]


def propose(key: str, facts: Facts) -> str:
    """The proposed paragraph(s) of section ``key``, one per line."""
    section = BY_KEY.get(key)
    return section.write(facts) if section and section.write else ""


def section_facts(key: str, facts: Facts) -> list[Fact]:
    """The facts section ``key`` rests on; none for a section of free text (plans)."""
    section = BY_KEY.get(key)
    return section.shown(facts) if section and section.shown else []
