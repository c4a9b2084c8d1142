"""The typography of the printed report, in one place: quotation marks and book-title marks
balanced and never doubled, no full-width brackets inside full-width brackets, dates written
``2021年9月1日``, counts in Arabic figures, names without stray spaces, lists joined with 、 and
和, party groups in their natural order, and the title split by meaning.

The proposal writers use the helpers; ``tidy`` is the last pass over every paragraph of the
document (proposed or typed by the secretary), so the PDF and the Word copy read the same.
"""

from __future__ import annotations

import datetime
import re

CN_DIGITS = "零一二三四五六七八九十"
_CN_VALUE = {c: i for i, c in enumerate(CN_DIGITS)} | {"两": 2, "〇": 0}

OPEN_QUOTES, CLOSE_QUOTES = '“「『"', '”」』"'
_SPACES = re.compile(r"[\s\u3000]+")
_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef“”‘’《》〈〉"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\u3000]+(?=[{_CJK}])")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_ISO_MONTH = re.compile(r"(?<![\d-])(\d{4})-(\d{2})(?![\d-])")


def cn_number(n: int) -> str:
    """一 to 九十九: chapter and section numbers (一、 and （一）), and ordinals."""
    if n <= 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return (CN_DIGITS[tens] if tens > 1 else "") + "十" + (CN_DIGITS[ones] if ones else "")


def parse_cn_number(text: str) -> int | None:
    """The value of a small Chinese numeral (一, 十二, 二十三) or of Arabic digits."""
    if text.isdigit():
        return int(text)
    if not text or any(c not in _CN_VALUE and c != "十" for c in text):
        return None
    if "十" in text:
        tens, _sep, ones = text.partition("十")
        return (_CN_VALUE[tens] if tens else 1) * 10 + (_CN_VALUE[ones] if ones else 0)
    return _CN_VALUE[text] if len(text) == 1 else None


def cn_date(value: datetime.date | str) -> str:
    """``2021年9月1日`` from a date or an ISO string."""
    day = datetime.date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day.year}年{day.month}月{day.day}日"


def cn_month_day(value: datetime.date | str) -> str:
    """``9月1日``: a date inside the year the report is about."""
    day = datetime.date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day.month}月{day.day}日"


def quarter_label(quarter: int) -> str:
    return f"第{cn_number(quarter)}季度"


def clean_name(name: str) -> str:
    """A person's or lecturer's name as printed: no spaces inside (``县委党校 刘教授``)."""
    return _SPACES.sub("", name or "")


def join_list(items: list[str]) -> str:
    """``甲``, ``甲和乙``, ``甲、乙和丙``."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return "、".join(items[:-1]) + "和" + items[-1]


def join_enum(items: list[str]) -> str:
    """``3月、5月``: an enumeration of periods, joined with 、 only."""
    return "、".join(i for i in items if i)


def _strip_marks(text: str, marks: str) -> str:
    return text.strip().strip(marks).strip()


def _balance_pairs(text: str, opening: str, closing: str) -> str:
    """Drop an ``opening`` mark that never closes and a ``closing`` one that never opened."""
    out: list[str] = []
    open_at: list[int] = []
    for char in text:
        if char == opening:
            open_at.append(len(out))
            out.append(char)
        elif char == closing:
            if open_at:
                open_at.pop()
                out.append(char)
        else:
            out.append(char)
    for index in reversed(open_at):
        del out[index]
    return "".join(out)


def quoted(title: str) -> str:
    """A title in Chinese quotation marks, once: ``“了不起的CCP”`` stays as it is, marks typed
    around it are not doubled, and a quotation inside becomes single marks
    (``“‘结对助学’志愿服务”``)."""
    text = clean_spaces(title.strip())
    text = re.sub(r"[「『]", "“", re.sub(r"[」』]", "”", text))
    if text.startswith("“") and text.endswith("”") and _balanced(text[1:-1], "“", "”"):
        text = text[1:-1]
    text = _balance_pairs(text, "“", "”").strip()
    text = text.replace("“", "‘").replace("”", "’")
    return f"“{text}”" if text else ""


def join_marked(items: list[str]) -> str:
    """Titles each in quotation or book-title marks, run together without 、 as GB/T 15834
    asks (``《甲》《乙》和《丙》``)."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return "".join(items[:-1]) + "和" + items[-1]


