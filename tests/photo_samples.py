"""Photos made by the tests themselves (no binary fixtures): like a phone camera's."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def marked_image(width=600, height=400) -> Image.Image:
    """Landscape image: red top-left quarter, blue elsewhere (so rotation shows)."""
    image = Image.new("RGB", (width, height), (30, 60, 200))
    image.paste((220, 20, 20), (0, 0, width // 2, height // 2))
    return image


def gps_exif(lat: float, lon: float, orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Samsung"  # Make
    exif[0xA431] = "CAM-SERIAL-123456"  # BodySerialNumber (stays private)

    def dms(value):
        value = abs(value)
        d = int(value)
        m = int((value - d) * 60)
        s = round(((value - d) * 60 - m) * 60, 2)
        return (d, m, s)

    exif.get_ifd(0x8825).update(
        {1: "S" if lat < 0 else "N", 2: dms(lat), 3: "E" if lon > 0 else "W", 4: dms(lon)}
    )
    exif.get_ifd(0x8769)[0x9003] = "2026:11:20 07:15:00"
    return exif


def camera_jpeg(orientation=6, lat=None, lon=None, width=600, height=400) -> bytes:
    """An upright scene stored as a camera does: pixels turned, Orientation tag set."""
    upright = marked_image(width, height)
    # What the sensor stored, so that applying ``orientation`` gives ``upright`` back.
    inverse = {
        1: None,
        2: Image.Transpose.FLIP_LEFT_RIGHT,
        3: Image.Transpose.ROTATE_180,
        4: Image.Transpose.FLIP_TOP_BOTTOM,
        5: Image.Transpose.TRANSPOSE,
        6: Image.Transpose.ROTATE_90,
        7: Image.Transpose.TRANSVERSE,
        8: Image.Transpose.ROTATE_270,
    }[orientation]
    stored = upright.transpose(inverse) if inverse else upright
    exif = gps_exif(lat, lon, orientation) if lat is not None else Image.Exif()
    exif[0x0112] = orientation
    buffer = io.BytesIO()
    stored.save(buffer, "JPEG", quality=90, exif=exif.tobytes())
    return buffer.getvalue()


def upload(content: bytes, name="foto.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def is_upright_marked(image: Image.Image) -> bool:
    """Red in the top-left corner, blue in the bottom-right, landscape."""
    image = image.convert("RGB")
    w, h = image.size
    r, g, b = image.getpixel((w // 8, h // 8))
    r2, g2, b2 = image.getpixel((w - w // 8, h - h // 8))
    return w > h and r > 150 and b < 100 and b2 > 150 and r2 < 100


def camera_12mp_jpeg(orientation: int = 6, seed: int = 0) -> bytes:
    """A 12 MP phone photo (4000x3000 stored, EXIF ``orientation``), with sensor-like noise
    so that it weighs what a real one does (about 4-5 MB at quality 88)."""
    import random

    width, height = 4000, 3000
    ramp = Image.linear_gradient("L")
    red = ramp.resize((width, height))
    green = ramp.rotate(90).resize((width, height))
    blue = Image.new("L", (width, height), 90 + 40 * (seed % 3))
    scene = Image.merge("RGB", (red, green, blue))
    random.seed(seed)
    noise = Image.effect_noise((width, height), 40 + random.randint(0, 5)).convert("RGB")
    image = Image.blend(scene, noise, 0.35)
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Samsung"
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88, exif=exif.tobytes())
    return buffer.getvalue()
