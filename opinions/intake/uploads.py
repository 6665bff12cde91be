"""Tệp đính kèm của người dân: type and size checks, and image metadata (GPS, EXIF) stripped.

Images are decoded and saved again by Pillow, so nothing but the pixels is kept: no EXIF (camera,
GPS position, time), no XMP, no text chunks. The type is read from the content, never from the
name the browser sent. PDFs are kept as sent (checked by their signature).
"""

import io
import os
import re
import unicodedata

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_FILES = 5
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
IMAGE_FORMATS = {"JPEG": ("image/jpeg", ".jpg"), "PNG": ("image/png", ".png"), "WEBP": ("image/webp", ".webp")}
ACCEPT = "image/jpeg,image/png,image/webp,application/pdf"


def safe_name(name, extension):
    stem = os.path.splitext(os.path.basename(name or "tep"))[0]
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in stem).strip("-")[:60] or "tep"
    return stem + extension


PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")
MARKUP = re.compile(rb"<\s*(html|script|body|svg|iframe)\b", re.IGNORECASE)


def looks_like_pdf(data):
    """A real PDF: a version header, objects, an end-of-file marker; not a web page that starts with
    «%PDF-» to pass the signature check (a browser could run it if it were ever served inline)."""
    return bool(
        PDF_HEADER.match(data) and b" obj" in data and b"%%EOF" in data[-2048:] and not MARKUP.search(data[:65536])
    )


def clean_upload(upload):
    """A checked, metadata-free copy of one upload; raises ValidationError with a Vietnamese message."""
    if upload.size > MAX_FILE_BYTES:
        raise forms.ValidationError(
            f"Tệp “{upload.name}” quá lớn: tối đa {MAX_FILE_BYTES // (1024 * 1024)} MB mỗi tệp."
        )
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        data = upload.read()
        if not looks_like_pdf(data):
            raise forms.ValidationError(f"Tệp “{upload.name}” không phải tệp PDF hợp lệ.")
        return SimpleUploadedFile(safe_name(upload.name, ".pdf"), data, "application/pdf")
    try:
        with Image.open(upload) as image:
            if image.format not in IMAGE_FORMATS:
                raise UnidentifiedImageError
            if image.width * image.height > MAX_PIXELS:
                raise forms.ValidationError(f"Ảnh “{upload.name}” có kích thước quá lớn.")
            image.load()
            content_type, extension = IMAGE_FORMATS[image.format]
            fmt = image.format
            # Turn the picture as the camera said, then drop every piece of metadata.
            clean = ImageOps.exif_transpose(image)
            if clean.mode not in ("RGB", "RGBA", "L", "LA"):
                clean = clean.convert("RGBA")
            # A new image holds the pixels only: its info (exif, xmp, icc, text) starts empty.
            pixels = Image.new(clean.mode, clean.size)
            pixels.paste(clean)
            if fmt == "JPEG" and pixels.mode not in ("RGB", "L"):
                pixels = pixels.convert("RGB")
            buffer = io.BytesIO()
            options = {"quality": 88} if fmt in ("JPEG", "WEBP") else {}
            pixels.save(buffer, fmt, **options)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise forms.ValidationError(
            f"Tệp “{upload.name}” không được chấp nhận: chỉ nhận ảnh JPEG, PNG, WebP hoặc tệp PDF."
        ) from None
    return SimpleUploadedFile(safe_name(upload.name, extension), buffer.getvalue(), content_type)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"accept": ACCEPT, "multiple": True})

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"Tối đa {MAX_FILES} tệp đính kèm.")
        return [clean_upload(f) for f in files]
