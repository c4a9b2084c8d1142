"""Checking an uploaded attachment before it is stored: its type by suffix and its size."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from branch.exceptions import ServiceError


def check_upload(upload: Any, *, suffixes: set[str], max_bytes: int, kinds: str) -> None:
    """Refuse ``upload`` unless its suffix is one of ``suffixes`` (``kinds`` names them for the
    user) and it is at most ``max_bytes`` long."""
    name = getattr(upload, "name", "") or ""
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    if suffix not in suffixes:
        raise ServiceError(
            _("%(name)s: only %(kinds)s can be attached.") % {"name": name, "kinds": kinds},
            field="files",
        )
    if upload.size > max_bytes:
        raise ServiceError(
            _("%(name)s is larger than %(mb)d MB.")
            % {"name": name, "mb": max_bytes // (1024 * 1024)},
            field="files",
        )
