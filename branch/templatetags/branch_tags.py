from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def object_type(content_type) -> str:
    """The readable name of a content type's model (“荣誉”, “党小组”…)."""
    model = content_type.model_class() if content_type else None
    return str(model._meta.verbose_name) if model else ""


@register.filter
def person(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


@register.filter
def audit_heading(entry) -> str:
    """The object an audit entry is about, as ``branch.audit.heading`` names it."""
    from branch.audit import heading

    return heading(entry)
