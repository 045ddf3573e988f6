"""Uploaded import files: a size limit enforced while reading, and storage under names of our own."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.utils.text import get_valid_filename


class UploadSizeLimit(FileUploadHandler):
    """Stop reading an upload once it passes `limit` bytes, so that an oversize file is neither
    kept on disk nor answered with a bare 413, and the page can say why
    (`request.upload_over_limit`). Install it before the body is read: such a view is
    csrf_exempt outside and csrf_protect inside."""

    def __init__(self, request, *, limit: int):
        super().__init__(request)
        self.limit = limit

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.request.upload_over_limit = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


def safe_file_name(name: str, *, default: str = "file") -> str:
    """A file name safe on disk: no path, no odd characters, not too long."""
    base = Path(name or "").name
    stem, suffix = Path(base).stem, Path(base).suffix.lower()
    stem = get_valid_filename(stem.replace(" ", "_"))[:80] if stem else ""
    suffix = get_valid_filename(suffix)[:10] if suffix else ""
    return f"{stem or default}{suffix}"


def import_upload_store(*, upload, prefix: str = "import") -> Path:
    """Keep an uploaded import file under MEDIA_ROOT/imports/ under a unique name the uploader
    does not choose (their file name is only a label); the worker reads it from there."""
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{prefix}-{uuid.uuid4().hex}-{safe_file_name(upload.name, default='import')}"
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return path


# An image (a logo, a photo from the field) is told by its first bytes, never by its name or the
# browser's claim, as the applicants' documents are (participants.services.document_content_type).
IMAGE_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)


def image_content_type(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) of a JPEG or PNG told by its first bytes; None otherwise."""
    for signature, content_type, extension in IMAGE_SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    return None
