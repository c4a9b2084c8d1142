"""Encryption of personal data at rest: ID and phone numbers are stored as Fernet tokens
(AES-128-CBC with HMAC-SHA256, from ``cryptography``), with a keyed hash (HMAC-SHA256) beside
each for uniqueness and equality search.

Both keys are derived (HKDF-SHA256, each with its own label) from ``FIELD_ENCRYPTION_KEY``, so
one secret in the environment opens the records and the hashes change with it. A database
dump, a backup archive or ``dumpdata`` holds tokens and hashes only; without the key they
reveal neither number.

Rotating: set the new key in ``FIELD_ENCRYPTION_KEY`` and the old one in
``FIELD_ENCRYPTION_KEY_OLD``, then run ``manage.py rotate_personal_data_key``. Until it has
run, records written with the old key are still read (the old key only decrypts).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Every Fernet token starts with its version byte 0x80, "gAAAAA" in base64: neither an ID
# number nor a phone number can, so a stored value says whether it is encrypted.
TOKEN_PREFIX = "gAAAAA"
_SALT = b"zhibutong personal data"


def _derive(secret: str, label: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT, info=label).derive(
        secret.encode("utf-8")
    )


@functools.lru_cache(maxsize=4)
def _keys(current: str, old: str) -> tuple[MultiFernet, bytes]:
    if not current:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY must be set to read personal data")
    secrets = [current] + ([old] if old and old != current else [])
    fernets = [Fernet(base64.urlsafe_b64encode(_derive(s, b"encryption"))) for s in secrets]
    return MultiFernet(fernets), _derive(current, b"search hash")


def _current() -> tuple[MultiFernet, bytes]:
    return _keys(settings.FIELD_ENCRYPTION_KEY, getattr(settings, "FIELD_ENCRYPTION_KEY_OLD", ""))


def encrypt(text: str) -> str:
    """A token for ``text`` (a new one each time); the empty text stays empty."""
    if not text:
        return ""
    return _current()[0].encrypt(text.encode("utf-8")).decode("ascii")


def is_token(value: str) -> bool:
    return value.startswith(TOKEN_PREFIX)


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _current()[0].decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError, ValueError):
        raise ImproperlyConfigured(
            "Personal data cannot be decrypted with FIELD_ENCRYPTION_KEY: it was written with "
            "another key. Set that key again, or set it as FIELD_ENCRYPTION_KEY_OLD and run "
            "`manage.py rotate_personal_data_key`."
        ) from None


def rotate(token: str) -> str:
    """The same text encrypted with the current key."""
    if not token:
        return ""
    return encrypt(decrypt(token))


def keyed_hash(text: str) -> str:
    """HMAC-SHA256 of ``text`` under the search key, in hex; the empty text stays empty, so
    "no number" is never a duplicate."""
    if not text:
        return ""
    return hmac.new(_current()[1], text.encode("utf-8"), hashlib.sha256).hexdigest()
