"""The workbook benchmark run small, so it cannot rot: no timings are asserted, only that
each step does what the figures claim, with the same queries for a longer roster."""

from __future__ import annotations

from bench.dues_workload import report
from bench.workbook_workload import run


def test_the_benchmark_runs_small_and_reports_every_step(db):
    figures = run(people=10, repeat=1)
    notes = [f.note for f in figures]
    assert notes[:4] == [
        "10 created, 0 updated, 0 unchanged",
        "10 created, 0 updated, 0 unchanged",
        "0 created, 0 updated, 10 unchanged",
        "0 created, 0 updated, 10 unchanged",
    ]
    assert figures[4].rows == 10
    table = report(figures)
    assert len(table.splitlines()) == len(figures) + 1 and "roster import" in table


def test_the_queries_do_not_grow_with_the_roster(db):
    # both sizes within one insert a table on SQLite, which takes 999 parameters a statement
    small = {f.what: f.timing.queries for f in run(people=9, repeat=1)}
    big = {f.what: f.timing.queries for f in run(people=30, repeat=1, start=100)}
    assert small == big
