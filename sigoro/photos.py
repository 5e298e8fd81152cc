"""Photo processing for uploads: validate, read EXIF, orient and render JPEG renditions.

Pure processing: no models, no database, no storage. ``process_photo`` takes the upload and
returns everything the caller needs to store (two metadata-free JPEG renditions, the upright
source size, capture time, GPS position and the SHA-256 of the original) so the caller can
write it all in one transaction.

Renditions: thumb (400 px) for lists and web (1600 px) for pages, also used for print: A4
printed full width at 200 dpi needs about 1,340 px, so a larger print rendition would only
force a full decode of every 12 MP photo.

Pipeline (measured with ``bench/photos.py``):

1. Size limit before anything is decoded (``.size``, else counted while hashing). A seekable
   upload is hashed in 1 MB chunks and decoded from the file itself, not copied into memory.
   The type is judged by content (magic bytes, then Pillow restricted to JPEG/PNG/WebP/HEIF),
   never by file name or client content type.
2. Pixel limit from the header, before decoding (decompression bombs).
3. JPEG only: ``Image.draft`` with the real target, the web size in the stored (pre-rotation)
   orientation, e.g. (1600, 1200) for a 4000x3000 photo whether or not its EXIF orientation
   turns it upright to portrait. libjpeg then decodes at 1/2, 1/4 or 1/8 scale whenever that
   still covers the web size: a 12 MP photo is decoded at half scale (2000x1500), a quarter
   of the pixels and memory of a full decode. ``ProcessedPhoto.decoded_size`` tells what was
   decoded. PNG, WebP and HEIF (pillow-heif) have no scaled decode and are decoded in full.
   Quality holds: against the exact pixels of a full decode + LANCZOS, the web JPEG made from
   the half-scale decode is as close as that full-decode path's own JPEG (the bench's PSNR
   exact column).
4. One LANCZOS resize from the decoded image to the web size, in horizontal strips on up to
   four threads (Pillow releases the GIL; strips use ``box``, so they join without seams).
   Each strip is made upright on its own (EXIF orientation, all 8 values), which is cheaper
   than rotating the decode. The thumb is derived from web (reducing_gap). The decode is
   freed as soon as the web size exists.
5. Colour: an embedded ICC profile that is not sRGB (Display P3 from phones, Adobe RGB, CMYK
   profiles) is converted to sRGB with LittleCMS (perceptual intent) on the web-size image;
   the output carries no profile, and untagged JPEG is read as sRGB by browsers and PDF
   renderers. An sRGB or unreadable profile is simply dropped. HEIF nclx colour information
   is ignored.
6. Output: baseline JPEG, quality 85, optimised Huffman tables (lossless, ~2-3 % smaller);
   progressive would save ~7 % more but costs 4-5x the encode time. No EXIF, XMP, ICC or
   comment is written.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import re
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import IO, Any

import pillow_heif
from PIL import Image, ImageCms, UnidentifiedImageError

pillow_heif.register_heif_opener()

__all__ = [
    "RENDITION_SIZES",
    "PhotoError",
    "ProcessedPhoto",
    "Rendition",
    "header_pixels",
    "process_photo",
]

RENDITION_SIZES = {"thumb": 400, "web": 1600}
"""Longest side in pixels of each rendition; a smaller source is never upscaled. The web
rendition is also the one printed (1600 px covers A4 full width at 200 dpi)."""

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_PIXELS = 50_000_000

# LANCZOS: BICUBIC was ~15 % less CPU but 2-4 dB lower PSNR against a full-decode LANCZOS
# reference after encoding (visibly softer web renditions), so it was not worth it.
RESAMPLE = Image.Resampling.LANCZOS

JPEG_QUALITY = 85
JPEG_SAVE_OPTIONS: dict[str, Any] = {"quality": JPEG_QUALITY, "optimize": True}

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")


def gettext_noop(message: str) -> str:
    """Mark a string for translation without needing Django settings at import time."""
    return message


_ACCEPTED_HINT = gettext_noop("Upload a JPEG, PNG, WebP or HEIC photo.")

# Resizes producing at least this many pixels are split into strips over threads (a pool per
# call: nothing survives a fork, nothing is shared between requests).
_PARALLEL_MIN_PIXELS = 500_000
_STRIP_ROWS = 128
_cpu_count = getattr(os, "process_cpu_count", os.cpu_count)  # process_cpu_count: 3.13+
_THREADS = max(1, min(4, _cpu_count() or 1))

_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}

_SWAPS_AXES = {
    Image.Transpose.TRANSPOSE,
    Image.Transpose.TRANSVERSE,
    Image.Transpose.ROTATE_90,
    Image.Transpose.ROTATE_270,
}

_TAG_ORIENTATION = 0x0112
_TAG_DATETIME = 0x0132
_TAG_EXIF_IFD = 0x8769
_TAG_GPS_IFD = 0x8825
_TAG_DATETIME_ORIGINAL = 0x9003
_TAG_DATETIME_DIGITIZED = 0x9004

_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs"}
_HEIF_GENERIC_BRANDS = {b"mif1", b"msf1", b"mif2"}
_AVIF_BRANDS = {b"avif", b"avis"}

_DATETIME_RE = re.compile(
    r"^\s*(\d{4})[:\-/](\d{1,2})[:\-/](\d{1,2})[ T]+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?"
)


class PhotoError(ValueError):
    """A photo that cannot be accepted; ``str(error)`` is a sentence for the user."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Rendition:
    name: str
    content: bytes
    width: int
    height: int


