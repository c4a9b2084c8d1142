"""backup writes one archive of the whole instance; restore brings it back into an empty one,
every table and every file as it was, or refuses without writing anything."""

from __future__ import annotations

import io
import json
import tarfile
from io import StringIO

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import CommandError, call_command

from branch.backup import EXCLUDED, MANIFEST, model_counts


def snapshot() -> dict[str, list[dict]]:
    tables = {}
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label in EXCLUDED or meta.label_lower in EXCLUDED or meta.proxy:
            continue
        rows = list(model._default_manager.order_by("pk").values())
        for row in rows:
            row.pop("content_type_id", None)  # ids of content types differ between instances
            row.pop("permission_id", None)
        tables[meta.label_lower] = rows
    return tables


@pytest.mark.django_db(transaction=True)
def test_the_demo_round_trips_through_backup_and_restore(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "meetings" / "minutes").mkdir(parents=True)
    (settings.MEDIA_ROOT / "meetings" / "minutes" / "纪要.pdf").write_bytes(b"%PDF-1.4 minutes")
    call_command("seed_demo", stdout=StringIO())
    before, counts = snapshot(), model_counts()
    archive = tmp_path / "backup.tar.gz"

    call_command("backup", output=str(archive), stdout=StringIO())
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile(MANIFEST).read())
    assert manifest["counts"]["members.person"] == counts["members.person"]
    assert set(manifest["files"]) == {"meetings/minutes/纪要.pdf"}

    call_command("flush", interactive=False, verbosity=0)
    (settings.MEDIA_ROOT / "meetings" / "minutes" / "纪要.pdf").unlink()
    cache.set("computed-from-the-records-before", 1)
    out = StringIO()
    call_command("restore", str(archive), stdout=out)
    assert cache.get("computed-from-the-records-before") is None

    after = snapshot()
    for table, rows in before.items():
        for old, new in zip(rows, after[table], strict=True):
            assert old == new, (table, {k: (v, new[k]) for k, v in old.items() if new[k] != v})
    assert (settings.MEDIA_ROOT / "meetings" / "minutes" / "纪要.pdf").read_bytes() == (
        b"%PDF-1.4 minutes"
    )
    assert "恢复" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_an_instance_in_use(tmp_path, town):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), stdout=StringIO())
    with pytest.raises(CommandError, match="空"):
        call_command("restore", str(archive))


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_damaged_archive_and_writes_nothing(tmp_path, town):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), stdout=StringIO())
    call_command("flush", interactive=False, verbosity=0)
    damaged = io.BytesIO()
    with tarfile.open(archive) as source, tarfile.open(fileobj=damaged, mode="w:gz") as target:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name == "data.json":
                content = content.replace("青山镇党委".encode(), "别的党委".encode())
            member.size = len(content)
            target.addfile(member, io.BytesIO(content))
    bad = tmp_path / "damaged.tar.gz"
    bad.write_bytes(damaged.getvalue())
    with pytest.raises(CommandError, match="损坏"):
        call_command("restore", str(bad))
    assert not apps.get_model("branch", "Organization").objects.exists()
