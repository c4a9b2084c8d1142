"""Signal receivers of the organisation domain, connected in ``BranchConfig.ready``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in

from branch.middleware import MUST_CHANGE_PASSWORD
from branch.models import OneTimePassword


def flag_one_time_password(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and OneTimePassword.objects.filter(user=user).exists():
        request.session[MUST_CHANGE_PASSWORD] = True


def connect() -> None:
    user_logged_in.connect(flag_one_time_password, dispatch_uid="branch.one_time_password")
