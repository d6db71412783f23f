"""Checks shared by uploads that are a PDF or a picture (receipts, certificates): the real type from the
first bytes, never from the name or the browser's claim, and pictures checked for decompression bombs."""

from __future__ import annotations

import warnings
from typing import IO

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
