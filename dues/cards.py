"""The dues app's cards on the dashboard (工作台)."""

from __future__ import annotations


def register() -> None:
    """Register this app's dashboard cards with ``branch.dashboard``."""
