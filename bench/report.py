"""Time, peak memory, pages and size of stage 6 documents on this machine.

Run after ``make demo`` (or ``DEBUG=1 .venv/bin/python manage.py load_demo``):
``DEBUG=1 .venv/bin/python bench/report.py``. Prints a table; this is not a test.

Everything is made inside a transaction that is rolled back, with photos written to a
temporary MEDIA_ROOT: the demo database is left as it was.

- berita acara: a closed demo event given 12 documentation photos (6 spots, before and
  after) made from 12 MP camera-like JPEGs through the photo pipeline (so the PDF embeds the
  1600 px web renditions resized to their printed size, 80 mm at 180 dpi);
- exports: the problem list of the kecamatan administrator, padded to ``--rows`` problems,
  as Excel and CSV.

Memory: ``tracemalloc`` peak (Python objects) and the growth of the process's peak RSS
(``ru_maxrss``, which also counts WeasyPrint and Pillow C allocations) of the whole run.
The monthly report (next stage) gets its rows here when it lands.
"""

import argparse
import io
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sigoro.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import transaction  # noqa: E402
from PIL import Image, ImageDraw, ImageFilter  # noqa: E402


def camera_photo(seed: int, size=(4000, 3000)) -> bytes:
    """A 12 MP JPEG with structure and grain, about the size a phone writes."""
    rng = random.Random(seed)
    small = Image.new("RGB", (400, 300), (rng.randrange(256), 120, 90))
    draw = ImageDraw.Draw(small)
    for _ in range(60):
        x, y = rng.randrange(400), rng.randrange(300)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.rectangle([x, y, x + rng.randrange(10, 80), y + rng.randrange(10, 60)], fill=colour)
    image = small.resize(size, Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(2))
    noise = Image.effect_noise(size, 24).convert("RGB")
    image = Image.blend(image, noise, 0.15)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def measure(label: str, run):
    """Run ``run()`` twice: timed (wall clock and CPU time, no tracing), then under
    ``tracemalloc`` for the Python peak; return a result row."""
    start, cpu = time.perf_counter(), time.process_time()
    output = run()
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return (label, seconds, cpu_seconds, peak / 2**20, output.pages, len(output.content) / 2**20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000, help="problems in the export")
    args = parser.parse_args()

    from kegiatan.models import FotoDokumentasi, Pelaksanaan, TitikDokumentasi
    from laporan.dokumen import exports, services
    from laporan.dokumen.berita_acara import berita_acara_pdf
    from laporan.dokumen.generators import Output
    from permasalahan.models import Problem
    from sigoro.models import User
    from sigoro.services import photo_create

    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="sigoro-bench-"))
    rows = []
    with transaction.atomic():
        admin = User.objects.get(username="admin")
        lurah = User.objects.get(username="lurah")
        event = (
            Pelaksanaan.objects.filter(status="ditutup", plan__kelurahan=lurah.kelurahan)
            .order_by("-tanggal")
            .first()
        )
        if event is None:
            sys.exit("Load the demo first: DEBUG=1 .venv/bin/python manage.py load_demo")
        FotoDokumentasi.objects.filter(pelaksanaan=event).delete()
        TitikDokumentasi.objects.filter(pelaksanaan=event).delete()
        rt = event.plan.lokasi.first().rt
        for n in range(6):
            spot = TitikDokumentasi.objects.create(pelaksanaan=event, nama=f"Titik {n + 1}", rt=rt)
            for jenis in ("sebelum", "sesudah"):
                photo = photo_create(
                    user=lurah,
                    upload=SimpleUploadedFile("f.jpg", camera_photo(n * 2 + len(jenis))),
                )
                FotoDokumentasi.objects.create(
                    pelaksanaan=event, jenis=jenis, titik=spot, foto=photo, keterangan=jenis
                )
        document, _ = services.berita_acara_request(user=lurah, plan_pk=event.plan_id)
        # Warm-up (fonts, WeasyPrint's first import), then the measured run.
        berita_acara_pdf(document, lambda p: None)
        rows.append(
            measure("berita acara, 12 photos", lambda: berita_acara_pdf(document, lambda p: None))
        )

        template = Problem.objects.filter(kelurahan__kecamatan=admin.kecamatan).first()
        have = Problem.objects.filter(kelurahan__kecamatan=admin.kecamatan).count()
        extra = []
        for n in range(max(0, args.rows - have)):
            copy = Problem(
                kategori_id=template.kategori_id,
                rt_id=template.rt_id,
                kelurahan_id=template.kelurahan_id,
                alamat=f"{template.alamat} ({n})",
                deskripsi=template.deskripsi,
                sumber=template.sumber,
                status=template.status,
                tenggat_verifikasi=template.tenggat_verifikasi,
            )
            copy.kode = f"B{n:07d}"
            extra.append(copy)
        Problem.objects.bulk_create(extra, batch_size=500)
        dataset = exports.DATASETS["masalah"]
        for fmt in ("xlsx", "csv"):

            def run(fmt=fmt) -> Output:
                objects = exports.export_queryset(user=admin, dataset=dataset, query={})
                out = exports.export_file(user=admin, dataset=dataset, fmt=fmt, objects=objects)
                return Output(out.content, out.filename, out.content_type, pages=len(objects))

            rows.append(measure(f"export problems {fmt}", run))
        transaction.set_rollback(True)

    header = ("document", "wall s", "CPU s", "py peak MB", "pages/rows", "size MB")
    print("{:<26} {:>7} {:>6} {:>11} {:>11} {:>8}".format(*header))
    for label, seconds, cpu, peak, pages, size in rows:
        print(f"{label:<26} {seconds:>7.2f} {cpu:>6.2f} {peak:>11.1f} {pages:>11} {size:>8.2f}")
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the whole run (WeasyPrint and Pillow included): {max_rss:.0f} MB")
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
