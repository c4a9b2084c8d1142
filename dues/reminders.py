"""The dues app's reminder sources for the daily ``send_due_reminders`` job."""

from __future__ import annotations


def register() -> None:
    """Register this app's reminder sources with ``branch.reminders``."""
