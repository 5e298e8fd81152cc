"""What every generated PDF shares: photos at their printed size, the verification QR code,
the address it points to, and the WeasyPrint rendering itself."""

import base64
import io
from dataclasses import dataclass

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from PIL import Image

# Photos are printed at this resolution: enough for paper, far below the web rendition.
PRINT_DPI = 180
MM_PER_INCH = 25.4


def print_image(photo, *, width_mm: float) -> str:
    """Return a data URI of ``photo`` resized to ``width_mm`` printed at ``PRINT_DPI``
    (from the stored web rendition, never an original)."""
    target = round(width_mm / MM_PER_INCH * PRINT_DPI)
    with photo.web.open("rb") as fh, Image.open(fh) as im:
        # A JPEG is decoded straight at a fraction of its size (1/2, 1/4...) when that is
        # still at least the printed width: several times less work than the full decode.
        im.draft("RGB", (target, 1))
        im = im.convert("RGB")
        if im.width > target:
            im.thumbnail((target, target * 4), Image.Resampling.LANCZOS, reducing_gap=2.0)
        out = io.BytesIO()
        im.save(out, "JPEG", quality=82, optimize=True)
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode()


def verification_url(document) -> str:
    """The public address that confirms ``document``: SITE_URL, else the asker's address."""
    base = settings.SITE_URL or document.params.get("base_url") or "http://localhost/"
    return base.rstrip("/") + reverse("verification", kwargs={"kode": document.kode})


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=3, border=0)


@dataclass(frozen=True)
class Pdf:
    content: bytes
    pages: int


def render_pdf(template: str, context: dict) -> Pdf:
    """Render an HTML template to an A4 PDF with WeasyPrint; return its bytes and page count."""
    from weasyprint import HTML

    html = render_to_string(template, context)
    rendered = HTML(string=html, base_url=str(settings.BASE_DIR)).render()
    return Pdf(content=rendered.write_pdf(), pages=len(rendered.pages))
