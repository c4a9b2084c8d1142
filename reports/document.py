"""The report as a document: title, numbered headings and paragraphs, problems, signature —
built once from the report and its facts, then written as HTML (and so PDF) or as Word."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from reports.facts import Facts, gather_facts
from reports.models import AnnualReport
from reports.proposals import SECTIONS, cn_number, propose, propose_problems


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


def cn_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def build_document(report: AnnualReport, facts: Facts | None = None) -> Document:
    facts = facts or facts_of(report)
    doc = Document(
        title=report.title,
        organization=report.organization.name,
        year=report.year,
        author=report.author or facts.secretary,
        date=cn_date(report.signed_on or timezone.localdate()),
    )
    chapter = section = 0
    for key, heading, level in SECTIONS:
        if level == "chapter":
            if key == "plans" and not section_text(report, key, facts).strip():
                continue
            chapter += 1
            section = 0
            doc.blocks.append(Block("h1", f"{cn_number(chapter)}、{heading}"))
            if key == "problems":
                for i, problem in enumerate(problems_of(report, facts), start=1):
                    doc.blocks.append(Block("h2", f"（{cn_number(i)}）{problem['title']}"))
                    if problem.get("measures"):
                        doc.blocks.append(Block("p", f"改进措施：{problem['measures']}"))
                continue
            if key == "work":
                continue
        elif level == "section":
            section += 1
            doc.blocks.append(Block("h2", f"（{cn_number(section)}）{heading}"))
        for paragraph in section_text(report, key, facts).splitlines():
            if paragraph.strip():
                doc.blocks.append(Block("p", paragraph.strip()))
    return doc
