"""Uploaded files: a size limit enforced while reading, and storage under names of our own."""

import uuid
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect


class UploadSizeLimit(FileUploadHandler):
    """Stop reading an upload once it passes `limit` bytes, so that an oversize file is neither
    kept on disk nor answered with a bare 413, and the page can say why
    (`request.upload_over_limit`). Installed by `upload_limit`, which see."""

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


def upload_limit(limit: int | str):
    """Decorate a view that receives a file: reading the request body stops at `limit` bytes
    (a number, or the name of a setting holding one, read at each request).

    The handler has to be in place before anything reads the body, and the CSRF middleware
    reads it (for the token) before the view runs; so the view is csrf_exempt to the
    middleware and csrf_protect-ed here, after the handler is installed: CSRF is still
    enforced. The page's form sends its token before the file (the reading stops at the file).

    Put it right above the view function, under the permission decorators, which keep its
    csrf_exempt mark. The view then asks `upload_refused(request, form, ...)` whether the
    file was too large."""

    def decorator(view):
        protected = csrf_protect(view)

        @wraps(view)
        def wrapped(request, *args, **kwargs):
            request.upload_limit = getattr(settings, limit) if isinstance(limit, str) else limit
            request.upload_handlers.insert(0, UploadSizeLimit(request, limit=request.upload_limit))
            return protected(request, *args, **kwargs)

        return csrf_exempt(wrapped)

    return decorator


def upload_too_large_message(limit: int) -> str:
    return _("The file is larger than %(limit)s; files up to %(limit)s can be imported.") % {
        "limit": filesizeformat(limit)
    }


def upload_refused(request, form, *, field: str = "file", message: str | None = None) -> bool:
    """True when `upload_limit` stopped reading the file of `request`; then `form` (bound to the
    request) shows `message` on `field` (by default the portal's 'larger than … can be
    imported') instead of 'This field is required', and its other fields' errors as usual."""
    if not getattr(request, "upload_over_limit", False):
        return False
    form.is_valid()
    form.errors.pop(field, None)
    form.add_error(field, message if message is not None else upload_too_large_message(request.upload_limit))
    return True


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
