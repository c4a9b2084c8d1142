"""The annual report for every branch shape (``tests/reports/shapes.py``): the whole proposed
text against a reviewed golden file, and every number in it against the facts.

Golden files hold the text with the years written ``{YEAR}``, ``{YEAR-1}``…, so they read the
same whatever year the suite runs in. ``UPDATE_GOLDEN=1`` rewrites them; a rewritten file is
reviewed like code before it is committed.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import Kind, TalkCategory
from members.models import Person
from reports.checks import unmatched_numbers
from reports.document import Document, build_document
from reports.facts import gather_facts
from reports.models import AnnualReport
from tests.reports.shapes import SHAPES, YEAR, Branch, d

GOLDEN = Path(__file__).parent / "golden"


def document_text(doc: Document) -> str:
    lines = [*doc.title_lines, ""]
    lines += [block.text for block in doc.blocks]
    lines += ["", doc.organization, doc.author, doc.date]
    return "\n".join(lines) + "\n"


def with_year_marks(text: str) -> str:
    for offset in (3, 2, 1):
        text = text.replace(str(YEAR + offset), f"{{YEAR+{offset}}}")
        text = text.replace(str(YEAR - offset), f"{{YEAR-{offset}}}")
    return text.replace(str(YEAR), "{YEAR}")


@pytest.fixture
def shape(request, town):
    org = SHAPES[request.param](town)
    return org, gather_facts(org, YEAR)


@pytest.mark.parametrize("shape", list(SHAPES), indirect=True)
def test_the_whole_proposed_text_is_the_reviewed_one(shape, request):
    org, facts = shape
    text = with_year_marks(
        document_text(build_document(AnnualReport(organization=org, year=YEAR), facts))
    )
    name = request.node.callspec.params["shape"]
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("shape", list(SHAPES), indirect=True)
def test_every_number_in_the_text_is_a_fact(shape):
    org, facts = shape
    doc = build_document(AnnualReport(organization=org, year=YEAR), facts)
    text = "\n".join(block.text for block in doc.blocks)
    assert unmatched_numbers(text, facts) == []
    # and the figures a reader checks first say what the records say
    assert f"共有党员{facts.members_total}名" in text
    if facts.members_probationary:
        assert f"预备党员{facts.members_probationary}名" in text
    if not facts.is_general_branch:
        for m in facts.meetings:
            if m["held"]:
                assert f"{m['label']}{m['held']}次" in text
    if facts.has_committee:
        assert f"支部委员会由{len(facts.committee)}名委员组成" in text
    else:
        assert "支部委员会由" not in text and "支委会0次" not in text
    if facts.dues_due != "0.00":
        assert f"应交党费{facts.dues_due}元，实交{facts.dues_paid}元" in text
        assert f"收缴率{facts.dues_rate}%" in text
    if facts.talks:
        assert f"谈心谈话{facts.talks}次" in text
    for m in facts.meetings:
        for gap in m["gaps"]:
            assert gap["branch"] + gap["group"] + "、".join(gap["periods"]) in text
    transfers = len(facts.transfers_in), len(facts.transfers_out)
    if transfers[0]:
        assert f"转入党员{transfers[0]}名" in text
    if transfers[1]:
        assert f"转出党员{transfers[1]}名" in text


def _queries(org) -> int:
    with CaptureQueriesContext(connection) as ctx:
        gather_facts(org, YEAR)
    return len(ctx.captured_queries)


def test_the_facts_are_gathered_in_a_fixed_number_of_queries(town):
    org = SHAPES["school"](town)
    before = _queries(org)
    # the same branch with ten more members, each with dues, talks and a review entry
    grown = Branch(org)
    grown.people = {p.name: p for p in Person.objects.filter(memberships__organization=org)}
    for i in range(10):
        grown.person(f"新教师{i + 1:02d}")
    grown.dues([f"新教师{i + 1:02d}" for i in range(10)], "employed", base="5000.00")
    for i in range(10):
        grown.talk(d(11, 20), TalkCategory.MEMBER_MEMBER, ["教师01", f"新教师{i + 1:02d}"], "交流")
    grown.meeting(Kind.VOLUNTEER, d(12, 5), "社区义务辅导")
    assert _queries(org) == before
    # members: the people on the day, committee terms, posts, changes of stage, steps,
    # transfers, leavers, last year's count (8); meetings: the year's meetings, attendance,
    # decisions, talks and their participants, reviews and their entries, last year's
    # meetings, and the calendar's meetings, groups, rules and posts (12); dues: the two years'
    # totals, this year's back and extra payments, the last month's charges and payments (5);
    # party groups, honours, 党务公开 (3)
    assert before == 28


def test_a_year_still_running_is_not_called_the_whole_year(town):
    org = SHAPES["school"](town)
    facts = gather_facts(org, YEAR, d(9, 30))
    doc = build_document(AnnualReport(organization=org, year=YEAR), facts)
    sections = "\n".join(
        b.text
        for b in doc.blocks[
            : doc.blocks.index(next(b for b in doc.blocks if b.text.startswith("三、")))
        ]
    )
    assert f"截至{YEAR}年9月30日" in sections
    assert "全年" not in sections and "本年度召开支部党员大会3次" in sections
    # the fourth quarter has not ended: no gap is claimed for it
    assert "第四季度" not in "\n".join(b.text for b in doc.blocks)
