"""Password pages: the change that ends a one-time password, and a reset by e-mail that a
script cannot use to flood a mailbox or to probe for addresses."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _

from branch.middleware import MUST_CHANGE_PASSWORD
from branch.models import OneTimePassword

# At most this many reset requests an hour from one address, and for one e-mail address.
RESETS_PER_HOUR_PER_CLIENT = 5
RESETS_PER_HOUR_PER_EMAIL = 3


class PasswordChangeView(auth_views.PasswordChangeView):
    def form_valid(self, form):
        response = super().form_valid(form)
        OneTimePassword.objects.filter(user=self.request.user).delete()
        self.request.session.pop(MUST_CHANGE_PASSWORD, None)
        return response


def _over_limit(key: str, limit: int) -> bool:
    """Count one request under ``key`` for an hour; True once more than ``limit`` were made."""
    cache.add(key, 0, timeout=3600)
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        return False


def reset_email_context() -> dict[str, str]:
    """The link in the e-mail points at the address users open (SITE_URL), not at whatever
    host the request came through."""
    site = urlsplit(settings.SITE_URL)
    return {"site_name": settings.SITE_NAME, "domain": site.netloc, "protocol": site.scheme}


class PasswordResetView(auth_views.PasswordResetView):
    def post(self, request, *args, **kwargs):
        client = request.META.get("REMOTE_ADDR", "")
        email = request.POST.get("email", "").strip().lower()
        if _over_limit(f"reset:client:{client}", RESETS_PER_HOUR_PER_CLIENT) or (
            email and _over_limit(f"reset:email:{email}", RESETS_PER_HOUR_PER_EMAIL)
        ):
            form = self.get_form()
            form.is_valid()
            form.add_error(None, _("Too many requests: try again in an hour."))
            return render(request, self.template_name, {"form": form}, status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        self.extra_email_context = reset_email_context()
        return super().form_valid(form)