@dataclass(frozen=True)
class ProcessedPhoto:
    renditions: dict[str, Rendition]
    source_format: str
    source_width: int
    source_height: int
    taken_at: datetime | None
    gps_lat: float | None
    gps_lon: float | None
    sha256: str
    decoded_size: tuple[int, int]
    """Size of the decoded pixels, before EXIF rotation: smaller than the source when the JPEG
    decoder scaled down (draft), the full size otherwise (pillow-heif decodes HEIF upright)."""


# --------------------------------------------------------------------------- messages


def _format_mb(n_bytes: int) -> str:
    mb = n_bytes / (1024 * 1024)
    if abs(mb - round(mb)) < 0.05:
        return f"{round(mb)}"
    return f"{mb:.1f}".replace(".", ",")


def _format_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _(message: str) -> str:
    """Translate through Django's gettext (the users' language); the English text when
    Django is not configured (the benchmark runs without it)."""
    try:
        from django.conf import settings
        from django.utils.translation import gettext

        if settings.configured:
            return gettext(message)
    except ImportError:  # pragma: no cover - Django is a dependency
        pass
    return message


def _hint() -> str:
    return _(_ACCEPTED_HINT)


def _not_image() -> PhotoError:
    return PhotoError(_("This file is not a photo.") + " " + _hint(), code="not_image")


def _unsupported(kind: str | None) -> PhotoError:
    which = f" ({kind})" if kind else ""
    text = _("This photo format%(which)s is not supported.") % {"which": which}
    return PhotoError(f"{text} {_hint()}", code="unsupported")


def _truncated() -> PhotoError:
    return PhotoError(
        _(
            "The photo is damaged or incomplete; the upload may have been cut off. "
            "Please upload the photo again."
        ),
        code="truncated",
    )


def _too_large(size: int | None, max_bytes: int) -> PhotoError:
    if size is not None and size > max_bytes:
        text = _("The photo is %(size)s MB, over the limit of %(limit)s MB.") % {
            "size": _format_mb(size),
            "limit": _format_mb(max_bytes),
        }
    else:
        text = _("The photo is over the limit of %(limit)s MB.") % {"limit": _format_mb(max_bytes)}
    return PhotoError(text, code="too_large")


