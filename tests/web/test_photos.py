import io

import pytest
from PIL import Image

from healthassets.errors import InputError
from healthassets.web.photos import MAX_BYTES, clean_photo


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (3000, 1500), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x8825] = {2: (53.0, 28.0, 0.0)}  # GPS info
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_metadata_is_stripped_and_size_reduced() -> None:
    data = jpeg_with_exif()
    assert b"CameraMaker" in data
    cleaned, media = clean_photo(data)
    assert media == "image/jpeg" and b"CameraMaker" not in cleaned
    with Image.open(io.BytesIO(cleaned)) as image:
        assert max(image.size) == 2000 and not image.getexif()


def test_png_stays_png() -> None:
    out = io.BytesIO()
    Image.new("RGBA", (10, 10)).save(out, format="PNG")
    assert clean_photo(out.getvalue())[1] == "image/png"


@pytest.mark.parametrize("data", [b"not an image", b"GIF89a" + b"\0" * 50, b"%PDF-1.4"])
def test_other_files_are_refused(data: bytes) -> None:
    with pytest.raises(InputError, match="JPEG, PNG or WebP"):
        clean_photo(data)


def test_large_files_are_refused() -> None:
    with pytest.raises(InputError, match="larger than 5 MB"):
        clean_photo(b"\xff" * (MAX_BYTES + 1))