def _balanced(text: str, opening: str, closing: str) -> bool:
    depth = 0
    for char in text:
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def book_title(text: str) -> str:
    """A document's name in book-title marks, once. A name already marked inside a phrase
    (``学习《中国共产党简史》``) is kept as written; unbalanced marks are dropped; a book title
    inside another takes 〈〉."""
    text = clean_spaces(text.strip())
    if not text:
        return ""
    if not _balanced(text, "《", "》"):
        text = _balance_book_marks(text)
    if text.startswith("《") and text.endswith("》") and _balanced(text[1:-1], "《", "》"):
        inner = text[1:-1]
        return "《" + inner.replace("《", "〈").replace("》", "〉") + "》"
    if "《" in text:
        return text  # a phrase that names a document: 学习《中国共产党简史》
    return f"《{text}》"


def split_documents(raw: str) -> list[str]:
    """The documents a meeting studied, one per line or separated by ；, 、 between marked
    titles, or ;."""
    parts = re.split(r"[\n;；]+|(?<=》)[、，,]\s*(?=《)", raw or "")
    return [p.strip(" 　、，,。") for p in parts if p.strip(" 　、，,。")]


def bracketed(text: str) -> str:
    """``（…）`` around ``text``, whose own brackets become a comma: no （…（…）） in print."""
    inner = re.sub(r"\s*[（(]\s*", "，", text.strip())
    inner = re.sub(r"\s*[）)]\s*", "", inner).strip("，")
    return f"（{inner}）" if inner else ""


def clean_spaces(text: str) -> str:
    """No spaces between Chinese characters (a space typed into a name or a title)."""
    return _SPACE_BETWEEN_CJK.sub("", text)


def _flatten_brackets(text: str) -> str:
    """（甲（乙）丙） → （甲，乙，丙）: inner full-width brackets become commas."""
    out, depth = [], 0
    for char in text:
        if char == "（":
            depth += 1
            out.append("（" if depth == 1 else "，")
        elif char == "）":
            if depth > 1:
                depth -= 1
                continue
            depth = max(depth - 1, 0)
            out.append("）")
        else:
            out.append(char)
    return re.sub(r"，([，）])", r"\1", "".join(out))


def _undouble_quotes(text: str) -> str:
    """``““了不起的CCP”…”`` → ``“了不起的CCP…”``-style text: a quotation mark that opens
    right after another opens nothing new."""
    text = re.sub(r"“+", "“", text)
    text = re.sub(r"”+", "”", text)
    return text


def _balance_book_marks(text: str) -> str:
    """Drop a 《 that never closes and a 》 that never opened; each 》 closes the nearest
    open 《 (``《学习《中国共产党简史》`` keeps the mark of the book)."""
    return _balance_pairs(text, "《", "》")


def tidy(text: str) -> str:
    """The last pass over a paragraph before it is printed."""
    text = clean_spaces(text)
    text = _ISO_DATE.sub(lambda m: f"{m[1]}年{int(m[2])}月{int(m[3])}日", text)
    text = _ISO_MONTH.sub(lambda m: f"{m[1]}年{int(m[2])}月", text)
    text = _undouble_quotes(text)
    text = _balance_book_marks(text)
    text = _flatten_brackets(text)
    return text


def group_order(name: str) -> tuple:
    """Sort key of a party group: 第一、第二…第十二党小组 in number order, then by name."""
    match = re.match(r"^(.*?)第([一二三四五六七八九十两〇零\d]+)(.*)$", name)
    if match:
        number = parse_cn_number(match[2])
        if number is not None:
            return (0, match[1], number, match[3])
    return (1, name, 0, "")


TITLE_SUBJECT = "书记抓基层党建工作述职报告"


def title_lines(organization: str, year: int) -> list[str]:
    """The printed title in three lines split by meaning: who, what, which year."""
    return [organization, TITLE_SUBJECT, f"（{year}年度）"]
