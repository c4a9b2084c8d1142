"""Handing an uploaded file to a user who may read it. Files are never public media URLs; the
view that checked the permission answers with ``private_download``."""

from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _


def private_download(file: FieldFile, filename: str) -> FileResponse:
    """The file as a download under ``filename``; neither a shared cache nor the browser's
    history keeps a copy of a record that only some people may read."""
    if not file:
        raise Http404(_("The file is missing from the storage."))
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file is missing from the storage.")) from None
    response = FileResponse(handle, as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-store"
    # a forced download, whose type the browser must not guess into something it would run
    response["X-Content-Type-Options"] = "nosniff"
    return response
