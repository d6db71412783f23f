"""Checks shared by uploads that are a PDF or a picture (receipts, certificates): the real type from the
first bytes, never from the name or the browser's claim, and pictures checked for decompression bombs.
And `save_private`, the one way uploads are written: a full or read-only disk gives a plain message and
leaves no partial file behind."""

from __future__ import annotations

import contextlib
import errno
import logging
import warnings
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

logger = logging.getLogger(__name__)

# A phone photo is about 12-50 million pixels; more than this is no receipt or certificate.
MAX_IMAGE_PIXELS = 60_000_000


# First bytes of the files we accept: (magic, mimetype, extension).
PDF_OR_PICTURE = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)


class UnsafeImage(ValueError):
    """The picture cannot be accepted; the message can be shown to the person as it is."""


def pdf_or_picture(file: IO[bytes]) -> tuple[str, str] | None:
    """(mimetype, extension) of a PDF, PNG or JPEG judged by its bytes; None for anything else.

    Raises UnsafeImage for a picture that is a decompression bomb or broken.
    """
    position = file.tell()
    file.seek(0)
    head = file.read(16)
    file.seek(position)
    for magic, mimetype, extension in PDF_OR_PICTURE:
        if head.startswith(magic):
            if mimetype.startswith("image/"):
                check_image(file)
            return mimetype, extension
    return None


def check_image(file: IO[bytes]) -> None:
    """Refuse decompression bombs (a small file that declares a huge picture) and broken pictures.

    Reads only the header and checks the structure (Pillow's verify); never decodes the pixels.
    """
    from PIL import Image

    position = file.tell()
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                if image.width * image.height > MAX_IMAGE_PIXELS:
                    raise UnsafeImage("This picture is far larger than a photo needs. Please send a smaller copy.")
                image.verify()
    except UnsafeImage:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise UnsafeImage("This picture is far larger than a photo needs. Please send a smaller copy.") from error
    except Exception as error:  # any decoding failure: not a whole picture
        raise UnsafeImage("This picture could not be read. Please take the photo again or send a PDF.") from error
    finally:
        file.seek(position)


NO_ROOM = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
LOCKED = (errno.EROFS, errno.EACCES, errno.EPERM)


class StorageUnavailable(ValidationError):
    """The file could not be saved (the disk is full or read-only). Nothing was kept; the message is plain."""


def save_private(name: str, content: Any) -> str:
    """Save an upload in private storage under a server-made (unique) name; returns the name saved.

    If the disk is full or read-only, whatever part was written is removed and StorageUnavailable says so
    plainly. Names are unique (random), so the partial file can only be the one this call started."""
    try:
        return default_storage.save(name, content)
    except OSError as error:
        with contextlib.suppress(OSError):
            default_storage.delete(name)
        logger.error("could not save upload %s: %s", name, error)
        if error.errno in NO_ROOM:
            raise StorageUnavailable("The portal has no room to save files just now, so nothing was saved. "
                                     "Please try again later. The portal's administrators need to free some "
                                     "space.") from error
        raise StorageUnavailable("The portal cannot save files just now, so nothing was saved. Please try "
                                 "again later.") from error
