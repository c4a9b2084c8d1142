from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ChineseFirstLocaleMiddleware:
    """Chinese unless the user chose another language with the switcher in the footer.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a secretary on an
    office PC with an English browser would get English pages; here only the language cookie
    (set by the switcher) changes it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = dict(settings.LANGUAGES)

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


MUST_CHANGE_PASSWORD = "must_change_password"


class OneTimePasswordMiddleware:
    """Someone who logged in with a password issued by the secretary sees only the password
    change page until they have chosen their own. The flag is put in the session at login
    (``branch.signals``), so other requests cost no query."""

    allowed_prefixes = ("/static/", "/i18n/", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.session.get(MUST_CHANGE_PASSWORD) and not self._allowed(request.path):
            from django.contrib import messages
            from django.shortcuts import redirect
            from django.utils.translation import gettext as _

            messages.info(request, _("Choose your own password before you go on."))
            return redirect("password_change")
        return self.get_response(request)

    def _allowed(self, path: str) -> bool:
        from django.urls import reverse

        return path.startswith(self.allowed_prefixes) or path in (
            reverse("password_change"),
            reverse("logout"),
        )


# Everything the pages use comes from the site itself: its stylesheet, its one script, its
# images. Nothing inline, nothing from elsewhere, no framing.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    """A strict Content-Security-Policy on every answer, and pages seen by a logged-in user
    (they may show personal data) kept out of shared and browser caches."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_PATH

    def __call__(self, request):
        response = self.get_response(request)
        policy = CONTENT_SECURITY_POLICY
        if request.path.startswith(self.admin_prefix):
            # Django's admin sets a few style attributes of its own
            policy = policy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        response.headers.setdefault("Content-Security-Policy", policy)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = "private, no-store"
        return response
