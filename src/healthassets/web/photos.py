"""Story photos: size, pixel count and type checked, re-encoded so no metadata (EXIF location,
camera…) survives; decoded in a worker thread so a large image never stalls other requests."""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError
from starlette.concurrency import run_in_threadpool

from healthassets.errors import InputError

MAX_BYTES = 5 * 1024 * 1024
#: largest photo decoded: 40 megapixels (8000 × 5000), read from the header before any decoding —
#: a phone's full-resolution photo fits; a 9000 × 9000 "decompression bomb" is refused at once
MAX_PIXELS = 40_000_000
MAX_SIDE = 2000
ACCEPTED = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
NOT_A_PHOTO = "the photo must be a JPEG, PNG or WebP image"


def _decoded(data: bytes) -> Image.Image:
    """The image in ``data``, checked from its header (type, pixel count) before it is decoded;
    JPEGs are decoded straight at the reduced scale (``draft``), which costs a fraction of full size."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ACCEPTED:
                raise InputError(NOT_A_PHOTO, column="photo")
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise InputError(
                    f"the photo has too many pixels ({width} × {height}): use one of at most "
                    f"{MAX_PIXELS // 1_000_000} megapixels, for example 8000 × 5000",
                    column="photo",
                )
            probe.verify()
        image = Image.open(io.BytesIO(data))
        if image.format == "JPEG":
            image.draft("RGB", (MAX_SIDE, MAX_SIDE))
        image.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        if isinstance(error, InputError):
            raise
        raise InputError(NOT_A_PHOTO, column="photo") from error
    return image


def clean_photo(data: bytes) -> tuple[bytes, str]:
    """(re-encoded bytes, media type) of an uploaded photo: JPEG, PNG or WebP up to 5 MB and
    40 megapixels, shrunk to 2,000 px on its longer side, with every metadata block dropped (only the
    pixels are copied into a new image). InputError otherwise."""
    if len(data) > MAX_BYTES:
        raise InputError(f"the photo is larger than {MAX_BYTES // (1024 * 1024)} MB", column="photo")
    image = _decoded(data)
    was_png = image.format == "PNG"
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    if was_png or image.mode in ("RGBA", "LA", "P"):
        pixels = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P", "PA") else "RGB")
        clean = Image.new(pixels.mode, pixels.size)
        clean.paste(pixels)
        clean.save(out, format="PNG", optimize=True)
        return out.getvalue(), "image/png"
    rgb = image.convert("RGB")
    clean = Image.new("RGB", rgb.size)
    clean.paste(rgb)
    clean.save(out, format="JPEG", quality=85)
    return out.getvalue(), "image/jpeg"


async def clean_photo_off_loop(data: bytes) -> tuple[bytes, str]:
    """:func:`clean_photo` in a worker thread: decoding takes CPU time the event loop must not wait on."""
    return await run_in_threadpool(clean_photo, data)
