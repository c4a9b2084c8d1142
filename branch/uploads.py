"""Checking an uploaded attachment before it is stored: its type by suffix and by content, and
its size.

A suffix is only what the file is called: a text file renamed ``.pdf`` must not pass as a PDF.
The content is recognised by its leading bytes (the ``filetype`` library). Office documents
need more than that: the newer ones (docx, xlsx, pptx) are zip archives, recognised by the part
that makes each of them what it is (``word/document.xml``…); the older ones (doc, xls, ppt) are
OLE compound files, recognised by the container's signature, which all three share.

``Attachment`` is the abstract model of a file attached to a record (a meeting, a development
step): each kind says which files it takes and how large, and checks an upload against that
before anything is stored. ``MultipleFileField`` takes several files from one input.
"""

from __future__ import annotations

import uuid
import zipfile
from typing import Any, ClassVar, Self

import filetype
from django import forms
from django.core.files import File
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branch.exceptions import ServiceError

# Enough for every signature ``filetype`` reads.
HEAD_BYTES = 8192
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# suffix -> the part of the zip archive every such document has
OPEN_XML_PARTS = {
    ".docx": "word/document.xml",
    ".xlsx": "xl/workbook.xml",
    ".pptx": "ppt/presentation.xml",
}
OLE_SUFFIXES = {".doc", ".xls", ".ppt"}
# suffix -> what ``filetype`` may call such a file (HEIC photos are sometimes branded as AVIF)
CONTENT_KINDS = {
    ".pdf": {"pdf"},
    ".jpg": {"jpg"},
    ".jpeg": {"jpg"},
    ".png": {"png"},
    ".gif": {"gif"},
    ".webp": {"webp"},
    ".heic": {"heic", "avif"},
}


def attachment_fields(upload: Any) -> dict[str, Any]:
    """The fields of an attachment record for ``upload``: the file under a generated name (its
    suffix kept, in lower case), and the name it was uploaded under, which the download gives
    back. A stored file is never named by the uploader: no path tricks, no clashes, no names
    that say what a file holds to whoever sees the storage."""
    original = (getattr(upload, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1]
    suffix = original[original.rfind(".") :].lower() if "." in original else ""
    if not suffix[1:].isalnum() or len(suffix) > 10:
        suffix = ""
    return {
        "file": File(upload, name=f"{uuid.uuid4().hex}{suffix}"),
        "name": original[:200],
        "size": upload.size,
    }


def check_upload(upload: Any, *, suffixes: set[str], max_bytes: int, kinds: str) -> None:
    """Refuse ``upload`` unless its suffix is one of ``suffixes`` (``kinds`` names them for the
    user), its content is what the suffix says, and it is at most ``max_bytes`` long."""
    name = getattr(upload, "name", "") or ""
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    if suffix not in suffixes:
        raise ServiceError(
            _("%(name)s: only %(kinds)s can be attached.") % {"name": name, "kinds": kinds},
            field="files",
        )
    if upload.size > max_bytes:
        raise ServiceError(
            _("%(name)s is larger than %(mb)d MB.")
            % {"name": name, "mb": max_bytes // (1024 * 1024)},
            field="files",
        )
    if not content_matches(upload, suffix):
        raise ServiceError(
            _(
                "%(name)s is not really a %(suffix)s file: its content is of another kind. "
                "Save it again in that format, or attach the original file."
            )
            % {"name": name, "suffix": suffix.lstrip(".").upper()},
            field="files",
        )


def content_matches(upload: Any, suffix: str) -> bool:
    """Whether the file's content is of the kind its suffix names. A suffix this module knows
    nothing about is not checked."""
    try:
        upload.seek(0)
        head = upload.read(HEAD_BYTES)
        if suffix in OPEN_XML_PARTS:
            upload.seek(0)
            return _zip_holds(upload, OPEN_XML_PARTS[suffix])
    finally:
        upload.seek(0)
    if suffix in OLE_SUFFIXES:
        return head.startswith(OLE_SIGNATURE)
    if suffix in CONTENT_KINDS:
        kind = filetype.guess(head)
        return kind is not None and kind.extension in CONTENT_KINDS[suffix]
    return True


def _zip_holds(upload: Any, part: str) -> bool:
    try:
        with zipfile.ZipFile(upload) as archive:
            return part in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def attachment_path(instance: Attachment, filename: str) -> str:
    """Where an attachment is stored: its kind's folder, the year of the upload, the generated
    name (``<folder>/<year>/<name>``)."""
    return f"{instance.folder}/{timezone.localdate():%Y}/{filename}"


class Attachment(models.Model):
    """A file attached to a record. A concrete attachment adds the record it belongs to and
    says what it takes: ``suffixes`` (named for the user by ``kinds``), at most ``max_bytes``
    each, stored under ``folder``."""

    folder: ClassVar[str]
    suffixes: ClassVar[set[str]]
    max_bytes: ClassVar[int]
    kinds: ClassVar[str]

    file = models.FileField(gettext_lazy("file"), upload_to=attachment_path)
    name = models.CharField(gettext_lazy("file name"), max_length=200)
    size = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        verbose_name = gettext_lazy("attachment")
        verbose_name_plural = gettext_lazy("attachments")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def check_upload(cls, upload: Any) -> None:
        """Refuse ``upload`` unless it is a file of the kinds this attachment takes."""
        check_upload(upload, suffixes=cls.suffixes, max_bytes=cls.max_bytes, kinds=str(cls.kinds))

    @classmethod
    def store(cls, upload: Any, **record: Any) -> Self:
        """Store a checked ``upload`` attached to ``record`` (e.g. ``meeting=meeting``)."""
        return cls.objects.create(**record, **attachment_fields(upload))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; the service checks each one's type and size."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []
