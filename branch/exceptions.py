from __future__ import annotations


class ServiceError(Exception):
    """A write was refused. ``message`` is shown to the user as it is (already translated);
    ``field`` names the form field it belongs to, when there is one."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ServicePermissionDenied(ServiceError):
    """The actor may not make this write."""
