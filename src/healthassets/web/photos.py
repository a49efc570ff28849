"""Story photos: size and type checked, re-encoded so no metadata (EXIF location, camera…) survives."""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError

from healthassets.errors import InputError

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 2000
ACCEPTED = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def clean_photo(data: bytes) -> tuple[bytes, str]:
    """(re-encoded bytes, media type) of an uploaded photo: JPEG, PNG or WebP up to 5 MB, shrunk to
    2,000 px on its longer side, with every metadata block dropped. InputError otherwise."""
    if len(data) > MAX_BYTES:
        raise InputError(f"the photo is larger than {MAX_BYTES // (1024 * 1024)} MB", column="photo")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise InputError("the photo must be a JPEG, PNG or WebP image", column="photo") from error
    if image.format not in ACCEPTED:
        raise InputError("the photo must be a JPEG, PNG or WebP image", column="photo")
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    if image.format == "PNG" or image.mode in ("RGBA", "LA", "P"):
        clean = Image.new(image.mode, image.size)
        clean.putdata(list(image.getdata()))
        clean.save(out, format="PNG", optimize=True)
        return out.getvalue(), "image/png"
    rgb = image.convert("RGB")
    clean = Image.new("RGB", rgb.size)
    clean.paste(rgb)
    clean.save(out, format="JPEG", quality=85)
    return out.getvalue(), "image/jpeg"
