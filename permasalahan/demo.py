"""Demo data for stage 1: RT centre points, three dozen problems with photos, statuses and
needs across the five kelurahan of Pangkalbalam, and the fixed national holidays.

Idempotent: problems carry an idempotency key "demo-<n>"; existing ones are skipped whole.
Photos are drawn here (a street scene with rubbish) and go through the real photo pipeline.
"""

import datetime
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from permasalahan import services
from permasalahan.defaults import ensure_default_categories
from permasalahan.models import Problem, ProblemCategory, ProblemEvent, Status
from sigoro.models import RT, Kecamatan, Role, User
from sigoro.photos import process_photo
from sigoro.services import holiday_add
from sigoro.workdays import add_working_days

# Approximate centres of the five kelurahan (Pangkalbalam lies around -2.09, 106.14).
KELURAHAN_CENTRE = {
    "Ampui": (-2.0985, 106.1345),
    "Ketapang": (-2.0880, 106.1465),
    "Lontong Pancur": (-2.1010, 106.1420),
    "Pasir Garam": (-2.0935, 106.1395),
    "Rejosari": (-2.0850, 106.1325),
}

# Public holidays come from the national calendar (sigoro.workdays); the office adds its
# cuti bersama (SKB 2026).
CUTI_BERSAMA = [
    (datetime.date(2026, 2, 16), "Cuti bersama Tahun Baru Imlek"),
    (datetime.date(2026, 3, 18), "Cuti bersama Hari Suci Nyepi"),
    (datetime.date(2026, 3, 20), "Cuti bersama Idul Fitri"),
    (datetime.date(2026, 3, 23), "Cuti bersama Idul Fitri"),
    (datetime.date(2026, 3, 24), "Cuti bersama Idul Fitri"),
    (datetime.date(2026, 5, 15), "Cuti bersama Kenaikan Yesus Kristus"),
    (datetime.date(2026, 5, 28), "Cuti bersama Idul Adha"),
    (datetime.date(2026, 12, 24), "Cuti bersama Hari Raya Natal"),
]

# (category slug, description, address, needs)
SCENARIOS = [
    (
        "sampah",
        "Tumpukan sampah rumah tangga di lahan kosong, sudah lebih dari seminggu "
        "tidak diangkut dan mulai berbau.",
        "Lahan kosong samping Musala Al-Ikhlas",
        [
            ("material", "Karung sampah", 40, "buah"),
            ("alat", "Cangkul", 6, "buah"),
            ("tenaga", "Warga", 20, "orang"),
        ],
    ),
    (
        "sampah",
        "TPS liar di pinggir jalan, warga dari luar RT ikut membuang sampah malam hari.",
        "Jl. Depati Hamzah dekat simpang",
        [("material", "Karung sampah", 60, "buah"), ("alat", "Gerobak sampah", 2, "unit")],
    ),
    (
        "drainase",
        "Got tersumbat lumpur dan plastik, air meluap ke jalan saat hujan.",
        "Gg. Melati RT setempat",
        [
            ("alat", "Sekop", 8, "buah"),
            ("tenaga", "Warga", 25, "orang"),
            ("konsumsi", "Nasi kotak", 25, "kotak"),
        ],
    ),
    (
        "drainase",
        "Saluran air depan sekolah dangkal karena sedimen, perlu normalisasi.",
        "Depan SD Negeri",
        [("alat", "Cangkul", 10, "buah"), ("material", "Karung", 30, "buah")],
    ),
    (
        "fasilitas-umum",
        "Lampu jalan dan papan nama gang rusak, pagar taman bermain patah.",
        "Taman bermain RW",
        [("material", "Cat tembok", 4, "kaleng"), ("dana", "Perbaikan", 1, "paket")],
    ),
    (
        "penghijauan",
        "Lahan tepi jalan gersang, warga ingin menanam pohon peneduh.",
        "Tepi Jl. Yos Sudarso",
        [("material", "Bibit pohon", 30, "batang"), ("alat", "Linggis", 4, "buah")],
    ),
    (
        "genangan",
        "Genangan setinggi mata kaki setiap hujan deras, jalan licin.",
        "Jl. Kenanga ujung",
        [("tenaga", "Warga", 15, "orang"), ("material", "Pasir", 2, "m3")],
    ),
    (
        "lainnya",
        "Rumput liar tinggi di fasilitas umum, banyak nyamuk.",
        "Lapangan voli RW",
        [("alat", "Mesin potong rumput", 2, "unit")],
    ),
]

