"""Reading the pages the guard-rail suites fetch: links, visible text, forms."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

# Elements whose content is never shown as text.
INVISIBLE = {"script", "style", "template", "head", "title", "noscript"}
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.text: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in INVISIBLE:
            self._hidden += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag):
        if tag in INVISIBLE and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.text.append(data)


@dataclass
class Page:
    links: list[str]
    text: str  # visible text, entities decoded, one space between text nodes


def read_page(html: str) -> Page:
    parser = _Page()
    parser.feed(html)
    parser.close()
    return Page(links=parser.links, text=" ".join(t.strip() for t in parser.text if t.strip()))


@dataclass
class Field:
    name: str
    kind: str  # the input type, "select", "select-multiple" or "textarea"
    value: str = ""
    options: list[str] = field(default_factory=list)
    checked: bool = False
    required: bool = False


@dataclass
class Form:
    action: str
    method: str
    enctype: str
    fields: list[Field] = field(default_factory=list)

    def names(self) -> set[str]:
        return {f.name for f in self.fields}


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = Form(
                action=a.get("action") or "",
                method=(a.get("method") or "get").lower(),
                enctype=a.get("enctype") or "",
            )
            self.forms.append(self._form)
            return
        form = self._form
        if tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
            if "selected" in a:
                self._select.value = a.get("value", "")
            return
        if form is None or not a.get("name"):
            return
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset"}:
                return
            form.fields.append(
                Field(
                    a["name"],
                    kind,
                    a.get("value") or "",
                    checked="checked" in a,
                    required="required" in a,
                )
            )
        elif tag == "select":
            self._select = Field(
                a["name"],
                "select-multiple" if "multiple" in a else "select",
                required="required" in a,
            )
            form.fields.append(self._select)
        elif tag == "textarea":
            self._textarea = Field(a["name"], "textarea", required="required" in a)
            form.fields.append(self._textarea)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data


def read_forms(html: str) -> list[Form]:
    parser = _Forms()
    parser.feed(html)
    parser.close()
    return parser.forms


class _Errors(HTMLParser):
    """Text inside elements that show errors: ``class="error…"``, ``errorlist``,
    ``role="alert"``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.messages: list[str] = []
        self._stack: list[bool] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        marks = a.get("role") == "alert" or any(c.startswith("error") for c in classes)
        if marks and not any(self._stack):
            self.messages.append("")
        self._stack.append(marks)

    def handle_endtag(self, tag):
        if tag not in VOID and self._stack:
            self._stack.pop()

    def handle_data(self, data):
        if any(self._stack) and data.strip():
            self.messages[-1] += data.strip()


def read_errors(html: str) -> list[str]:
    parser = _Errors()
    parser.feed(html)
    parser.close()
    return [m for m in parser.messages if m]
