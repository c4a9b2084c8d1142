"""Backup and restore of a whole instance: one archive with the records in a portable form
(JSON with times to the microsecond, content types and permissions by natural key, so it loads
into SQLite or PostgreSQL alike), every
uploaded file, and a manifest with the count of each table and a checksum of every member.

A restore goes into an empty instance only, checks every checksum before it writes anything,
and loads the records in one transaction: it either restores everything or nothing.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
DATA = "data.json"
MANIFEST = "manifest.json"
MEDIA = "media/"
# Rebuilt by migrate (content types, permissions) or of no value elsewhere (sessions, the
# failed-login counters).
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]


class BackupError(Exception):
    """The archive cannot be restored here; nothing was written."""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _dump() -> bytes:
    out = io.StringIO()
    call_command(
        "dumpdata",
        exclude=EXCLUDED,
        natural_foreign=True,
        format="exact-json",
        stdout=out,
    )
    return out.getvalue().encode("utf-8")


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def backup_write(target: Path | io.BufferedIOBase) -> dict[str, Any]:
    """Write the archive (a .tar.gz) to ``target``; return its manifest."""
    data = _dump()
    root = Path(settings.MEDIA_ROOT)
    files = {}
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "site": settings.SITE_NAME,
        "counts": model_counts(),
        "data_sha256": _sha256(data),
        "files": files,
    }
    mode = "w:gz"
    with tarfile.open(
        name=str(target) if isinstance(target, Path) else None,
        fileobj=None if isinstance(target, Path) else target,
        mode=mode,
    ) as tar:
        _add(tar, DATA, data)
        for path in _media_files():
            content = path.read_bytes()
            name = path.relative_to(root).as_posix()
            files[name] = _sha256(content)
            _add(tar, MEDIA + name, content)
        _add(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"))
    return manifest


def _add(tar: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(datetime.datetime.now().timestamp())
    tar.addfile(info, io.BytesIO(content))


def _is_empty() -> bool:
    from django.contrib.auth import get_user_model

    from branch.models import Organization

    return not Organization.objects.exists() and not get_user_model().objects.exists()


def backup_restore(source: Path | io.BufferedIOBase) -> dict[str, Any]:
    """Restore the archive into this (empty, migrated) instance; return its manifest."""
    if not _is_empty():
        raise BackupError(_("This instance already holds records: restore only into an empty one."))
    try:
        tar = tarfile.open(  # noqa: SIM115 (closed by the with below)
            name=str(source) if isinstance(source, Path) else None,
            fileobj=None if isinstance(source, Path) else source,
            mode="r:gz",
        )
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(_("The file is not a backup archive.")) from exc
    with tar:
        members = {m.name: m for m in tar.getmembers() if m.isfile()}
        if MANIFEST not in members or DATA not in members:
            raise BackupError(_("The archive has no manifest or no records."))
        manifest = json.loads(tar.extractfile(members[MANIFEST]).read())
        if manifest.get("format") != FORMAT:
            raise BackupError(_("The archive was written by another version of the backup."))
        data = tar.extractfile(members[DATA]).read()
        if _sha256(data) != manifest["data_sha256"]:
            raise BackupError(_("The records in the archive are damaged (checksum)."))
        files = {}
        for name, checksum in manifest["files"].items():
            member = members.get(MEDIA + name)
            content = tar.extractfile(member).read() if member else b""
            if member is None or _sha256(content) != checksum:
                raise BackupError(
                    _("The file %(name)s in the archive is missing or damaged.") % {"name": name}
                )
            if Path(name).is_absolute() or ".." in Path(name).parts:
                raise BackupError(_("The archive names a file outside the media folder."))
            files[name] = content
    # loaddata saves the records in the order dumpdata wrote them (dependencies first), in one
    # transaction, and moves PostgreSQL's sequences past the restored ids.
    with tempfile.TemporaryDirectory() as folder:
        # the suffix names the serialisation (branch.serializers_exact) to loaddata
        path = Path(folder) / "data.exact-json"
        path.write_bytes(data)
        call_command("loaddata", str(path), verbosity=0)
    # What the cache holds (the report editor's facts, keyed on ids and audit entries) was
    # computed from other records: restored ids may repeat those keys.
    cache.clear()
    root = Path(settings.MEDIA_ROOT)
    for name, content in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return manifest


def model_counts() -> dict[str, int]:
    """Rows of every model a backup holds, as the manifest counts them."""
    counts = {}
    excluded = set(EXCLUDED)
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in excluded or label in excluded or model._meta.proxy:
            continue
        if not model._meta.managed:
            continue
        n = model._default_manager.count()
        if n:
            counts[label] = n
    return dict(sorted(counts.items()))
