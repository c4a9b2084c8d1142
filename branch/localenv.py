"""The local configuration file ``.env`` beside manage.py.

``make setup`` (and the first ``make demo``) writes it once with a generated secret key and the
local mode, so every ``manage.py`` command, ``make worker`` and ``make beat`` run afterwards
with nothing exported. Values already in the environment win over the file, so a deployment
that sets its variables explicitly is never overridden by a stray ``.env``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from dotenv import load_dotenv

ENV_FILE = Path(__file__).resolve().parent.parent / ".env"

TEMPLATE = """\
# 支部通 local configuration, written by `make setup`. Values set in the environment win.
# See README.md (Configuration) for every variable.
APP_ENV=local
SECRET_KEY={secret_key}
"""


def env_file() -> Path | None:
    """The file to read: ``ENV_FILE`` names another one, and ``ENV_FILE=`` (empty) none."""
    named = os.environ.get("ENV_FILE")
    if named is None:
        return ENV_FILE
    return Path(named) if named else None


def load() -> bool:
    """Read the local file into the environment without overriding what is already set."""
    path = env_file()
    return load_dotenv(path, override=False) if path and path.exists() else False


def write(path: Path | None = None) -> bool:
    """Write ``path`` with a fresh secret key unless it exists; True when it was written."""
    path = path or env_file() or ENV_FILE
    if path.exists():
        return False
    path.write_text(TEMPLATE.format(secret_key=secrets.token_urlsafe(50)), encoding="utf-8")
    path.chmod(0o600)
    return True


if __name__ == "__main__":  # python -m branch.localenv
    target = env_file() or ENV_FILE
    print(f"{target}: {'written' if write(target) else 'kept as it is'}")
