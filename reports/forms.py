"""Forms of the report editor. They only carry what the secretary typed; the services in
``reports.services`` check it and their refusals come back onto the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from branch.forms import DateInput, Form
from reports.services import MAX_PROBLEMS


class SectionForm(Form):
    """One section's text. ``strip=False``: the service strips, and the proposal it is compared
    with keeps its line breaks."""

    text = forms.CharField(
        label=_("text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class FinalizeForm(Form):
    # Not required here: the service refuses an empty name with its own message.
    author = forms.CharField(label=_("signed by"), required=False, max_length=60)
    signed_on = forms.DateField(label=_("date signed"), widget=DateInput())


class ProblemsForm(Form):
    """The whole list of problems in one form: a row per problem (its text, its measures and,
    hidden, where it came from) and one empty row to add the secretary's own.

    Moving and dropping are buttons named ``op`` (``up:2``, ``down:2``, ``drop:2``) that post
    the list as typed so far, so an edit in progress is never lost by a click elsewhere in
    the list. Empty rows are passed on: the service says which problem lacks its text.
    """

    # how many rows were on the page; read as text in __init__ to build the fields, so never
    # invalid (whatever was posted, the rows it describes are checked)
    count = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, problems: list[dict] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound:
            raw = self.data.get("count", "")
            rows = int(raw) if raw.isdigit() else 0
            rows = min(rows, MAX_PROBLEMS + 1)
        else:
            rows = len(problems or [])
            self.initial["count"] = rows
            for i, problem in enumerate(problems or []):
                for name in ("title", "measures", "source", "origin"):
                    self.initial[f"{name}_{i}"] = problem.get(name, "")
        self.rows = rows
        for i in range(rows):
            self.fields[f"title_{i}"] = forms.CharField(
                label=_("problem"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"measures_{i}"] = forms.CharField(
                label=_("measures"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"source_{i}"] = forms.CharField(required=False, widget=forms.HiddenInput)
            self.fields[f"origin_{i}"] = forms.CharField(required=False, widget=forms.HiddenInput)
        self.fields["title_new"] = forms.CharField(
            label=_("a problem of your own"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
        self.fields["measures_new"] = forms.CharField(
            label=_("its measures"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
        )

    def row_fields(self) -> list[dict[str, Any]]:
        """Bound fields per row, for the template."""
        return [
            {
                "index": i,
                "number": i + 1,
                "title": self[f"title_{i}"],
                "measures": self[f"measures_{i}"],
                "source": self[f"source_{i}"],
                "origin": self[f"origin_{i}"],
                "source_text": self[f"source_{i}"].value() or "",
                "proposed": (self[f"origin_{i}"].value() or "") == "proposed",
            }
            for i in range(self.rows)
        ]

    def problems(self, op: str = "") -> list[dict]:
        """The list as posted, with the move or drop of ``op`` applied and the new row (when
        filled in) added at the end."""
        data = self.cleaned_data
        rows = [
            {
                "title": data.get(f"title_{i}", ""),
                "measures": data.get(f"measures_{i}", ""),
                "source": data.get(f"source_{i}", ""),
                "origin": data.get(f"origin_{i}", "") or "own",
            }
            for i in range(self.rows)
        ]
        verb, _sep, index = op.partition(":")
        if index.isdigit() and int(index) < len(rows):
            i = int(index)
            if verb == "drop":
                del rows[i]
            elif verb == "up" and i > 0:
                rows[i - 1], rows[i] = rows[i], rows[i - 1]
            elif verb == "down" and i < len(rows) - 1:
                rows[i + 1], rows[i] = rows[i], rows[i + 1]
        if data.get("title_new", "").strip() or data.get("measures_new", "").strip():
            rows.append(
                {
                    "title": data.get("title_new", ""),
                    "measures": data.get("measures_new", ""),
                    "source": "",
                    "origin": "own",
                }
            )
        return rows
