"""Password rules whose messages reach the user in Chinese.

Django 5.2 words the minimum-length error with ``%d``, while its zh_Hans catalogue still holds
the ``%(min_length)d`` wording, so the error showed in English. The same rule here uses the
wording the catalogues translate.
"""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext(
            "This password is too short. It must contain at least %(min_length)d character.",
            "This password is too short. It must contain at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
