"""Helpers of the roster tests: valid ID numbers for any birth date and gender, and a photo."""

from __future__ import annotations

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from members.idcard import check_char


def make_id(
    birth: datetime.date, gender: str = "male", *, region: str = "110105", seq: str = "01"
) -> str:
    """A valid 18-character ID number: digit 17 is odd for men and even for women."""
    first17 = f"{region}{birth:%Y%m%d}{seq}{'3' if gender == 'male' else '4'}"
    return first17 + check_char(first17)


def png_upload(name: str = "photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 6), (183, 28, 28)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
