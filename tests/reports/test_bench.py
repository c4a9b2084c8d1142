"""The report benchmark's code runs, on a small branch, so it cannot rot between runs. No
timing is asserted: the figures belong to docs/benchmarks.md, not to the test suite."""

from __future__ import annotations

import datetime

from bench import report_bench, report_workload
from reports.facts import gather_facts


def test_the_benchmark_runs_on_a_small_branch(db, tmp_path):
    org = report_workload.generate_branch(
        code="bench-small", members=8, years=2, through=datetime.date(2026, 6, 30)
    )
    facts = gather_facts(org, 2025)
    assert facts.members_full == 8 and facts.secretary == "党员000"
    assert {m["kind"]: m["short"] for m in facts.meetings}["general_assembly"] == 0
    assert facts.dues_rate == "100.0"

    figures = report_bench.measure(org, 2025, "small", repeat=1)
    assert figures.members == 8 and figures.pages >= 1 and figures.pdf_bytes > 10_000
    assert figures.meetings > 12 and figures.charges == 8 * 12

    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Benchmarks\n\n## Dues\n\nfigures of another benchmark\n", encoding="utf-8")
    section = report_bench.format_section([figures], machine_line="test", repeat=1)
    report_bench.write_section(doc, section)
    report_bench.write_section(doc, section)  # a second run replaces its own section
    text = doc.read_text(encoding="utf-8")
    assert text.count(report_bench.START) == 1 and "figures of another benchmark" in text
    assert "| small | 2025 | 8 |" in text