def _too_many_pixels(width: int | None, height: int | None, max_pixels: int) -> PhotoError:
    limit = max_pixels / 1_000_000
    limit_text = f"{limit:g}".replace(".", ",")
    size = (
        " " + _("(%(w)s × %(h)s pixels)") % {"w": _format_int(width), "h": _format_int(height)}
        if width and height
        else ""
    )
    return PhotoError(
        _(
            "The photo's resolution is too large%(size)s. The limit is %(limit)s megapixels; "
            "make the photo smaller and upload it again."
        )
        % {"size": size, "limit": limit_text},
        code="too_many_pixels",
    )


# --------------------------------------------------------------------------- settings


def _setting(name: str, default: int) -> int:
    """A Django setting, or ``default`` when Django settings are not configured."""
    try:
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured
    except ImportError:  # pragma: no cover - Django is a dependency
        return default
    try:
        return getattr(settings, name, default)
    except ImproperlyConfigured:
        return default


# --------------------------------------------------------------------------- reading


def _declared_size(fileobj: Any) -> int | None:
    size = getattr(fileobj, "size", None)
    if isinstance(size, int) and size >= 0:
        return size
    try:
        pos = fileobj.tell()
        end = fileobj.seek(0, os.SEEK_END)
        fileobj.seek(pos)
    except (AttributeError, OSError, ValueError):
        return None
    return end if isinstance(end, int) else None


def _rewind(fileobj: Any) -> bool:
    try:
        fileobj.seek(0)
    except (AttributeError, OSError, ValueError):
        return False
    return True


class _Borrowed:
    """Read-only view of the caller's file: Pillow closes ``fp`` on ``close()``, we must not."""

    def __init__(self, fileobj: Any) -> None:
        self._fileobj = fileobj

    def read(self, size: int = -1) -> bytes:
        return self._fileobj.read(size)

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        self._fileobj.seek(offset, whence)
        return self._fileobj.tell()

    def tell(self) -> int:
        return self._fileobj.tell()

    def close(self) -> None:
        pass


_READ_CHUNK = 1024 * 1024
_HEAD_BYTES = 256


def _read_upload(fileobj: Any, max_bytes: int) -> tuple[Any, str, bytes]:
    """Hash the upload and return (source for Pillow, SHA-256 hex digest, first bytes).

    Refuses anything above ``max_bytes`` before decoding: from ``.size`` when the upload has
    one, otherwise while reading (never more than ``max_bytes + 1`` bytes). A seekable file
    is streamed (only 1 MB at a time in memory) and then decoded from the file itself;
    anything else is buffered.
    """
    seekable = _rewind(fileobj)
    size = _declared_size(fileobj)
    if size is not None and size > max_bytes:
        raise _too_large(size, max_bytes)
    digest = hashlib.sha256()
    head = b""
    chunks: list[bytes] | None = None if seekable else []
    total = 0
    while True:
        chunk = fileobj.read(min(_READ_CHUNK, max_bytes + 1 - total))
        if not chunk:
            break
        if not isinstance(chunk, bytes | bytearray):
            raise _not_image()  # a text-mode file
        total += len(chunk)
        if total > max_bytes:
            _rewind(fileobj)
            raise _too_large(size if size and size > max_bytes else None, max_bytes)
        digest.update(chunk)
        if len(head) < _HEAD_BYTES:
            head += bytes(chunk[: _HEAD_BYTES - len(head)])
        if chunks is not None:
            chunks.append(bytes(chunk))
    if chunks is None and _rewind(fileobj):
        return _Borrowed(fileobj), digest.hexdigest(), head
    return io.BytesIO(b"".join(chunks or [])), digest.hexdigest(), head