# How far each demo problem got, in order (repeats across the 36 problems).
PATH = [
    [],
    [Status.DIVERIFIKASI],
    [Status.DIVERIFIKASI, Status.DITANGANI],
    [Status.DIVERIFIKASI, Status.DITANGANI, Status.SELESAI],
    [Status.DIVERIFIKASI, Status.SELESAI],
    [Status.DITOLAK],
    [],
    [Status.DIVERIFIKASI],
    [Status.DIVERIFIKASI, Status.DIRENCANAKAN],
]
N_PROBLEMS = 36
# Each step of a demo problem's path, taken through the real service by the admin.
STEP = {
    Status.DIVERIFIKASI: lambda user, p: services.problem_verify(user=user, problem=p),
    Status.DITANGANI: lambda user, p: services.problem_start_handling(user=user, problem=p),
    Status.SELESAI: lambda user, p: services.problem_resolve(user=user, problem=p),
    Status.DIRENCANAKAN: lambda user, p: services.problem_plan(user=user, problem=p),
    Status.DITOLAK: lambda user, p: services.problem_reject(
        user=user, problem=p, reason="Ditolak: bukan wilayah tugas kelurahan."
    ),
}


def rt_centre(rt: RT) -> tuple[float, float]:
    """A stable point for an RT: its kelurahan's centre plus a small offset."""
    lat, lon = KELURAHAN_CENTRE.get(rt.kelurahan.nama, (-2.0921, 106.1389))
    rng = random.Random(f"centre-{rt.kelurahan.nama}-{rt.rw.nomor}-{rt.nomor}")
    return round(lat + rng.uniform(-0.005, 0.005), 6), round(lon + rng.uniform(-0.005, 0.005), 6)


def load_rt_centres(kecamatan: Kecamatan) -> None:
    rts = RT.objects.filter(kelurahan__kecamatan=kecamatan, lat__isnull=True).select_related(
        "rw", "kelurahan"
    )
    for rt in rts:
        rt.lat, rt.lon = rt_centre(rt)
        rt.save(update_fields=["lat", "lon"])


def load_holidays() -> None:
    for tanggal, nama in CUTI_BERSAMA:
        holiday_add(tanggal=tanggal, nama=nama)


def demo_photo(seed: int, lat: float | None, lon: float | None) -> SimpleUploadedFile:
    """Draw a street-side scene with rubbish bags (1600 x 1200, EXIF GPS when given)."""
    rng = random.Random(seed)
    image = Image.new("RGB", (1600, 1200))
    draw = ImageDraw.Draw(image)
    for y in range(0, 520, 8):  # sky
        shade = 150 + y // 6
        draw.rectangle([0, y, 1600, y + 8], fill=(110, min(255, shade + 20), 235))
    draw.rectangle([0, 520, 1600, 1200], fill=(120, 110, 95))  # ground
    draw.rectangle([0, 440, 1600, 560], fill=(60, 130, 60))  # bushes
    draw.rectangle([900, 250, 1500, 560], fill=(200, 190, 170))  # a house
    draw.polygon([(880, 260), (1200, 120), (1520, 260)], fill=(150, 60, 40))
    for _ in range(rng.randint(8, 16)):  # rubbish bags
        x, y = rng.randint(100, 1400), rng.randint(620, 1050)
        r = rng.randint(40, 90)
        colour = rng.choice([(20, 20, 20), (40, 80, 160), (220, 220, 210), (200, 60, 50)])
        draw.ellipse([x - r, y - r, x + r, y + int(r * 0.8)], fill=colour)
    exif = _gps_exif(lat, lon) if lat is not None else Image.Exif()
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, exif=exif.tobytes())
    return SimpleUploadedFile(f"demo-{seed}.jpg", buffer.getvalue(), content_type="image/jpeg")


