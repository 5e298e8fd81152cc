"""Time, peak memory, pages and size of stage 6 documents on this machine.

Run after ``make demo`` (or ``DEBUG=1 .venv/bin/python manage.py load_demo``):
``DEBUG=1 .venv/bin/python bench/report.py``. Prints a table; this is not a test.

Everything is made inside a transaction that is rolled back, with photos written to a
temporary MEDIA_ROOT: the demo database is left as it was.

- berita acara: a closed demo event given 12 documentation photos (6 spots, before and
  after) made from 12 MP camera-like JPEGs through the photo pipeline (so the PDF embeds the
  1600 px web renditions resized to their printed size, 80 mm at 180 dpi);
- exports: the problem list of the kecamatan administrator, padded to ``--rows`` problems,
  as Excel and CSV;
- monthly report of a busy kelurahan month: the demo lurah's kelurahan given, in an empty
  month (``--month``, default June 2026), 20 held events with 80 before/after photos (2
  spots x before and after per event) made from 12 MP camera-like JPEGs through the photo
  pipeline;
- monthly report of a kecamatan at city scale: when the database is a ``seed_scale`` city
  (``DATABASE_URL=... bench/report.py --seed``), the last closed month of its busiest
  kecamatan; skipped with a message otherwise.

Memory: ``tracemalloc`` peak (Python objects) and the growth of the process's peak RSS
(``ru_maxrss``, which also counts WeasyPrint and Pillow C allocations) of the whole run.
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


def photographed_spot(execution, number: int, rt, user, *, before: bytes, after: bytes) -> None:
    """A documentation spot of ``execution`` photographed before and after, the photos
    through the photo pipeline as an upload would go."""
    from kegiatan.models import FotoDokumentasi, TitikDokumentasi
    from sigoro.services import photo_create

    spot = TitikDokumentasi.objects.create(pelaksanaan=execution, nama=f"Titik {number}", rt=rt)
    for jenis, content in (("sebelum", before), ("sesudah", after)):
        photo = photo_create(user=user, upload=SimpleUploadedFile("f.jpg", content))
        FotoDokumentasi.objects.create(
            pelaksanaan=execution, jenis=jenis, titik=spot, foto=photo, keterangan=jenis
        )


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
    parser.add_argument("--month", default="2026-06", help="the empty month of the busy kelurahan")
    parser.add_argument("--events", type=int, default=20, help="events in the busy month")
    parser.add_argument(
        "--seed", action="store_true", help="also a kecamatan month of a seed_scale database"
    )
    parser.add_argument(
        "--only-monthly", action="store_true", help="skip the berita acara and the exports"
    )
    args = parser.parse_args()

    from kegiatan.models import FotoDokumentasi, Pelaksanaan, TitikDokumentasi
    from laporan.dokumen import services
    from laporan.dokumen.berita_acara import berita_acara_pdf
    from sigoro.models import User

    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="sigoro-bench-"))
    rows = []
    # A seed_scale city has no demo accounts: with --seed it measures its kecamatan month only.
    demo_loaded = User.objects.filter(username="lurah").exists()
    if not demo_loaded and not args.seed:
        sys.exit("Load the demo first: DEBUG=1 .venv/bin/python manage.py load_demo")
    if not demo_loaded:
        print("no demo accounts in this database: the demo documents are skipped")
    if demo_loaded:
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
                photographed_spot(
                    event,
                    n + 1,
                    rt,
                    lurah,
                    before=camera_photo(n * 2 + len("sebelum")),
                    after=camera_photo(n * 2 + len("sesudah")),
                )
            document, _ = services.berita_acara_request(user=lurah, plan_pk=event.plan_id)
            # Warm-up (fonts, WeasyPrint's first import), then the measured run.
            berita_acara_pdf(document, lambda p: None)
            if not args.only_monthly:
                rows.append(
                    measure(
                        "berita acara, 12 photos",
                        lambda: berita_acara_pdf(document, lambda p: None),
                    )
                )
            rows.append(busy_kelurahan_month(lurah, args.month, args.events))
            if not args.only_monthly:
                rows.extend(export_rows(admin, args.rows))
            transaction.set_rollback(True)

    if args.seed:
        rows.append(seed_kecamatan_month())
    rows = [row for row in rows if row is not None]
    header = ("document", "wall s", "CPU s", "py peak MB", "pages/rows", "size MB")
    print("{:<26} {:>7} {:>6} {:>11} {:>11} {:>8}".format(*header))
    for label, seconds, cpu, peak, pages, size in rows:
        print(f"{label:<26} {seconds:>7.2f} {cpu:>6.2f} {peak:>11.1f} {pages:>11} {size:>8.2f}")
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the whole run (WeasyPrint and Pillow included): {max_rss:.0f} MB")
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


def export_rows(admin, wanted: int) -> list:
    """The problem list of the kecamatan administrator padded to ``wanted`` rows, exported."""
    from laporan.dokumen import exports
    from laporan.dokumen.generators import Output
    from permasalahan.models import Problem

    rows = []
    template = Problem.objects.filter(kelurahan__kecamatan=admin.kecamatan).first()
    have = Problem.objects.filter(kelurahan__kecamatan=admin.kecamatan).count()
    extra = []
    for n in range(max(0, wanted - have)):
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
    return rows


def _monthly_document(level: str, area, periode: str):
    """An unsaved monthly report row, as the generator reads it."""
    from laporan.models import DocumentKind, GeneratedDocument

    return GeneratedDocument(
        kind=DocumentKind.MONTHLY_REPORT,
        periode=periode,
        params={"level": level, "area": area.pk},
        kode="BENCH-00000",
    )


def busy_kelurahan_month(lurah, periode: str, events: int):
    """Give the lurah's kelurahan ``events`` held events in the empty month ``periode``, each
    with 2 spots photographed before and after (4 photos), and measure its monthly report."""
    import datetime

    from laporan.dokumen.laporan_bulanan import monthly_report_pdf
    from laporan.periods import Period
    from sigoro.models import RT
    from tests.laporan.factories import event_on

    period = Period.parse(periode, default=None)
    rts = list(RT.objects.filter(kelurahan=lurah.kelurahan).order_by("pk"))
    # 80 distinct camera JPEGs (a PDF embeds an identical image once): 8 noisy 12 MP
    # scenes, each photo of one with its own marks, through the photo pipeline.
    scenes = [Image.open(io.BytesIO(camera_photo(100 + n))).convert("RGB") for n in range(8)]

    def distinct_photo(number: int) -> bytes:
        image = scenes[number % len(scenes)].copy()
        draw = ImageDraw.Draw(image)
        rng = random.Random(number)
        for _ in range(12):
            x, y = rng.randrange(3800), rng.randrange(2800)
            colour = tuple(rng.randrange(256) for _ in range(3))
            draw.ellipse([x, y, x + rng.randrange(60, 400), y + rng.randrange(60, 300)], colour)
        out = io.BytesIO()
        image.save(out, "JPEG", quality=90)
        return out.getvalue()

    started = time.perf_counter()
    photos = 0
    for number in range(events):
        day = period.start + datetime.timedelta(days=number % 28)
        rt = rts[number % len(rts)]
        execution = event_on(
            day, rt, warga=20 + number, rt_rw=3, kg=50 + number, judul=f"Kerja bakti {number + 1}"
        )
        for spot_number in range(2):
            photographed_spot(
                execution,
                spot_number + 1,
                rt,
                lurah,
                before=distinct_photo(photos),
                after=distinct_photo(photos + 1),
            )
            photos += 2
    print(
        f"built {events} events and {photos} photos in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    document = _monthly_document("kelurahan", lurah.kelurahan, periode)
    if os.environ.get("BENCH_KEEP_PDF"):
        Path(os.environ["BENCH_KEEP_PDF"]).write_bytes(
            monthly_report_pdf(document, lambda p: None).content
        )
    return measure(
        f"monthly, kelurahan, {events} ev, {photos} ph",
        lambda: monthly_report_pdf(document, lambda p: None),
    )


def seed_kecamatan_month():
    """The monthly report of the busiest kecamatan of a seed_scale city, last closed month."""
    from django.db import connection
    from django.db.models import Count

    from laporan.dokumen.laporan_bulanan import monthly_report_pdf
    from laporan.management.commands.seed_scale import write_shared_photos
    from laporan.periods import Period
    from sigoro.models import Kecamatan

    if Kecamatan.objects.count() < 5:
        print(
            "kecamatan month at city scale: skipped (not a seed_scale database; run "
            "manage.py seed_scale and pass its DATABASE_URL)",
            file=sys.stderr,
        )
        return None
    write_shared_photos()  # the seeded photos' two files, into this run's temporary media
    period = Period.last_closed_month()
    kecamatan = (
        Kecamatan.objects.annotate(n=Count("kelurahan_set__plans", distinct=True))
        .order_by("-n")
        .first()
    )
    document = _monthly_document("kecamatan", kecamatan, period.key)
    print(f"kecamatan month: {kecamatan} {period.key} on {connection.vendor}", file=sys.stderr)
    return measure(
        "monthly, kecamatan (seed)", lambda: monthly_report_pdf(document, lambda p: None)
    )


if __name__ == "__main__":
    main()
