"""The SVG charts: a title and a number on every shape, text escaped, no style attribute and
no script (the content security policy refuses both), and a drawing that scales."""

from __future__ import annotations

import re

from stats.charts import Series, bar_chart, line_chart


def test_a_stacked_bar_chart_has_a_title_and_a_number_on_every_bar():
    svg = bar_chart(
        "各身份人数",
        ["2024年末", "今天"],
        [Series("正式党员", [3, 5]), Series("预备党员", [1, None])],
        stacked=True,
    )
    assert svg.startswith('<svg class="chart" viewBox="0 0 480 ')
    assert re.search(r'<title id="chart-\d+">各身份人数</title>', svg)
    assert "<title>今天 正式党员：5</title>" in svg
    assert "今天 预备党员" not in svg  # a missing value draws nothing
    assert ">4</text>" in svg and ">5</text>" in svg  # each stack's total above it
    assert "style=" not in svg and "<script" not in svg


def test_labels_are_escaped():
    svg = bar_chart('<script>alert("x")</script>', ["<b>"], [Series("&", [1])])
    assert "<script" not in svg and "&lt;script&gt;" in svg and "&lt;b&gt;" in svg


def test_a_line_breaks_where_a_value_is_missing():
    svg = line_chart(
        "收缴率", ["1", "2", "3", "4"], [Series("", [100.0, 50.0, None, 80.0])], unit="%", top=100
    )
    assert svg.count("<polyline") == 1  # 1–2 joined; 4 stands alone
    assert svg.count("<circle") == 3
    assert "<title>2：50%</title>" in svg
    assert ">100%</text>" in svg  # the axis
