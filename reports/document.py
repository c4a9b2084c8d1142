"""The report as a document: title, numbered headings and paragraphs, problems, signature —
built once from the report and its facts, then written as HTML (and so PDF) or as Word."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from reports.facts import Facts, gather_facts
from reports.models import AnnualReport
from reports.proposals import SECTIONS, cn_number, propose, propose_problems
from reports.typography import cn_date, tidy, title_lines

# a report not yet dated leaves the date to be written by hand under the signature
UNDATED = "　　　　年　　月　　日"
# what the problems chapter says when neither the records nor the secretary name one
NO_PROBLEMS = "对照组织生活、党费收缴、发展党员和谈心谈话等记录，本年度未发现未落实的事项。"


@dataclass
class Block:
    kind: str  # "h1" (一、), "h2" (（一）), "p"
    text: str


@dataclass
class Document:
    title: str
    organization: str
    year: int
    author: str
    date: str
    blocks: list[Block] = field(default_factory=list)
    title_lines: list[str] = field(default_factory=list)


def facts_of(report: AnnualReport) -> Facts:
    """A final report's frozen facts; a draft's live ones."""
    if report.facts_snapshot is not None:
        return Facts.from_dict(report.facts_snapshot)
    return gather_facts(report.organization, report.year)


def section_text(report: AnnualReport, key: str, facts: Facts) -> str:
    text = (report.sections or {}).get(key, "")
    return text if text.strip() else propose(key, facts)


def problems_of(report: AnnualReport, facts: Facts) -> list[dict]:
    if report.problems_initialised:
        return list(report.problems)
    return [p.as_dict() for p in propose_problems(facts)]


def report_date(report: AnnualReport) -> datetime.date | None:
    """The report's own date, printed under the signature: the date it was signed with when
    finalised (the finalisation day unless the secretary chose another); a draft has none."""
    return report.signed_on


def build_document(report: AnnualReport, facts: Facts | None = None) -> Document:
    facts = facts or facts_of(report)
    day = report_date(report)
    doc = Document(
        title=report.title,
        organization=report.organization.name,
        year=report.year,
        author=report.author or facts.secretary,
        date=cn_date(day) if day else UNDATED,
        title_lines=title_lines(report.organization.name, report.year),
    )
    chapter = section = 0
    for key, heading, level, _write, _shown in SECTIONS:
        if level == "chapter":
            if key == "plans" and not section_text(report, key, facts).strip():
                continue
            chapter += 1
            section = 0
            doc.blocks.append(Block("h1", f"{cn_number(chapter)}、{heading}"))
            if key == "problems":
                problems = problems_of(report, facts)
                if not problems:
                    doc.blocks.append(Block("p", NO_PROBLEMS))
                for i, problem in enumerate(problems, start=1):
                    doc.blocks.append(Block("h2", tidy(f"（{cn_number(i)}）{problem['title']}")))
                    if problem.get("measures"):
                        doc.blocks.append(Block("p", tidy(f"改进措施：{problem['measures']}")))
                continue
            if key == "work":
                continue
        elif level == "section":
            if not section_text(report, key, facts).strip():
                continue  # a section with nothing to report (党务公开 without a record)
            section += 1
            doc.blocks.append(Block("h2", f"（{cn_number(section)}）{heading}"))
        for paragraph in section_text(report, key, facts).splitlines():
            if paragraph.strip():
                doc.blocks.append(Block("p", tidy(paragraph.strip())))
    return doc
