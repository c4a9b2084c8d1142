"""The notice at the top of a page whose form was refused (base.html draws it)."""

from __future__ import annotations

from typing import Any

from django import forms, template

register = template.Library()


def _bound_forms(context: template.Context) -> list[forms.BaseForm]:
    """Every refused form the page was given, whatever its name (a page may hold several)."""
    found: list[forms.BaseForm] = []
    for value in context.flatten().values():
        # type(), not isinstance(): a lazy object (the user, the CSRF token) stays unevaluated
        kind = type(value)
        if issubclass(kind, forms.BaseFormSet):
            candidates = [value, *value.forms] if value.is_bound else []
        elif issubclass(kind, forms.BaseForm):
            candidates = [value] if value.is_bound else []
        else:
            continue
        # a filter's mistakes are shown beside the filter, at the top already
        candidates = [c for c in candidates if not getattr(c, "is_filter", False)]
        found += [c for c in candidates if all(c is not f for f in found)]
    return found


def _errors(form: Any) -> list[dict[str, str]]:
    if isinstance(form, forms.BaseFormSet):
        return [{"text": str(e), "anchor": ""} for e in form.non_form_errors()]
    items = [{"text": str(e), "anchor": ""} for e in form.non_field_errors()]
    for name in form.fields:
        if name not in form.errors:
            continue
        bound = form[name]
        anchor = "" if bound.is_hidden else (bound.id_for_label or bound.auto_id or "")
        label = str(bound.label or name)
        items += [{"text": f"{label}：{e}", "anchor": anchor} for e in bound.errors]
    return items


@register.inclusion_tag("branch/_error_summary.html", takes_context=True)
def error_summary(context: template.Context) -> dict[str, Any]:
    return {"errors": [e for form in _bound_forms(context) for e in _errors(form)]}
