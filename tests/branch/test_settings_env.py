"""Settings fail loudly on bad values and demand a secret key in production."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from branch import localenv
from branch.env import env_bool, env_choice, env_int

FIELD_KEY = "personal-data-key-of-the-tests-0123456789"


def import_settings(**env):
    names = {"APP_ENV", "SECRET_KEY", "DEBUG", "FIELD_ENCRYPTION_KEY"}
    clean = {k: v for k, v in os.environ.items() if k not in names}
    # A developer's own .env must not decide these tests: none is read unless one is named.
    clean["ENV_FILE"] = ""
    clean.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import branch.settings as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'])",
        ],
        cwd=settings.BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
    )


def test_production_without_a_secret_key_refuses_to_start():
    result = import_settings(APP_ENV="production")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_without_a_personal_data_key_refuses_to_start():
    result = import_settings(APP_ENV="production", SECRET_KEY="x" * 50, ALLOW_SQLITE="1")
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEY must be set" in result.stderr
    short = import_settings(
        APP_ENV="production", SECRET_KEY="x" * 50, ALLOW_SQLITE="1", FIELD_ENCRYPTION_KEY="short"
    )
    assert short.returncode != 0 and "at least 32" in short.stderr


def test_production_with_a_secret_key_starts_without_debug():
    result = import_settings(
        APP_ENV="production", SECRET_KEY="x" * 50, FIELD_ENCRYPTION_KEY=FIELD_KEY, ALLOW_SQLITE="1"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("False")


def test_demo_runs_without_debug_and_no_key():
    result = import_settings(APP_ENV="demo")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("False")
    assert import_settings(APP_ENV="demo", DEBUG="1").stdout.startswith("True")


def test_debug_in_production_is_refused():
    result = import_settings(
        APP_ENV="production", SECRET_KEY="x" * 50, FIELD_ENCRYPTION_KEY=FIELD_KEY, DEBUG="1"
    )
    assert result.returncode != 0
    assert "DEBUG may only be on" in result.stderr


def test_a_local_env_file_supplies_the_mode_and_the_key(tmp_path):
    env_file = tmp_path / ".env"
    assert localenv.write(env_file)
    assert not localenv.write(env_file), "an existing file is kept, its key never replaced"
    assert "SECRET_KEY=" in env_file.read_text()
    assert oct(env_file.stat().st_mode & 0o777) == "0o600"

    result = import_settings(ENV_FILE=str(env_file))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("False"), "the local mode runs without DEBUG"


def test_the_environment_wins_over_the_local_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("APP_ENV=local\nSECRET_KEY=from-the-file\n")
    code = "import branch.settings as s; print(s.APP_ENV, s.SECRET_KEY)"
    env = {k: v for k, v in os.environ.items() if k not in {"APP_ENV", "SECRET_KEY", "DEBUG"}}
    env.update(ENV_FILE=str(env_file), SECRET_KEY="from-the-environment")
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.stdout.split() == ["local", "from-the-environment"], result.stderr


def test_the_local_mode_without_a_key_says_how_to_make_one(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("APP_ENV=local\n")
    result = import_settings(ENV_FILE=str(env_file))
    assert result.returncode != 0
    assert "make setup" in result.stderr


def test_database_url_switches_to_postgresql():
    result = import_settings(APP_ENV="demo", DATABASE_URL="postgres://u@127.0.0.1:5432/db")
    assert result.stdout.split()[1] == "django.db.backends.postgresql"


@pytest.mark.parametrize(
    ("reader", "value"),
    [
        (lambda: env_bool("ZBT_TEST_VALUE"), "maybe"),
        (lambda: env_int("ZBT_TEST_VALUE", 1), "twelve"),
        (lambda: env_choice("ZBT_TEST_VALUE", ("a", "b"), "a"), "c"),
    ],
)
def test_typed_helpers_fail_loudly(monkeypatch, reader, value):
    monkeypatch.setenv("ZBT_TEST_VALUE", value)
    with pytest.raises(ImproperlyConfigured, match="ZBT_TEST_VALUE"):
        reader()


def test_https_turns_on_secure_cookies():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import branch.settings as s; "
            "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)",
        ],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "APP_ENV": "production",
            "SECRET_KEY": "x" * 50,
            "FIELD_ENCRYPTION_KEY": FIELD_KEY,
            "SITE_URL": "https://zhibu.example.cn",
            "DEBUG": "0",
            "ALLOW_SQLITE": "1",
        },
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == ["True", "True", "31536000"]


def test_production_on_sqlite_is_refused_unless_allowed():
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    code = "import branch.settings"
    base = {
        **env,
        "ENV_FILE": "",
        "APP_ENV": "production",
        "SECRET_KEY": "x" * 50,
        "FIELD_ENCRYPTION_KEY": FIELD_KEY,
    }
    refused = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=base,
        capture_output=True,
        text=True,
    )
    assert refused.returncode != 0 and "PostgreSQL" in refused.stderr
    allowed = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={**base, "ALLOW_SQLITE": "1"},
        capture_output=True,
        text=True,
    )
    assert allowed.returncode == 0, allowed.stderr


def test_sqlite_waits_for_other_writers_and_uses_wal(tmp_path):
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'branch.settings'; "
        "django.setup(); from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0]); "
        "print(connection.settings_dict['OPTIONS']['timeout'])"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "APP_ENV"}}
    env.update(ENV_FILE="", APP_ENV="demo", SQLITE_PATH=str(tmp_path / "db.sqlite3"))
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == ["wal", "20"], result.stderr


def test_a_session_lasts_a_working_day_by_default():
    assert settings.SESSION_COOKIE_AGE == 10 * 3600


@pytest.mark.parametrize(
    ("site_url", "extra"),
    [("https://zhibu.example.cn", {}), ("http://zhibu.example.cn", {"ALLOW_HTTP": "1"})],
)
def test_check_deploy_is_clean_under_production_settings(site_url, extra):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    env.update(
        ENV_FILE="",
        APP_ENV="production",
        SECRET_KEY="k" * 20 + "production-secret-key-with-enough-variety-0123456789",
        FIELD_ENCRYPTION_KEY=FIELD_KEY,
        ALLOWED_HOSTS="zhibu.example.cn",
        ALLOW_SQLITE="1",
        SITE_URL=site_url,
        **extra,
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