def _sniff(head: bytes) -> tuple[str | None, str | None]:
    """(accepted format, None) or (None, name of a recognised but unsupported image type)."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG", None
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG", None
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP", None
    if head[4:8] == b"ftyp":
        box_size = int.from_bytes(head[0:4], "big")
        major = head[8:12]
        compatible = {head[i : i + 4] for i in range(16, min(box_size, len(head)) - 3, 4)}
        brands = {major} | compatible
        if brands & _HEIF_BRANDS:
            return "HEIF", None
        if brands & _AVIF_BRANDS:
            return None, "AVIF"
        if major in _HEIF_GENERIC_BRANDS:
            return "HEIF", None
        return None, None  # MP4/MOV video and other ISO-BMFF files
    for magic, name in (
        (b"GIF87a", "GIF"),
        (b"GIF89a", "GIF"),
        (b"BM", "BMP"),
        (b"II*\x00", "TIFF"),
        (b"MM\x00*", "TIFF"),
        (b"\x00\x00\x01\x00", "ICO"),
        (b"8BPS", "PSD"),
        (b"\xff\x0a", "JPEG XL"),
        (b"\x00\x00\x00\x0cJXL ", "JPEG XL"),
        (b"\x00\x00\x00\x0cjP  ", "JPEG 2000"),
    ):
        if head.startswith(magic):
            return None, name
    return None, None


# --------------------------------------------------------------------------- EXIF


def _clean_text(value: Any) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    if not isinstance(value, str):
        return None
    return value.replace("\x00", " ").strip()


def _parse_exif_datetime(value: Any) -> datetime | None:
    text = _clean_text(value)
    if not text:
        return None
    match = _DATETIME_RE.match(text)
    if not match:
        return None
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
    try:
        parsed = datetime(year, month, day, hour, minute, min(second, 59))
    except ValueError:
        return None
    return parsed if parsed.year >= 1900 else None


def _gps_coordinate(value: Any, ref: Any, positive: str, negative: str, limit: float):
    try:
        if isinstance(value, tuple | list):
            parts = [float(v) for v in value[:3]]
            if not parts:
                return None
            degrees = sum(p / 60**i for i, p in enumerate(parts))
        else:
            degrees = float(value)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return None
    if not math.isfinite(degrees) or degrees < 0 or degrees > limit:
        return None
    ref_text = (_clean_text(ref) or "").upper()[:1]
    if ref_text == negative:
        degrees = -degrees
    elif ref_text not in ("", positive):
        return None
    return round(degrees, 7)


def _read_exif(exif: Image.Exif) -> tuple[datetime | None, float | None, float | None]:
    taken_at = lat = lon = None
    try:
        exif_ifd = exif.get_ifd(_TAG_EXIF_IFD)
    except Exception:  # noqa: BLE001 - garbage EXIF must not reject a photo
        exif_ifd = {}
    for tag, source in (
        (_TAG_DATETIME_ORIGINAL, exif_ifd),
        (_TAG_DATETIME_DIGITIZED, exif_ifd),
        (_TAG_DATETIME, exif),
    ):
        try:
            taken_at = _parse_exif_datetime(source.get(tag))
        except Exception:  # noqa: BLE001
            taken_at = None
        if taken_at:
            break
    try:
        gps = exif.get_ifd(_TAG_GPS_IFD)
        if gps:
            lat = _gps_coordinate(gps.get(2), gps.get(1), "N", "S", 90.0)
            lon = _gps_coordinate(gps.get(4), gps.get(3), "E", "W", 180.0)
    except Exception:  # noqa: BLE001
        lat = lon = None
    if lat is None or lon is None or (lat == 0 and lon == 0):
        lat = lon = None  # half a position, or the "no fix" 0,0 some phones write
    return taken_at, lat, lon


def _orientation(exif: Image.Exif) -> int:
    try:
        value = int(exif.get(_TAG_ORIENTATION, 1))
    except (TypeError, ValueError):
        return 1
    return value if 1 <= value <= 8 else 1


# --------------------------------------------------------------------------- pixels


def _fit(width: int, height: int, longest: int) -> tuple[int, int]:
    """Size with the longest side at most ``longest``, aspect kept, never upscaled."""
    if max(width, height) <= longest:
        return width, height
    if width >= height:
        return longest, max(1, round(height * longest / width))
    return max(1, round(width * longest / height)), longest


def _normalise_mode(im: Image.Image) -> Image.Image:
    """Bring any decoded mode to RGB, L or CMYK; transparency is composited on white."""
    mode = im.mode
    if mode in ("RGB", "L") and "transparency" in im.info:
        im = im.convert("RGBA")  # PNG tRNS colour key
    elif mode in ("RGB", "L", "CMYK"):
        return im
    elif mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    elif mode in ("LA", "PA"):
        im = im.convert("RGBA")
    elif mode == "1":
        return im.convert("L")
    elif mode.startswith("I;16") or mode == "I":
        return im.point(lambda v: v / 257, "L")
    elif mode == "RGBX":
        return im.convert("RGB")
    if im.mode == "RGBA":
        background = Image.new("RGB", im.size, (255, 255, 255))
        background.paste(im, mask=im.getchannel("A"))
        return background
    return im.convert("RGB")


def _strip_position(
    method: Image.Transpose | None, y0: int, y1: int, height: int
) -> tuple[int, int]:
    """Where rows ``y0:y1`` of a ``height``-row image land after ``method``."""
    if method in (Image.Transpose.ROTATE_180, Image.Transpose.FLIP_TOP_BOTTOM):
        return 0, height - y1
    if method in (Image.Transpose.TRANSPOSE, Image.Transpose.ROTATE_90):
        return y0, 0
    if method in (Image.Transpose.ROTATE_270, Image.Transpose.TRANSVERSE):
        return height - y1, 0
    return 0, y0  # no transpose, FLIP_LEFT_RIGHT


def _resize(
    im: Image.Image,
    size: tuple[int, int],
    pool: ThreadPoolExecutor | None,
    transpose: Image.Transpose | None = None,
) -> Image.Image:
    """Resize to ``size`` (in ``im``'s orientation), then apply ``transpose`` if given.

    Large outputs are computed in horizontal strips on the pool: each strip resamples the
    source rows that map to its output rows (``box``; Pillow reads the filter support beyond
    the box edges, so strips join without seams), is transposed on its own and pasted where
    it belongs. The result matches a single ``resize`` up to 8-bit rounding (Pillow may order
    its two separable passes differently for a strip).
    """
    width, height = size
    if im.size == size:
        return im if transpose is None else im.transpose(transpose)
    if pool is None or width * height < _PARALLEL_MIN_PIXELS:
        out = im.resize(size, RESAMPLE)
        return out if transpose is None else out.transpose(transpose)
    src_w, src_h = im.size
    scale = src_h / height
    n = max(2, math.ceil(height / _STRIP_ROWS))
    bounds = [height * i // n for i in range(n + 1)]
    swaps = transpose in _SWAPS_AXES
    out = Image.new(im.mode, (height, width) if swaps else size)

    def strip(i: int) -> tuple[tuple[int, int], Image.Image]:
        y0, y1 = bounds[i], bounds[i + 1]
        part = im.resize((width, y1 - y0), RESAMPLE, box=(0, y0 * scale, src_w, y1 * scale))
        if transpose is not None:
            part = part.transpose(transpose)
        return _strip_position(transpose, y0, y1, height), part

    for future in as_completed([pool.submit(strip, i) for i in range(n)]):
        position, part = future.result()
        out.paste(part, position)
        part.close()
    return out


@lru_cache(maxsize=1)
def _srgb_profile() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _to_srgb(im: Image.Image, icc: bytes | None) -> Image.Image:
    """Convert to RGB pixels in sRGB, using the embedded ICC profile when there is one."""
    if icc and im.mode in ("RGB", "CMYK"):
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            space = profile.profile.xcolor_space.strip()
            description = (profile.profile.profile_description or "").lower()
            if space == im.mode and not (im.mode == "RGB" and "srgb" in description):
                transform = ImageCms.buildTransform(
                    profile,
                    _srgb_profile(),
                    im.mode,
                    "RGB",
                    renderingIntent=ImageCms.Intent.PERCEPTUAL,
                    flags=ImageCms.Flags.NOCACHE,
                )
                return ImageCms.applyTransform(im, transform)
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError, AttributeError):
            pass  # broken or unusual profile: keep the pixels as they are (read as sRGB)
    return im if im.mode == "RGB" else im.convert("RGB")


def _encode(name: str, im: Image.Image) -> Rendition:
    im.info = {}  # Pillow copies info on resize; never carry comment/exif/xmp/icc over
    buffer = io.BytesIO()
    im.save(buffer, "JPEG", **JPEG_SAVE_OPTIONS)
    return Rendition(name=name, content=buffer.getvalue(), width=im.width, height=im.height)


# --------------------------------------------------------------------------- main


def header_pixels(fileobj: IO[bytes] | Any) -> int:
    """The pixel count an upload declares in its header, read without decoding (0 when the
    file is not a readable JPEG/PNG/WebP/HEIF: ``process_photo`` refuses it later).

    Lets a caller hold a request with several photos to a pixel budget before decoding any
    of them (five 49 MP PNGs cost seconds of CPU). The upload is rewound afterwards.
    """
    if not _rewind(fileobj):
        return 0
    try:
        with Image.open(_Borrowed(fileobj), formats=ACCEPTED_FORMATS) as img:
            width, height = img.size
    except (
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
    ):
        return 0
    finally:
        _rewind(fileobj)
    return width * height


def process_photo(
    fileobj: IO[bytes] | Any,
    *,
    max_bytes: int | None = None,
    max_pixels: int | None = None,
) -> ProcessedPhoto:
    """Validate an uploaded photo and render its thumb and web JPEGs.

    Raises ``PhotoError`` (with an Indonesian message and a ``code``) for anything that is
    not an acceptable photo. Limits default to the ``PHOTO_MAX_BYTES`` and
    ``PHOTO_MAX_PIXELS`` settings.
    """
    if max_bytes is None:
        max_bytes = _setting("PHOTO_MAX_BYTES", DEFAULT_MAX_BYTES)
    if max_pixels is None:
        max_pixels = _setting("PHOTO_MAX_PIXELS", DEFAULT_MAX_PIXELS)

    source, sha256, head = _read_upload(fileobj, max_bytes)
    try:
        if not head:
            raise PhotoError(_("The uploaded file is empty.") + " " + _hint(), code="not_image")
        sniffed, unsupported = _sniff(head)
        if sniffed is None:
            raise _unsupported(unsupported) if unsupported else _not_image()
        try:
            img = Image.open(source, formats=ACCEPTED_FORMATS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_many_pixels(None, None, max_pixels) from exc
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
            # The magic bytes said JPEG/PNG/WebP/HEIF but the file cannot even be parsed.
            raise _truncated() from exc
        try:
            return _process_open_image(img, sha256, max_pixels)
        finally:
            img.close()  # ImageFile.__exit__ would only close the file, not free the pixels
    finally:
        _rewind(fileobj)  # leave the upload readable for the caller (e.g. to keep the original)


def _process_open_image(img: Image.Image, sha256: str, max_pixels: int) -> ProcessedPhoto:
    source_format = "JPEG" if img.format == "MPO" else (img.format or "")
    if source_format not in ACCEPTED_FORMATS:
        raise _unsupported(img.format)
    stored_w, stored_h = img.size
    if stored_w * stored_h > max_pixels:
        raise _too_many_pixels(stored_w, stored_h, max_pixels)

    try:
        if source_format == "JPEG":
            exif = img.getexif()  # JPEG EXIF is parsed from APP1 without decoding pixels
            orientation = _orientation(exif)
        else:
            exif = None
            orientation = 1
        upright_w, upright_h = (stored_h, stored_w) if orientation >= 5 else (stored_w, stored_h)
        sizes = {name: _fit(upright_w, upright_h, side) for name, side in RENDITION_SIZES.items()}
        largest = max(sizes.values(), key=lambda s: s[0] * s[1])
        largest_stored = (largest[1], largest[0]) if orientation >= 5 else largest
        if source_format == "JPEG":
            # The decoder only scales by 1/2, 1/4, 1/8, and only when the request is the
            # real target in the stored (pre-rotation) orientation.
            img.draft("RGB", largest_stored)
        img.load()
        decoded_size = img.size
        if exif is None:
            # PNG/WebP/HEIF: read after load (a PNG eXIf chunk may follow the pixel data).
            # pillow-heif has already applied the HEIF rotation and reset the tag to 1.
            exif = img.getexif()
            orientation = _orientation(exif)
            if orientation != 1:
                upright_w, upright_h = (
                    (stored_h, stored_w) if orientation >= 5 else (stored_w, stored_h)
                )
                sizes = {n: _fit(upright_w, upright_h, s) for n, s in RENDITION_SIZES.items()}
                largest = max(sizes.values(), key=lambda s: s[0] * s[1])
                largest_stored = (largest[1], largest[0]) if orientation >= 5 else largest
        taken_at, gps_lat, gps_lon = _read_exif(exif)
        icc = img.info.get("icc_profile")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels(stored_w, stored_h, max_pixels) from exc
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError) as exc:
        if isinstance(exc, PhotoError):
            raise
        raise _truncated() from exc

    threads = _THREADS if largest[0] * largest[1] >= _PARALLEL_MIN_PIXELS else 1
    pool = ThreadPoolExecutor(threads, thread_name_prefix="photo") if threads > 1 else None
    try:
        renditions = _render(img, orientation, sizes, largest_stored, icc, pool)
    finally:
        if pool is not None:
            pool.shutdown(wait=True)

    return ProcessedPhoto(
        renditions=renditions,
        source_format=source_format,
        source_width=upright_w,
        source_height=upright_h,
        taken_at=taken_at,
        gps_lat=gps_lat,
        gps_lon=gps_lon,
        sha256=sha256,
        decoded_size=decoded_size,
    )


def _render(
    img: Image.Image,
    orientation: int,
    sizes: dict[str, tuple[int, int]],
    largest_stored: tuple[int, int],
    icc: bytes | None,
    pool: ThreadPoolExecutor | None,
) -> dict[str, Rendition]:
    # Largest (web) size straight from the decode, made upright strip by strip.
    big = _resize(_normalise_mode(img), largest_stored, pool, _TRANSPOSE.get(orientation))
    if big is not img:
        img.close()  # free the decode as soon as the largest rendition size exists
    big = _to_srgb(big, icc)

    # Largest first, each smaller rendition from the previous one; encodes overlap resizes.
    names = sorted(sizes, key=lambda n: sizes[n][0] * sizes[n][1], reverse=True)
    encoded: dict[str, Any] = {}
    same_as: dict[str, str] = {}
    current, previous = big, None
    for name in names:
        if previous is not None and sizes[name] == sizes[previous]:
            same_as[name] = previous  # small source: identical rendition, encode once
            continue
        if current.size != sizes[name]:
            if pool is not None and sizes[name][0] * sizes[name][1] >= _PARALLEL_MIN_PIXELS:
                current = _resize(current, sizes[name], pool)
            else:
                current = current.resize(sizes[name], RESAMPLE, reducing_gap=2.0)
        encoded[name] = pool.submit(_encode, name, current) if pool else _encode(name, current)
        previous = name
    del current, big
    result = {name: (v.result() if pool else v) for name, v in encoded.items()}
    for name, other in same_as.items():
        r = result[other]
        result[name] = Rendition(name=name, content=r.content, width=r.width, height=r.height)
    return {name: result[name] for name in RENDITION_SIZES}
