import asyncio
import io
import struct
import threading
import zlib

import pytest
from PIL import Image, ImageFile

from healthassets.errors import InputError
from healthassets.web import photos
from healthassets.web.photos import MAX_BYTES, MAX_PIXELS, clean_photo, clean_photo_off_loop


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


def png_declaring(width: int, height: int) -> bytes:
    """A small PNG whose header claims ``width`` × ``height`` pixels (a decompression bomb's shape:
    decoding would allocate and inflate all of them)."""
    out = io.BytesIO()
    Image.new("L", (8, 8)).save(out, format="PNG")
    data = bytearray(out.getvalue())
    header = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + header))
    return bytes(data)


def test_too_many_pixels_are_refused_from_the_header_before_decoding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bomb = png_declaring(9000, 9000)
    assert len(bomb) < 1000 and MAX_PIXELS < 9000 * 9000

    def no_decoding(_image: object) -> None:
        raise AssertionError("the image was decoded before its size was checked")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    with pytest.raises(InputError, match="too many pixels"):
        clean_photo(bomb)


def test_a_full_size_phone_photo_is_accepted() -> None:
    out = io.BytesIO()
    Image.new("RGB", (4032, 3024), (10, 120, 40)).save(out, format="JPEG")
    cleaned, media = clean_photo(out.getvalue())
    with Image.open(io.BytesIO(cleaned)) as image:
        assert media == "image/jpeg" and max(image.size) <= 2000


def test_photos_are_decoded_off_the_event_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []

    def decode(data: bytes) -> tuple[bytes, str]:
        try:
            asyncio.get_running_loop()
            seen.append(True)
        except RuntimeError:
            seen.append(False)
        return data, "image/png"

    monkeypatch.setattr(photos, "clean_photo", decode)
    results: list[tuple[bytes, str]] = []

    def run() -> None:
        results.append(asyncio.run(clean_photo_off_loop(b"pixels")))

    # a thread of its own: another test's browser may own this thread's event loop
    worker = threading.Thread(target=run)
    worker.start()
    worker.join(10)
    assert results == [(b"pixels", "image/png")]
    assert seen == [False]  # no event loop in the thread that decoded
