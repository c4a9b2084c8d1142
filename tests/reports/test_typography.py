"""The report's typography rules, each on the defect a reader saw in print."""

from __future__ import annotations

import datetime

import pytest

from reports import typography as t


@pytest.mark.parametrize(
    "typed, printed",
    [
        ("了不起的CCP", "“了不起的CCP”"),
        ("“了不起的CCP”", "“了不起的CCP”"),  # typed with its marks: not wrapped twice
        ("“了不起的CCP", "“了不起的CCP”"),
        ("学习“七一”讲话", "“学习‘七一’讲话”"),  # quotes inside quotes become single
        ("“结对助学”志愿服务", "“‘结对助学’志愿服务”"),
        ("「红色观影」", "“红色观影”"),
        ("", ""),
    ],
)
def test_a_title_is_quoted_once(typed, printed):
    assert t.quoted(typed) == printed


@pytest.mark.parametrize(
    "typed, printed",
    [
        ("中国共产党章程", "《中国共产党章程》"),
        ("《中国共产党章程》", "《中国共产党章程》"),
        ("《学习《中国共产党简史》", "学习《中国共产党简史》"),  # the unbalanced mark is dropped
        ("学习《中国共产党简史》", "学习《中国共产党简史》"),  # a phrase naming a book
        ("《关于《决定》的说明》", "《关于〈决定〉的说明》"),
        ("中国共产党 章程", "《中国共产党章程》"),
    ],
)
def test_a_document_has_balanced_book_title_marks(typed, printed):
    assert t.book_title(typed) == printed


def test_documents_separated_by_semicolons_are_each_one_title():
    raw = "党的二十届四中全会公报；《中共中央关于制定国民经济和社会发展第十五个五年规划的建议》"
    docs = [t.book_title(d) for d in t.split_documents(raw)]
    assert docs == [
        "《党的二十届四中全会公报》",
        "《中共中央关于制定国民经济和社会发展第十五个五年规划的建议》",
    ]
    assert t.split_documents("《甲》、《乙》\n丙") == ["《甲》", "《乙》", "丙"]


def test_no_full_width_brackets_inside_full_width_brackets():
    assert t.bracketed("主持支部全面工作（校长兼任）") == "（主持支部全面工作，校长兼任）"
    assert t.tidy("王建国任书记（主持支部全面工作（校长兼任））。") == (
        "王建国任书记（主持支部全面工作，校长兼任）。"
    )


def test_tidy_undoubles_quotes_and_balances_book_marks():
    assert t.tidy("授予““了不起的CCP””称号") == "授予“了不起的CCP”称号"
    assert t.tidy("重点学习了《学习《中国共产党简史》。") == "重点学习了学习《中国共产党简史》。"
    assert (
        t.tidy("学习《党的二十届四中全会公报；《建议》。")
        == "学习党的二十届四中全会公报；《建议》。"
    )


def test_dates_in_prose_are_written_in_chinese():
    assert t.tidy("于2021-09-01选举产生") == "于2021年9月1日选举产生"
    assert t.tidy("党费交至2021-09") == "党费交至2021年9月"
    assert t.cn_date(datetime.date(2021, 9, 1)) == "2021年9月1日"
    assert t.cn_date("2021-09-01") == "2021年9月1日"
    assert t.cn_month_day("2021-09-01") == "9月1日"


def test_a_stray_space_in_a_name_is_removed():
    assert t.clean_name("县委党校 刘教授") == "县委党校刘教授"
    assert t.clean_name("王\u3000建国") == "王建国"
    assert t.tidy("邀请县委党校 刘教授讲授") == "邀请县委党校刘教授讲授"
    assert t.tidy("学习 Python 3 入门") == "学习 Python 3 入门"  # spaces between Latin words stay


def test_lists_are_joined_with_a_pause_mark_and_he():
    assert t.join_list(["甲"]) == "甲"
    assert t.join_list(["甲", "乙"]) == "甲和乙"
    assert t.join_list(["甲", "乙", "丙"]) == "甲、乙和丙"
    assert t.join_list([]) == ""
    assert t.join_enum(["3月", "5月"]) == "3月、5月"
    # titles in marks run together without 、 (GB/T 15834)
    assert t.join_marked(["《甲》", "《乙》", "《丙》"]) == "《甲》《乙》和《丙》"
    assert t.join_marked(["“甲”", "“乙”"]) == "“甲”和“乙”"


def test_party_groups_sort_by_their_number():
    names = ["第三党小组", "第一党小组", "第十二党小组", "第二党小组", "离退休党小组"]
    assert sorted(names, key=t.group_order) == [
        "第一党小组",
        "第二党小组",
        "第三党小组",
        "第十二党小组",
        "离退休党小组",
    ]


@pytest.mark.parametrize(
    "n, words", [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (23, "二十三")]
)
def test_chinese_numbers_read_back(n, words):
    assert t.cn_number(n) == words
    assert t.parse_cn_number(words) == n


def test_the_title_is_split_by_meaning_never_inside_a_word():
    lines = t.title_lines("青山镇中心小学党支部", 2025)
    assert lines == ["青山镇中心小学党支部", "书记抓基层党建工作述职报告", "（2025年度）"]
    assert "述职报告" in lines[1]


def test_quarters_are_named_in_words():
    assert [t.quarter_label(q) for q in range(1, 5)] == [
        "第一季度",
        "第二季度",
        "第三季度",
        "第四季度",
    ]
