"""The dues benchmark run small, so it cannot rot: no timings are asserted, only that each
step does what the figures claim."""

from __future__ import annotations

from bench.dues_workload import report, run
from dues.models import Charge, Payment


def figures_by_what(members: int, summary_members: int) -> dict:
    return {f.what: f for f in run(members=members, summary_members=summary_members, year=2025)}


def test_the_benchmark_runs_small_and_reports_every_step(db):
    figures = run(members=50, summary_members=20, year=2025)
    by_what = {f.what: f for f in figures}
    assert by_what["charges_generate, 12 months"].rows == 50 * 12
    assert "0 changed" in by_what["charges_generate again, nothing to change"].note
    assert "12 updated" in by_what["charges_generate after one member's base changed"].note
    assert by_what["year_summary"].timing.queries == 3
    assert "20 members" in by_what["year_summary"].note
    assert (
        "2 members three or more months behind"
        in by_what["arrears (the daily reminder job, per branch)"].note
    )
    assert Charge.objects.count() == 50 * 12 + 20 * 12
    assert Payment.objects.filter(kind="reversal").exists()
    table = report(figures)
    assert len(table.splitlines()) == len(figures) + 1 and "year_summary" in table


def test_regenerating_takes_the_same_queries_for_a_bigger_branch(db):
    small = figures_by_what(30, 10)
    big = figures_by_what(120, 40)
    what = "charges_generate again, nothing to change"
    assert small[what].timing.queries == big[what].timing.queries
    one = "charges_generate after one member's base changed"
    assert small[one].timing.queries == big[one].timing.queries
    assert small["year_summary"].timing.queries == big["year_summary"].timing.queries