def _gps_exif(lat: float, lon: float) -> Image.Exif:
    def dms(value):
        value = abs(value)
        degrees = int(value)
        minutes = int((value - degrees) * 60)
        return (degrees, minutes, round(((value - degrees) * 60 - minutes) * 60, 3))

    exif = Image.Exif()
    exif.get_ifd(0x8825).update(
        {1: "S" if lat < 0 else "N", 2: dms(lat), 3: "E" if lon >= 0 else "W", 4: dms(lon)}
    )
    return exif


def load_problems(kecamatan: Kecamatan) -> None:
    admin = User.objects.filter(role=Role.ADMIN_KECAMATAN, kecamatan=kecamatan).first()
    rts = list(
        RT.objects.filter(kelurahan__kecamatan=kecamatan)
        .select_related("rw", "kelurahan")
        .order_by("kelurahan__nama", "rw__nomor", "nomor")
    )
    if not rts or admin is None:
        return
    ensure_default_categories(ProblemCategory)
    categories = {c.slug: c for c in ProblemCategory.objects.all()}
    existing = set(
        Problem.objects.filter(idempotency_key__startswith="demo-").values_list(
            "idempotency_key", flat=True
        )
    )
    now = timezone.now()
    for n in range(N_PROBLEMS):
        key = f"demo-{n}"
        if key in existing:
            continue
        rng = random.Random(key)
        rt = rts[(n * 7) % len(rts)]
        slug, description, address, needs = SCENARIOS[rng.randrange(len(SCENARIOS))]
        lat, lon = rt_centre(rt)
        lat, lon = (
            round(lat + rng.uniform(-0.001, 0.001), 6),
            round(lon + rng.uniform(-0.001, 0.001), 6),
        )
        with_gps = n % 6 != 5  # a few without a point: listed beside the map
        photo = process_photo(demo_photo(n, lat if with_gps else None, lon if with_gps else None))
        created = now - datetime.timedelta(days=rng.randint(1, 75), hours=rng.randint(0, 10))
        with transaction.atomic():
            problem = services.problem_create(
                user=None if n % 3 else admin,
                kategori=categories[slug],
                rt=rt,
                alamat=address,
                deskripsi=description,
                keparahan=rng.choice([1, 2, 2, 3, 3, 4]),
                processed_photos=[photo],
                use_photo_location=True,  # the demo reporters ticked "use the photo's location"
                needs=[services.NeedRow(*need) for need in needs] if n % 4 != 3 else [],
                pelapor_nama=rng.choice(["Rudi", "Sari", "Hasan", "Dewi", "", ""]),
                idempotency_key=key,
            )
            for step in PATH[n % len(PATH)]:
                STEP[step](admin, problem)
            _backdate(problem, created, rng)


def _backdate(problem: Problem, created: datetime.datetime, rng: random.Random) -> None:
    """Spread the timeline over the past weeks, as it would have happened."""
    moment = created
    latest = timezone.now() - datetime.timedelta(hours=1)
    for event in problem.events.order_by("pk"):
        moment = min(moment, latest)
        ProblemEvent.objects.filter(pk=event.pk).update(waktu=moment)
        if event.ke_status == Status.DIVERIFIKASI:
            Problem.objects.filter(pk=problem.pk).update(
                diverifikasi_pada=moment,
                tenggat_tindak_lanjut=add_working_days(timezone.localdate(moment), 5),
            )
        if event.ke_status == Status.SELESAI:
            Problem.objects.filter(pk=problem.pk).update(selesai_pada=moment)
        moment += datetime.timedelta(days=rng.randint(1, 6), hours=rng.randint(1, 8))
    Problem.objects.filter(pk=problem.pk).update(
        dibuat=created, tenggat_verifikasi=add_working_days(timezone.localdate(created), 3)
    )


def load_demo(kecamatan: Kecamatan) -> None:
    load_rt_centres(kecamatan)
    load_holidays()
    load_problems(kecamatan)
