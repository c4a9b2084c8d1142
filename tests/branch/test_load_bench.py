"""bench/load_bench.py without a server: its options, its percentile and its report."""

from __future__ import annotations

import pytest

from bench import load_bench


def test_the_defaults_are_the_issue_s_run():
    args = load_bench.parse_args([])
    assert (args.workers, args.clients, args.duration) == (4, 20, 60)
    assert args.worker_class == "sync" and args.threads == 1


def test_gthread_takes_threads():
    args = load_bench.parse_args(["--worker-class", "gthread", "--threads", "4"])
    assert (args.worker_class, args.threads) == ("gthread", 4)


@pytest.mark.parametrize(
    "argv, says",
    [
        (["--clients", "0"], "--clients 须在 1 与 100 之间"),
        (["--duration", "3600"], "--duration 须在 1 与 600 之间"),
        (["--threads", "4"], "--threads 只适用于 --worker-class gthread"),
        (["--page", "nowhere"], "没有名为“nowhere”的页面"),
        (["--write-every", "-1"], "--write-every 须在 0 与 600 之间"),
    ],
)
def test_it_refuses_bad_options_with_a_message(argv, says, capsys):
    with pytest.raises(SystemExit) as exit_:
        load_bench.parse_args(argv)
    assert exit_.value.code == 2
    assert says in capsys.readouterr().err


def test_writes_are_off_unless_asked():
    assert load_bench.parse_args([]).write_every == 0
    assert load_bench.parse_args(["--write-every", "10"]).write_every == 10


def test_a_known_page_is_accepted():
    assert load_bench.parse_args(["--page", "roster"]).page == ["roster"]


@pytest.mark.parametrize(
    "values, q, expected",
    [
        ([5.0], 0.95, 5.0),
        ([float(i) for i in range(1, 101)], 0.95, 95.0),
        ([float(i) for i in range(1, 101)], 0.5, 50.0),
        ([float(i) for i in range(20, 0, -1)], 0.95, 19.0),  # order does not matter
        ([1.0, 2.0, 3.0], 1.0, 3.0),
    ],
)
def test_the_percentile_is_the_nearest_rank(values, q, expected):
    assert load_bench.percentile(values, q) == expected


def test_the_percentile_of_nothing_is_an_error():
    with pytest.raises(ValueError):
        load_bench.percentile([], 0.95)
    with pytest.raises(ValueError):
        load_bench.percentile([1.0], 0)


def test_the_report_states_both_ratios_and_the_errors():
    mix, alone = load_bench.Results(), load_bench.Results()
    for ms in range(1, 21):
        mix.add("roster — county", ms / 100, None)  # 10 … 200 ms
        mix.add(load_bench.HEALTHZ, ms / 1000, None)  # 1 … 20 ms
        alone.add(load_bench.HEALTHZ, ms / 2000, None)  # 0.5 … 10 ms
    mix.add("roster — county", 5.0, "HTTP 500")
    text = load_bench.report(mix, alone, seconds=10)
    assert "| roster — county | 20 | 105 | 190 | 200 | 1 |" in text
    assert "p95 190 ms" in text
    assert "ratio page-mix p95 / healthz-alone p95: 20.0" in text
    assert "ratio page-mix p95 / healthz-in-mix p95: 10.0" in text
    assert "error: roster — county: HTTP 500 × 1" in text
