"""Tests for sigoro.photos: every fixture is generated with Pillow at test time.

No database is needed. Limits are passed explicitly, so the tests also run without Django
settings (``-p no:django --noconftest``); the settings-default test is skipped there.
"""

from __future__ import annotations

import hashlib
import io
import os
import struct
import subprocess
import sys
import zlib
from datetime import datetime
from pathlib import Path

import pillow_heif
import pytest
from PIL import Image, ImageChops, ImageCms, ImageFile, ImageStat, JpegImagePlugin
from PIL.TiffImagePlugin import IFDRational

from sigoro import photos
from sigoro.photos import RENDITION_SIZES, PhotoError, process_photo

pillow_heif.register_heif_opener()

MB = 1024 * 1024
LIMITS = {"max_bytes": 64 * MB, "max_pixels": 50_000_000}

RED = (255, 0, 0)
GREEN = (0, 160, 0)
BLUE = (0, 0, 255)
YELLOW = (255, 220, 0)
WHITE = (255, 255, 255)

# How a camera stores an upright picture for each EXIF orientation: the inverse of the
# transpose a viewer applies (ImageOps.exif_transpose).
STORE_AS = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


# --------------------------------------------------------------------------- helpers


def quadrants(width: int = 300, height: int = 200) -> Image.Image:
    """Upright landscape test card: red top-left, green top-right, blue/yellow below."""
    im = Image.new("RGB", (width, height), YELLOW)
    im.paste(RED, (0, 0, width // 2, height // 2))
    im.paste(GREEN, (width // 2, 0, width, height // 2))
    im.paste(BLUE, (0, height // 2, width // 2, height))
    return im


def encode(im: Image.Image, fmt: str = "JPEG", **params) -> bytes:
    buffer = io.BytesIO()
    if fmt == "JPEG":
        params.setdefault("quality", 95)
    im.save(buffer, fmt, **params)
    return buffer.getvalue()


def camera_jpeg(upright: Image.Image, orientation: int, fmt: str = "JPEG") -> bytes:
    """Bytes of ``upright`` stored the way a camera would with that Orientation tag."""
    method = STORE_AS[orientation]
    stored = upright if method is None else upright.transpose(method)  # FLIP_LEFT_RIGHT == 0
    exif = Image.Exif()
    exif[0x0112] = orientation
    return encode(stored, fmt, exif=exif)


def run(data: bytes, **limits) -> photos.ProcessedPhoto:
    return process_photo(io.BytesIO(data), **{**LIMITS, **limits})


def decoded(rendition: photos.Rendition) -> Image.Image:
    im = Image.open(io.BytesIO(rendition.content))
    assert im.format == "JPEG"
    im.load()
    return im


def close_to(pixel, expected, tolerance: int = 40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, expected, strict=False))


def assert_quadrants(im: Image.Image) -> None:
    width, height = im.size
    assert width > height, f"expected landscape, got {im.size}"
    probes = {
        (width // 4, height // 4): RED,
        (3 * width // 4, height // 4): GREEN,
        (width // 4, 3 * height // 4): BLUE,
        (3 * width // 4, 3 * height // 4): YELLOW,
    }
    for xy, colour in probes.items():
        assert close_to(im.getpixel(xy), colour), (xy, im.getpixel(xy), colour)


def assert_photo_error(excinfo, code: str) -> None:
    error = excinfo.value
    assert isinstance(error, ValueError)
    assert error.code == code
    message = str(error)
    assert "foto" in message.lower(), message
    for english in ("cannot", "image", "file", "error", "truncated", "exceeds"):
        assert english not in message.lower(), message


def png_with_header(width: int, height: int) -> bytes:
    """A structurally valid PNG that claims ``width`` x ``height`` but carries ~no data."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def swapped_primaries_profile() -> bytes:
    """An RGB ICC profile whose red and green primaries are swapped (not called sRGB).

    Pure red in this space is sRGB green, so a converted image must come out green.
    """
    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    count = struct.unpack(">I", data[128:132])[0]
    entries = {}
    for i in range(count):
        pos = 132 + 12 * i
        entries[bytes(data[pos : pos + 4])] = pos
    r_pos, g_pos = entries[b"rXYZ"], entries[b"gXYZ"]
    data[r_pos + 4 : r_pos + 12], data[g_pos + 4 : g_pos + 12] = (
        data[g_pos + 4 : g_pos + 12],
        data[r_pos + 4 : r_pos + 12],
    )
    name = "sRGB".encode("utf-16-be")
    assert name in data
    data = data.replace(name, "Swap".encode("utf-16-be"))
    data[84:100] = bytes(16)  # profile ID (MD5) no longer matches: leave it unset
    return bytes(data)


# --------------------------------------------------------------------------- orientation


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_is_made_upright(orientation):
    photo = run(camera_jpeg(quadrants(300, 200), orientation))

    assert (photo.source_width, photo.source_height) == (300, 200)
    for rendition in photo.renditions.values():
        im = decoded(rendition)
        assert im.size == (rendition.width, rendition.height) == (300, 200)
        assert_quadrants(im)


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_orientation_on_a_large_jpeg_uses_the_draft_path(monkeypatch, orientation, threads):
    # 4800x3200 upright: decoded at 1/2 scale (2400x1600) in the stored orientation; with
    # threads the web rendition is resized and transposed in strips.
    monkeypatch.setattr(photos, "_THREADS", threads)
    photo = run(camera_jpeg(quadrants(4800, 3200), orientation))

    assert (photo.source_width, photo.source_height) == (4800, 3200)
    assert photo.decoded_size == ((1600, 2400) if orientation >= 5 else (2400, 1600))
    expected = {"thumb": (400, 267), "web": (1600, 1067)}
    for name, rendition in photo.renditions.items():
        im = decoded(rendition)
        assert im.size == (rendition.width, rendition.height) == expected[name]
        assert_quadrants(im)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_strips_land_in_the_right_place(monkeypatch, orientation):
    # A card with gradients in both directions: any strip pasted in the wrong place or
    # flipped the wrong way shows up as a large local difference against a reference.
    # 5200x3400 is drafted to 2600x1700, so the web size needs a real (strip) resize.
    monkeypatch.setattr(photos, "_THREADS", 2)
    size = (5200, 3400)
    across = Image.linear_gradient("L").rotate(90).resize(size)
    down = Image.linear_gradient("L").resize(size)
    upright = Image.merge("RGB", [across, down, ImageChops.invert(across)])
    photo = run(camera_jpeg(upright, orientation))

    reference = upright.resize((1600, 1046), Image.Resampling.LANCZOS)
    difference = ImageChops.difference(decoded(photo.renditions["web"]), reference)
    assert max(high for _, high in difference.getextrema()) <= 12
    assert max(ImageStat.Stat(difference).mean) < 2


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_exif_orientation_is_applied_to_png_and_webp(fmt):
    params = {"lossless": True} if fmt == "WEBP" else {}
    upright = quadrants(300, 200)
    exif = Image.Exif()
    exif[0x0112] = 6
    data = encode(upright.transpose(STORE_AS[6]), fmt, exif=exif, **params)

    photo = run(data)

    assert photo.source_format == fmt
    assert (photo.source_width, photo.source_height) == (300, 200)
    assert_quadrants(decoded(photo.renditions["thumb"]))


# --------------------------------------------------------------------------- metadata


def exif_with_position() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Kamera Warga"
    exif[0x0132] = "2026:08:18 10:00:00"  # DateTime (last edit)
    exif.get_ifd(0x8769)[0x9003] = "2026:08:17 07:30:15"  # DateTimeOriginal
    gps = exif.get_ifd(0x8825)
    gps[0] = b"\x02\x02\x00\x00"
    gps[1] = "S"
    gps[2] = (2.0, 5.0, 31.56)  # 2.0921 S
    gps[3] = "E"
    gps[4] = (106.0, 8.0, 20.04)  # 106.1389 E
    return exif


def test_metadata_is_read_then_stripped_from_every_rendition():
    source = quadrants(1200, 800)
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = encode(
        source,
        exif=exif_with_position(),
        comment=b"nomor HP 0812-0000-0000",
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>',
        icc_profile=srgb,
    )

    photo = run(data)

    assert photo.taken_at == datetime(2026, 8, 17, 7, 30, 15)
    assert photo.taken_at.tzinfo is None
    assert photo.gps_lat == pytest.approx(-2.0921, abs=1e-6)
    assert photo.gps_lon == pytest.approx(106.1389, abs=1e-6)
    for rendition in photo.renditions.values():
        im = decoded(rendition)
        assert len(im.getexif()) == 0
        for key in ("exif", "xmp", "comment", "icc_profile", "XML:com.adobe.xmp"):
            assert key not in im.info, key
        for marker in (b"Exif\x00\x00", b"http://ns.adobe.com/xap", b"0812", b"ICC_PROFILE"):
            assert marker not in rendition.content, marker
        assert_quadrants(im)


def test_datetime_falls_back_to_ifd0_and_missing_gps_is_none():
    exif = Image.Exif()
    exif[0x0132] = "2025:12:31 23:59:58\x00"
    photo = run(encode(quadrants(), exif=exif))

    assert photo.taken_at == datetime(2025, 12, 31, 23, 59, 58)
    assert photo.gps_lat is None and photo.gps_lon is None


def test_north_west_refs_and_no_exif():
    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (1.0, 30.0, 0.0)
    gps[3], gps[4] = "W", (70.0, 15.0, 36.0)
    photo = run(encode(quadrants(), exif=exif))
    assert photo.gps_lat == pytest.approx(1.5)
    assert photo.gps_lon == pytest.approx(-70.26)

    bare = run(encode(quadrants()))
    assert (bare.taken_at, bare.gps_lat, bare.gps_lon) == (None, None, None)


@pytest.mark.parametrize(
    "gps, date",
    [
        ({1: "S", 2: (IFDRational(2, 0), 5.0, 1.0), 3: "E", 4: (106.0, 8.0, 20.0)}, "garbage"),
        ({1: "X", 2: (2.0, 5.0, 1.0), 3: "E", 4: (106.0, 8.0, 20.0)}, "0000:00:00 00:00:00"),
        ({1: "S", 2: (95.0, 0.0, 0.0), 3: "E", 4: (106.0, 8.0, 20.0)}, "2026:13:45 99:00:00"),
        ({1: "N", 2: (0.0, 0.0, 0.0), 3: "E", 4: (0.0, 0.0, 0.0)}, "    "),
        ({1: "S", 2: (2.0, 5.0, 1.0)}, ""),
    ],
)
def test_garbage_exif_values_are_ignored(gps, date):
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = date
    exif.get_ifd(0x8825).update(gps)

    photo = run(encode(quadrants(), exif=exif))

    assert photo.taken_at is None
    assert photo.gps_lat is None and photo.gps_lon is None
    assert_quadrants(decoded(photo.renditions["thumb"]))


def test_sha256_is_of_the_original_bytes_and_upload_is_rewound():
    data = encode(quadrants())
    upload = io.BytesIO(data)
    photo = process_photo(upload, **LIMITS)
    assert photo.sha256 == hashlib.sha256(data).hexdigest()
    assert upload.tell() == 0


# --------------------------------------------------------------------------- formats


def test_heic_input_is_made_upright_and_rendered_as_jpeg():
    upright = quadrants(600, 400)
    exif = Image.Exif()
    exif[0x0112] = 6
    data = encode(upright.transpose(STORE_AS[6]), "HEIF", quality=90, exif=exif.tobytes())
    assert data[4:12] == b"ftypheic"

    photo = run(data)

    assert photo.source_format == "HEIF"
    assert (photo.source_width, photo.source_height) == (600, 400)
    sizes = {name: (r.width, r.height) for name, r in photo.renditions.items()}
    assert sizes == {"thumb": (400, 267), "web": (600, 400)}
    for rendition in photo.renditions.values():
        assert rendition.content.startswith(b"\xff\xd8\xff")
        assert_quadrants(decoded(rendition))


@pytest.mark.parametrize("mode", ["RGBA", "LA", "P", "RGB"])
def test_transparency_is_composited_on_white(mode):
    im = Image.new("RGBA", (300, 200), (255, 0, 0, 0))  # invisible red on the left
    im.paste((0, 0, 255, 255), (150, 0, 300, 200))
    params = {}
    if mode == "LA":
        im = im.convert("LA")
    elif mode == "P":
        im = im.convert("P", palette=Image.Palette.ADAPTIVE, colors=8)
        params["transparency"] = im.getpixel((10, 10))
    elif mode == "RGB":  # colour-key transparency (tRNS chunk)
        im = im.convert("RGB")
        params["transparency"] = (255, 0, 0)
    data = encode(im, "PNG", **params)

    photo = run(data)

    thumb = decoded(photo.renditions["thumb"])
    assert thumb.mode == "RGB"
    assert close_to(thumb.getpixel((40, 100)), WHITE, 8)
    right = thumb.getpixel((260, 100))
    assert right != WHITE and close_to(right, (0, 0, 255) if mode != "LA" else (29, 29, 29), 40)


def test_webp_is_accepted():
    photo = run(encode(quadrants(), "WEBP", quality=90))
    assert photo.source_format == "WEBP"
    assert_quadrants(decoded(photo.renditions["web"]))


def test_mpo_from_a_phone_counts_as_jpeg():
    buffer = io.BytesIO()
    first = quadrants()
    first.save(buffer, "MPO", save_all=True, append_images=[quadrants().rotate(180)])
    photo = run(buffer.getvalue())
    assert photo.source_format == "JPEG"
    assert_quadrants(decoded(photo.renditions["thumb"]))


def test_cmyk_and_16_bit_grey_become_rgb():
    cmyk = encode(quadrants().convert("CMYK"))
    assert_quadrants(decoded(run(cmyk).renditions["thumb"]))

    grey16 = Image.new("I;16", (300, 200), 0x8080)  # mid grey in 16 bits
    thumb = decoded(run(encode(grey16, "PNG")).renditions["thumb"])
    assert thumb.mode == "RGB"
    assert close_to(thumb.getpixel((150, 100)), (128, 128, 128), 3)


def test_embedded_icc_profile_is_converted_to_srgb():
    red_in_swapped_space = Image.new("RGB", (300, 200), (255, 0, 0))
    photo = run(encode(red_in_swapped_space, "PNG", icc_profile=swapped_primaries_profile()))

    pixel = decoded(photo.renditions["thumb"]).getpixel((150, 100))
    assert pixel[1] > 200 and pixel[0] < 60, pixel  # it is green in sRGB


def test_srgb_or_broken_icc_profile_leaves_pixels_alone():
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    for icc in (srgb, b"not a profile" * 20):
        photo = run(encode(quadrants(), "PNG", icc_profile=icc))
        assert_quadrants(decoded(photo.renditions["thumb"]))


# --------------------------------------------------------------------------- sizes


def test_rendition_sizes_of_a_12_megapixel_photo():
    photo = run(encode(quadrants(4000, 3000), quality=90))

    assert (photo.source_width, photo.source_height) == (4000, 3000)
    expected = {"thumb": (400, 300), "web": (1600, 1200)}
    assert set(photo.renditions) == set(RENDITION_SIZES) == set(expected)
    for name, rendition in photo.renditions.items():
        assert rendition.name == name
        im = decoded(rendition)
        assert im.size == (rendition.width, rendition.height) == expected[name]
        assert_quadrants(im)


@pytest.mark.parametrize(
    "size, expected",
    [
        ((300, 200), {"thumb": (300, 200), "web": (300, 200)}),
        ((1000, 700), {"thumb": (400, 280), "web": (1000, 700)}),
        ((2000, 1500), {"thumb": (400, 300), "web": (1600, 1200)}),
        ((1500, 2000), {"thumb": (300, 400), "web": (1200, 1600)}),
    ],
)
def test_small_images_are_never_upscaled(size, expected):
    photo = run(encode(Image.new("RGB", size, (10, 120, 200))))
    assert {n: (r.width, r.height) for n, r in photo.renditions.items()} == expected
    for name, rendition in photo.renditions.items():
        assert decoded(rendition).size == expected[name]


@pytest.mark.parametrize("size", [(1200, 821), (1600, 1095), (1899, 1299)])
def test_strip_resize_matches_a_single_resize(monkeypatch, size):
    from concurrent.futures import ThreadPoolExecutor

    monkeypatch.setattr(photos, "_PARALLEL_MIN_PIXELS", 0)
    gradient = Image.linear_gradient("L").resize((1900, 1300))
    grain = Image.effect_noise((1900, 1300), 12)
    blobs = Image.effect_noise((190, 130), 80).resize((1900, 1300), Image.Resampling.BICUBIC)
    source = Image.merge(
        "RGB", [ImageChops.add(gradient, grain, offset=-128), gradient.rotate(90), blobs]
    )
    with ThreadPoolExecutor(2) as pool:
        strips = photos._resize(source, size, pool)
    single = source.resize(size, Image.Resampling.LANCZOS)
    # Pillow may run the two separable passes in another order for a strip than for the
    # whole image (different 8-bit rounding); there must be no seam or shift.
    difference = ImageChops.difference(strips, single)
    assert max(high for _, high in difference.getextrema()) <= 8
    assert max(ImageStat.Stat(difference).mean) < 0.5


# --------------------------------------------------------------------------- draft


@pytest.mark.parametrize("orientation", range(1, 9))
def test_12_megapixel_jpeg_is_decoded_at_half_scale_and_web_is_upright(orientation):
    # Upright 4000x3000 landscape, stored rotated when the orientation swaps axes: the draft
    # target must be the web size in the stored orientation, or libjpeg decodes in full.
    photo = run(camera_jpeg(quadrants(4000, 3000), orientation))

    assert photo.decoded_size == ((1500, 2000) if orientation >= 5 else (2000, 1500))
    web = photo.renditions["web"]
    im = decoded(web)
    assert im.size == (web.width, web.height) == (1600, 1200)
    assert_quadrants(im)
    assert (photo.source_width, photo.source_height) == (4000, 3000)


def test_jpeg_is_decoded_with_draft_at_the_web_target(monkeypatch):
    requests, decoded_sizes = [], []
    original_draft = JpegImagePlugin.JpegImageFile.draft
    original_load = ImageFile.ImageFile.load

    def spy_draft(self, mode, size):
        requests.append((mode, size))
        return original_draft(self, mode, size)

    def spy_load(self):
        if self.format in ("JPEG", "MPO") and self.tile:
            decoded_sizes.append(self.size)
        return original_load(self)

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy_draft)
    monkeypatch.setattr(ImageFile.ImageFile, "load", spy_load)

    run(encode(quadrants(4000, 3000), quality=80))
    assert requests == [("RGB", (1600, 1200))]
    assert decoded_sizes == [(2000, 1500)]  # 1/2 scale: 4000/1600 = 2.5 allows no more

    requests.clear()
    decoded_sizes.clear()
    # Stored 4000x3000 landscape with Orientation 6: upright 3000x4000, web 1200x1600. The
    # draft target is (1600, 1200), the web size before rotation; the upright (1200, 1600)
    # would make libjpeg decode all 4000x3000 pixels (3000 // 1600 == 1).
    landscape = quadrants(4000, 3000)
    exif = Image.Exif()
    exif[0x0112] = 6
    photo = run(encode(landscape, exif=exif))
    assert requests == [("RGB", (1600, 1200))]
    assert decoded_sizes == [(2000, 1500)]
    assert (photo.renditions["web"].width, photo.renditions["web"].height) == (1200, 1600)

    requests.clear()
    decoded_sizes.clear()
    run(encode(quadrants(8000, 6000), quality=60))
    assert requests == [("RGB", (1600, 1200))]
    assert decoded_sizes == [(2000, 1500)]  # 1/4 scale


# --------------------------------------------------------------------------- rejections


def test_header_claiming_too_many_pixels_is_rejected_before_decoding():
    data = png_with_header(20_000, 20_000)  # 400 MP claimed, a few bytes of data
    assert len(data) < 200
    with pytest.raises(PhotoError) as excinfo:
        run(data)
    assert_photo_error(excinfo, "too_many_pixels")

    with pytest.raises(PhotoError) as excinfo:
        run(png_with_header(9_000, 7_000))  # 63 MP: above our 50 MP, below Pillow's limit
    assert_photo_error(excinfo, "too_many_pixels")
    assert "9.000 × 7.000" in str(excinfo.value)
    assert "50 megapiksel" in str(excinfo.value)


def test_pixel_limit_applies_to_real_images_too():
    with pytest.raises(PhotoError) as excinfo:
        run(encode(quadrants(1000, 1000)), max_pixels=999_999)
    assert_photo_error(excinfo, "too_many_pixels")


def test_file_over_the_byte_limit_is_rejected():
    data = encode(Image.effect_noise((400, 300), 80).convert("RGB"))
    with pytest.raises(PhotoError) as excinfo:
        run(data, max_bytes=len(data) - 1)
    assert_photo_error(excinfo, "too_large")


def test_too_large_is_decided_from_size_before_reading():
    class Upload(io.BytesIO):
        size = int(23.4 * MB)

        def read(self, *args):
            raise AssertionError("must not read an upload that is already too large")

    with pytest.raises(PhotoError) as excinfo:
        process_photo(Upload(b""), max_bytes=20 * MB, max_pixels=50_000_000)
    assert_photo_error(excinfo, "too_large")
    assert str(excinfo.value) == "Ukuran foto 23,4 MB melebihi batas 20 MB."


def test_stream_without_size_is_cut_at_the_limit():
    class Stream:
        def __init__(self, data):
            self._buffer = io.BytesIO(data)

        def read(self, n=-1):
            return self._buffer.read(n)

        def seek(self, *args):
            raise OSError("not seekable")

    data = encode(Image.effect_noise((300, 300), 80).convert("RGB"))
    with pytest.raises(PhotoError) as excinfo:
        process_photo(Stream(data), max_bytes=1000, max_pixels=50_000_000)
    assert_photo_error(excinfo, "too_large")


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "HEIF"])
def test_truncated_image_is_rejected(fmt):
    noise = Image.effect_noise((400, 300), 60).convert("RGB")
    data = encode(noise, fmt)
    with pytest.raises(PhotoError) as excinfo:
        run(data[: len(data) // 2])
    assert_photo_error(excinfo, "truncated")


def uploaded(name: str, content: bytes, content_type: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(
    "name, content, code",
    [
        ("foto.jpg", b"<!DOCTYPE html><html><body>not a photo</body></html>", "not_image"),
        ("foto.jpg", b"Ini hanya teks biasa.\n", "not_image"),
        ("foto.jpg", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "not_image"),
        ("foto.jpg", b"", "not_image"),
        ("foto.jpeg", b"\xff\xd8\xff" + b"\x00" * 40, "truncated"),
        ("foto.gif", "GIF", "unsupported"),
        ("foto.jpg", "BMP", "unsupported"),
        ("foto.jpg", "TIFF", "unsupported"),
    ],
)
def test_content_decides_not_the_name_or_content_type(name, content, code):
    if isinstance(content, str):
        content = encode(quadrants(), content)
    with pytest.raises(PhotoError) as excinfo:
        process_photo(uploaded(name, content, "image/jpeg"), **LIMITS)
    assert_photo_error(excinfo, code)


def test_django_upload_is_processed():
    upload = uploaded("whatever.txt", encode(quadrants()), "text/plain")
    photo = process_photo(upload, **LIMITS)
    assert photo.source_format == "JPEG"
    assert_quadrants(decoded(photo.renditions["thumb"]))


# --------------------------------------------------------------------------- settings


def test_limits_default_to_django_settings():
    try:
        from django.conf import settings

        configured = settings.configured
    except Exception:  # noqa: BLE001
        configured = False
    if not configured:
        pytest.skip("Django settings are not configured")
    from django.test import override_settings

    data = encode(quadrants())
    with override_settings(PHOTO_MAX_BYTES=len(data) - 1), pytest.raises(PhotoError) as exc:
        process_photo(io.BytesIO(data))
    assert exc.value.code == "too_large"
    limits = override_settings(PHOTO_MAX_BYTES=len(data), PHOTO_MAX_PIXELS=300 * 200 - 1)
    with limits, pytest.raises(PhotoError) as exc:
        process_photo(io.BytesIO(data))
    assert exc.value.code == "too_many_pixels"


def test_module_works_without_django_settings():
    root = Path(__file__).resolve().parents[2]
    code = (
        "import io; from PIL import Image; from sigoro.photos import process_photo\n"
        "b = io.BytesIO(); Image.new('RGB', (64, 48), 'red').save(b, 'PNG')\n"
        "p = process_photo(io.BytesIO(b.getvalue()))\n"
        "print(p.renditions['thumb'].width, p.renditions['thumb'].height)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["64", "48"]
