"""Demo data of stage 4: what happened on the day of the past approved plans.

The weekly Jumat Bersih of every kelurahan over the last three months (replayed by
``kegiatan.demo.load_series``) and a few one-off kerja bakti get their execution records:
opened and closed by the office, attendance per RT by element with a photo of the
attendance sheet or the crowd (drawn here, through the real photo pipeline), stakeholders
present from the demo registry, results, on-site services and kendala. Some executions are
incomplete (an RT missing, no results, entered late), one plan was not held ("Hujan
deras"), and the one-off plans' problems are partly resolved.

Everything goes through the real services, by the demo accounts, with ``now`` set to the
moment it happened; the few timestamps the services take from the clock are moved back
afterwards, as ``permasalahan.demo`` does. Deterministic: every figure comes from a
``random.Random`` seeded by the event (kelurahan and weeks ago, or the plan's key), so the
same demo comes out whatever the day. Idempotent: a plan that has an execution is skipped
whole, so a second run writes nothing.
"""

import datetime
import functools
import io
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from kegiatan import services
from kegiatan.models import (
    ActivityType,
    HasilKegiatan,
    IndikatorHasil,
    JenisFotoDokumentasi,
    JenisLayanan,
    JenisSampah,
    KategoriKendala,
    Kendala,
    LayananLokasi,
    PlanEvent,
    PlanStatus,
    RencanaAksi,
    TitikDokumentasi,
)
from permasalahan import services as problem_services
from permasalahan.models import Problem, ProblemEvent, Status
from sigoro.models import RT, Kecamatan, Role, User
from stakeholder.models import Stakeholder

WIB = datetime.timezone(datetime.timedelta(hours=7))
NOT_HELD_REASON = "Hujan deras"

# Events that went differently, by (kelurahan, weeks ago) of a Jumat Bersih.
NOT_HELD = {("Rejosari", 3)}
LEFT_OPEN = {("Ampui", 1)}  # last week's event: the office has not closed it yet
RT_MISSING = {("Ketapang", 3), ("Pasir Garam", 4), ("Lontong Pancur", 2)}
NO_RESULTS = {("Lontong Pancur", 4), ("Pasir Garam", 2)}
ENTERED_LATE = {("Ketapang", 7), ("Rejosari", 2), ("Ampui", 4)}
MOVED = {("Ampui", 6): "Lapangan voli RW 002", ("Ketapang", 8): "Masjid Al-Falah Ketapang"}
# Held events without before/after photos, or with the before photo only.
NO_DOCUMENTATION = {("Ketapang", 5), ("Ampui", 11)}
BEFORE_ONLY = {("Ampui", 9)}

# The spots photographed before and after, by scene: (spot name, before caption, after).
SPOTS = {
    "drain": (
        "Got depan pos ronda",
        "Got tersumbat lumpur dan sampah plastik",
        "Got bersih, air kembali mengalir",
    ),
    "field": (
        "Lapangan dan lahan kosong",
        "Sampah berserakan di lapangan",
        "Lapangan bersih, sampah dipilah ke tong",
    ),
}

# Who leads the Jumat Bersih of each kelurahan (the RW head, sometimes the lurah).
LEADERS = {
    "Ampui": ["Sulaiman (Ketua RW 002)", "Hendra Saputra (Lurah Ampui)"],
    "Ketapang": ["Bambang Irawan (Ketua RW 001)", "Nurhayati (Sekretaris Kelurahan)"],
    "Lontong Pancur": ["Ahmad Fauzi (Ketua RW 001)", "Yusuf Hamdani (Lurah Lontong Pancur)"],
    "Pasir Garam": ["Rudi Hartono (Ketua RW 001)", "Masitah (Kasi Pemberdayaan)"],
    "Rejosari": ["Darmawan (Ketua RW 001)", "Fitriani (Lurah Rejosari)"],
}


@dataclass(frozen=True)
class OneOff:
    """A past one-off kerja bakti: (key, kelurahan, (rw, rt) list, title, days ago, start
    hour, activity types, results [(indicator slug, low, high, waste type)], stakeholders
    present, problems addressed (how many of them get resolved)."""

    key: str
    kelurahan: str
    rts: list
    judul: str
    days_ago: int
    hour: int
    types: list
    results: list
    stakeholders: list = field(default_factory=list)
    problems: int = 0
    resolved: int = 0
    tni_polri: int = 0


ONE_OFF = [
    OneOff(
        "demo-plan-past-1",
        "Ketapang",
        [(3, 1), (3, 2), (3, 3)],
        "Normalisasi drainase Jl. Depati Hamzah",
        26,
        7,
        ["normalisasi-drainase"],
        [("drainase-dibersihkan", 280, 360, ""), ("sampah-terangkut-m3", 3, 5, "")],
        ["PT Timah Tbk", "Dinas PUPR Kota Pangkalpinang"],
        problems=2,
        resolved=1,
        tni_polri=2,
    ),
    OneOff(
        "demo-plan-past-2",
        "Pasir Garam",
        [(2, 1), (2, 2), (2, 3)],
        "Bersih lingkungan dan TPS liar RW 002",
        47,
        7,
        ["pengelolaan-sampah", "pembersihan-lingkungan"],
        [
            ("sampah-terangkut-kg", 450, 700, ""),
            ("sampah-bank-sampah", 30, 55, JenisSampah.PLASTIK),
            ("sampah-bank-sampah", 10, 25, JenisSampah.LOGAM),
        ],
        ["Dinas Lingkungan Hidup Kota Pangkalpinang", "Polsek Pangkalbalam"],
        problems=1,
        resolved=1,
        tni_polri=1,
    ),
    OneOff(
        "demo-plan-past-3",
        "Lontong Pancur",
        [(1, 1), (1, 2)],
        "Penghijauan bantaran sungai Lontong Pancur",
        9,
        7,
        ["penghijauan"],
        [("pohon-ditanam", 90, 100, ""), ("sampah-terangkut-kg", 60, 120, "")],
        ["SMP Negeri 5 Pangkalpinang", "Pramuka Kwartir Ranting Pangkalbalam"],
        problems=1,
        resolved=0,
    ),
    OneOff(
        "demo-plan-past-4",
        "Ampui",
        [(1, 1), (1, 2), (1, 3)],
        "Perbaikan taman bermain dan lampu gang RW 001",
        18,
        8,
        ["penataan-fasilitas-umum"],
        [("fasilitas-diperbaiki", 4, 7, ""), ("sampah-terangkut-kg", 80, 150, "")],
        ["Toko Bangunan Sinar Jaya", "Karang Taruna Kelurahan Ampui"],
        problems=2,
        resolved=1,
    ),
]

KENDALA = [
    (KategoriKendala.CUACA, "Gerimis sejak pukul 07.30, kegiatan berhenti sekitar 20 menit."),
    (KategoriKendala.ALAT_KURANG, "Cangkul dan karung kurang, sebagian warga hanya memungut."),
    (KategoriKendala.PARTISIPASI_RENDAH, "Banyak warga berangkat kerja; yang hadir sedikit."),
    (KategoriKendala.KOORDINASI, "Truk DLH datang terlambat satu jam, sampah menumpuk di pos."),
    (KategoriKendala.ANGGARAN, "Tidak ada dana konsumsi, warga iuran seadanya."),
]


@dataclass
class Actors:
    admin: User
    camat: User
    lurah: User | None
    ketua_rw: User | None
    ketua_rt: User | None

    def office(self, kelurahan) -> User:
        """The lurah of the demo kelurahan (Ampui); the kecamatan admin elsewhere."""
        if self.lurah is not None and self.lurah.kelurahan_id == kelurahan.pk:
            return self.lurah
        return self.admin

    def recorder(self, rt: RT) -> User:
        """Who records an RT's attendance: its RT head, else its RW head, else the office."""
        if self.ketua_rt is not None and self.ketua_rt.rt_id == rt.pk:
            return self.ketua_rt
        if self.ketua_rw is not None and self.ketua_rw.rw_id == rt.rw_id:
            return self.ketua_rw
        return self.office(rt.kelurahan)


# -- drawn photos ---------------------------------------------------------------------------

# Drawn photos are small (800 x 600): the pipeline's work stays a few milliseconds each.
PHOTO_SIZE = (800, 600)


def attendance_photo(seed: str) -> SimpleUploadedFile:
    """Draw a phone photo of a paper attendance sheet (lines of scribbled names and
    signatures) or, for some RTs, of the crowd; small, so the demo loads fast."""
    rng = random.Random(seed)
    image = Image.new("RGB", PHOTO_SIZE, (96, 78, 60))  # a wooden table
    draw = ImageDraw.Draw(image)
    if rng.random() < 0.75:
        tilt = rng.randint(-20, 20)
        sheet = [(110 + tilt, 30), (690 + tilt, 40), (680 - tilt, 580), (100 - tilt, 570)]
        draw.polygon(sheet, fill=(245, 244, 236))
        draw.text((260, 55), "DAFTAR HADIR GOTONG ROYONG", fill=(30, 30, 30))
        for row in range(rng.randint(12, 18)):
            y = 100 + row * 26
            draw.line([(140, y + 18), (650, y + 18)], fill=(170, 170, 170))
            draw.text((145, y + 2), f"{row + 1}.", fill=(40, 40, 90))
            x = 175
            for _ in range(rng.randint(2, 4)):  # a handwritten name
                width = rng.randint(25, 70)
                points = [(x + i * width // 6, y + 6 + rng.randint(-4, 5)) for i in range(7)]
                draw.line(points, fill=(30, 40, 120), width=2)
                x += width + 12
            sx = rng.randint(500, 560)  # a signature
            draw.line(
                [(sx + i * 12, y + 4 + rng.randint(-6, 6)) for i in range(8)],
                fill=(20, 20, 60),
                width=2,
            )
    else:
        for y in range(0, 300, 10):  # morning sky over the street
            draw.rectangle([0, y, 800, y + 10], fill=(130, 180 + y // 6, 235))
        draw.rectangle([0, 300, 800, 600], fill=(150, 140, 120))
        for _ in range(rng.randint(14, 24)):  # people in a row, some with brooms
            x, y = rng.randint(30, 770), rng.randint(300, 420)
            shirt = rng.choice([(200, 60, 50), (40, 90, 170), (230, 200, 60), (60, 140, 80)])
            draw.rectangle([x - 14, y, x + 14, y + 70], fill=shirt)
            draw.ellipse([x - 11, y - 24, x + 11, y - 2], fill=(150, 105, 75))
            if rng.random() < 0.4:
                draw.line([(x + 16, y + 10), (x + 30, y + 110)], fill=(120, 80, 40), width=3)
    return SimpleUploadedFile(f"hadir-{seed}.jpg", _jpeg(image), content_type="image/jpeg")


# Documentation scenes: a drain and a field, each drawn dirty (before) and clean (after).
SCENES = ("drain", "field")
SCENE_VARIANTS = 3  # drawn variants per scene and state, reused across events


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=75)
    return buffer.getvalue()


def _drain(draw, rng, clean: bool) -> None:
    draw.rectangle([0, 0, 800, 600], fill=(150, 150, 145))  # the road
    draw.rectangle([0, 0, 800, 140], fill=(70, 130, 70))  # verge and houses behind
    for x in range(30, 800, 190):
        draw.rectangle([x, 20, x + 120, 130], fill=(210, 200, 180))
        draw.polygon([(x - 10, 30), (x + 60, -10), (x + 130, 30)], fill=(160, 70, 45))
    draw.polygon([(250, 600), (330, 140), (470, 140), (550, 600)], fill=(120, 120, 115))
    water = (90, 120, 140) if clean else (95, 80, 50)
    draw.polygon([(290, 600), (350, 150), (450, 150), (510, 600)], fill=water)
    if clean:
        for _ in range(8):  # light on moving water
            y = rng.randint(200, 580)
            draw.line([(360 + y // 10, y), (420 + y // 12, y)], fill=(150, 180, 200), width=2)
        return
    for _ in range(rng.randint(25, 40)):  # mud, plastic, bottles
        y = rng.randint(170, 590)
        x = rng.randint(360 - (y - 150) // 8, 440 + (y - 150) // 8)
        r = rng.randint(6, 20)
        colour = rng.choice(
            [(60, 50, 30), (230, 230, 220), (40, 90, 170), (200, 60, 50), (30, 30, 30)]
        )
        draw.ellipse([x - r, y - r // 2, x + r, y + r // 2], fill=colour)


def _field(draw, rng, clean: bool) -> None:
    for y in range(0, 200, 10):  # sky
        draw.rectangle([0, y, 800, y + 10], fill=(120, 175 + y // 8, 235))
    draw.rectangle([0, 200, 800, 600], fill=(95, 160, 75))  # the field
    draw.rectangle([60, 150, 100, 260], fill=(110, 80, 50))  # a tree
    draw.ellipse([10, 60, 150, 190], fill=(50, 120, 55))
    draw.line([(500, 260), (500, 380)], fill=(240, 240, 240), width=4)  # volleyball post
    draw.line([(740, 250), (740, 380)], fill=(240, 240, 240), width=4)
    draw.line([(500, 280), (740, 270)], fill=(250, 250, 250), width=2)
    if clean:
        draw.rectangle([180, 330, 215, 390], fill=(40, 120, 60))  # bins, sorted
        draw.rectangle([225, 330, 260, 390], fill=(230, 180, 40))
        return
    for _ in range(rng.randint(40, 70)):  # litter and a heap of bags
        x, y = rng.randint(20, 780), rng.randint(230, 590)
        r = rng.randint(4, 12)
        colour = rng.choice([(240, 240, 235), (200, 60, 50), (40, 90, 170), (30, 30, 30)])
        draw.rectangle([x - r, y - r // 2, x + r, y + r // 2], fill=colour)
    for _ in range(6):
        x, y = rng.randint(250, 380), rng.randint(440, 520)
        draw.ellipse([x - 40, y - 30, x + 40, y + 30], fill=(25, 25, 25))


@functools.cache
def _scene_jpeg(scene: str, clean: bool, variant: int) -> bytes:
    rng = random.Random(f"{scene}-{variant}-{clean}")
    image = Image.new("RGB", PHOTO_SIZE)
    (_drain if scene == "drain" else _field)(ImageDraw.Draw(image), rng, clean)
    return _jpeg(image)


def documentation_photo(scene: str, *, clean: bool, variant: int) -> SimpleUploadedFile:
    """Draw a spot before (dirty) or after (clean) the work: a drain or a field. The same
    ``variant`` gives the same view, so a pair shows one spot twice; the few drawings are
    reused across events (each upload still goes through the photo pipeline)."""
    state = "sesudah" if clean else "sebelum"
    return SimpleUploadedFile(
        f"{scene}-{variant}-{state}.jpg",
        _scene_jpeg(scene, clean, variant),
        content_type="image/jpeg",
    )


# -- one event ------------------------------------------------------------------------------


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=WIB)


def _present(kelurahan, wanted: list[str]) -> list[Stakeholder]:
    """The named demo stakeholders that work in ``kelurahan`` (others would be refused)."""
    found = Stakeholder.objects.filter(nama__in=wanted, kecamatan=kelurahan.kecamatan_id)
    return [s for s in found if services._serves(s, kelurahan)]


@dataclass
class Event:
    """What to record for one past plan; ``rng`` is seeded by the event."""

    plan: RencanaAksi
    rng: random.Random
    label: tuple
    leader: str
    lokasi: str = ""
    stakeholders: list = field(default_factory=list)
    results: list = field(default_factory=list)
    tni_polri: int = 0
    rt_missing: bool = False
    entered_late: bool = False
    left_open: bool = False
    not_held: bool = False
    # The attendance sheet photographed for every RT, or only the first RT's (the RW head
    # collects the sheets of the others).
    photo_every_rt: bool = False
    scenes: tuple = ()  # documentation spots photographed before and after
    before_only: bool = False


def _record(event: Event, actors: Actors, indicators, services_by_slug) -> None:
    plan, rng = event.plan, event.rng
    office = actors.office(plan.kelurahan)
    day = plan.tanggal
    if event.not_held:
        services.pelaksanaan_not_held(
            user=office, plan=plan, reason=NOT_HELD_REASON, now=_at(day, 10)
        )
        return
    late_start = rng.choice([0, 0, 0, 10, 15, 30])
    start = datetime.datetime.combine(day, plan.jam_mulai) + datetime.timedelta(minutes=late_start)
    end = datetime.datetime.combine(day, plan.jam_selesai) + datetime.timedelta(
        minutes=rng.choice([-15, 0, 0, 15, 30])
    )
    services.pelaksanaan_open(
        user=office,
        plan=plan,
        data=services.ExecutionData(
            tanggal=day,
            jam_mulai=start.time(),
            jam_selesai=end.time(),
            lokasi=event.lokasi or "; ".join(plan.places)[:200],
            dipimpin_oleh=event.leader,
        ),
        now=_at(day, start.hour, start.minute),
    )
    rts = list(RT.objects.filter(plan_locations__plan=plan).select_related("rw", "kelurahan"))
    rts.sort(key=lambda rt: (rt.rw.nomor, rt.nomor))
    if event.rt_missing and len(rts) > 1:
        rts = rts[:-1]  # the last RT never sent its attendance
    recorded = _at(day, 19, 30) + datetime.timedelta(days=6 if event.entered_late else 0)
    for index, rt in enumerate(rts):
        households = rt.jumlah_kk or 90
        counts = {
            "hadir_warga": max(4, round(households * rng.uniform(0.06, 0.15))),
            "hadir_rt_rw": 1 + (1 if index == 0 else 0),
            "hadir_kelurahan": rng.randint(1, 3) if index == 0 else 0,
            "hadir_kecamatan": (rng.random() < 0.25) * rng.randint(1, 2) if index == 0 else 0,
            "hadir_stakeholder": rng.randint(2, 6) if index == 0 and event.stakeholders else 0,
            "hadir_tni_polri": event.tni_polri if index == 0 else 0,
        }
        services.kehadiran_record(
            user=actors.recorder(rt),
            plan=plan,
            rt=rt,
            counts=counts,
            stakeholders=event.stakeholders if index == 0 else [],
            uploads=[attendance_photo(f"{event.label}-{rt.rw.nomor}-{rt.nomor}")]
            if index == 0 or event.photo_every_rt
            else [],
            idempotency_key=f"demo-hadir-{plan.pk}-{rt.pk}",
            now=recorded + datetime.timedelta(minutes=7 * index),
        )
    pelaksanaan = plan.pelaksanaan
    for slug, low, high, waste in event.results:
        quantity = Decimal(rng.randint(low, high))
        services.hasil_add(
            user=office,
            plan=plan,
            indikator=indicators[slug],
            jumlah=quantity,
            jenis_sampah=waste,
            idempotency_key=f"demo-hasil-{plan.pk}-{slug}-{waste}",
        )
    if rng.random() < 0.3:
        kind = rng.choice(["cek-kesehatan", "konsultasi-ktp-kk"])
        services.layanan_add(
            user=office,
            plan=plan,
            jenis=services_by_slug[kind],
            jumlah=rng.randint(12, 40) if kind == "cek-kesehatan" else rng.randint(5, 15),
            idempotency_key=f"demo-layanan-{plan.pk}",
        )
    if rng.random() < 0.35:
        kategori, uraian = KENDALA[rng.randrange(len(KENDALA))]
        services.kendala_add(
            user=office,
            plan=plan,
            kategori=kategori,
            uraian=uraian,
            idempotency_key=f"demo-kendala-{plan.pk}",
        )
    for n, scene in enumerate(event.scenes):
        _document(event, office, scene, n, rts[0], start, end)
    for model in (HasilKegiatan, LayananLokasi, Kendala):
        model.objects.filter(pelaksanaan=pelaksanaan).update(dicatat_pada=recorded)
    if not event.left_open:
        services.pelaksanaan_close(
            user=office,
            plan=plan,
            note="Kegiatan selesai.",
            now=recorded + datetime.timedelta(hours=1),
        )
        PlanEvent.objects.filter(plan=plan, ke_status=PlanStatus.TERLAKSANA).update(
            waktu=recorded + datetime.timedelta(hours=1)
        )


def _document(event: Event, user, scene: str, n: int, rt: RT, start, end) -> None:
    """Photograph one spot before the work and after it (documentation photos)."""
    plan = event.plan
    name, before, after = SPOTS[scene]
    # The page shows a spot's RT beside its name: the RT goes into the name only when the
    # event already has a spot of that name (names are unique per event).
    if TitikDokumentasi.objects.filter(pelaksanaan__plan=plan, nama=name).exists():
        name = f"{name} RT {rt.nomor:03d}"
    variant = event.rng.randrange(SCENE_VARIANTS)
    for clean, jenis, caption, moment in (
        (False, JenisFotoDokumentasi.SEBELUM, before, start),
        (True, JenisFotoDokumentasi.SESUDAH, after, end),
    ):
        if clean and event.before_only:
            break
        services.dokumentasi_add(
            user=user,
            plan=plan,
            jenis=jenis,
            titik_nama=name,
            titik_rt=rt,
            keterangan=caption,
            uploads=[documentation_photo(scene, clean=clean, variant=variant)],
            idempotency_key=f"demo-dok-{plan.pk}-{n}-{jenis}",
            now=moment.replace(tzinfo=WIB),
        )


# -- which plans, and what happened -----------------------------------------------------------

# Stakeholders that come to a kelurahan's Jumat Bersih now and then (those serving it).
JUMAT_BERSIH_GUESTS = [
    "Koramil Pangkalbalam",
    "Polsek Pangkalbalam",
    "Dinas Lingkungan Hidup Kota Pangkalpinang",
    "TP PKK Kecamatan Pangkalbalam",
    "Karang Taruna Kelurahan Ampui",
    "PT Pelabuhan Indonesia (Persero) Cabang Pangkalbalam",
    "Pramuka Kwartir Ranting Pangkalbalam",
]
UNIFORMED = {"Koramil Pangkalbalam", "Polsek Pangkalbalam"}


def _jumat_bersih_event(plan: RencanaAksi, weeks_ago: int) -> Event:
    name = plan.kelurahan.nama
    label = (name, weeks_ago)
    rng = random.Random(f"demo-jumat-bersih-{name}-{weeks_ago}")
    guests = _present(plan.kelurahan, rng.sample(JUMAT_BERSIH_GUESTS, rng.randint(0, 3)))
    uniformed = sum(1 for s in guests if s.nama in UNIFORMED)
    results = [("sampah-terangkut-kg", 90, 320, "")]
    if rng.random() < 0.5:
        results.append(("drainase-dibersihkan", 40, 180, ""))
    if weeks_ago % 2 == 0:  # the bank sampah collects every other week
        results.append(("sampah-bank-sampah", 6, 22, JenisSampah.PLASTIK))
        results.append(("sampah-bank-sampah", 3, 12, JenisSampah.KERTAS))
        if rng.random() < 0.5:
            results.append(("sampah-bank-sampah", 1, 6, JenisSampah.LOGAM))
    documented = label not in NO_RESULTS | LEFT_OPEN | NO_DOCUMENTATION
    drainage = any(slug == "drainase-dibersihkan" for slug, *_rest in results)
    return Event(
        plan=plan,
        rng=rng,
        label=f"{name}-{weeks_ago}",
        scenes=(("drain" if drainage else "field"),) if documented else (),
        photo_every_rt=name == "Ampui",
        before_only=label in BEFORE_ONLY,
        leader=LEADERS.get(name, ["Ketua RW"])[0 if rng.random() < 0.75 else -1],
        lokasi=MOVED.get(label, ""),
        stakeholders=guests,
        results=[] if label in NO_RESULTS else results,
        tni_polri=uniformed * rng.randint(1, 2),
        rt_missing=label in RT_MISSING,
        entered_late=label in ENTERED_LATE,
        left_open=label in LEFT_OPEN,
        not_held=label in NOT_HELD,
    )


def load_jumat_bersih(kecamatan: Kecamatan, actors: Actors, indicators, layanan, today) -> None:
    plans = (
        RencanaAksi.objects.filter(
            kelurahan__kecamatan=kecamatan,
            series__idempotency_key__startswith="demo-series-",
            status=PlanStatus.DISETUJUI,
            tanggal__lt=today,
            pelaksanaan__isnull=True,
        )
        .select_related("kelurahan")
        .order_by("tanggal", "pk")
    )
    for plan in plans:
        weeks_ago = (today - plan.tanggal).days // 7 + 1
        with transaction.atomic():
            _record(_jumat_bersih_event(plan, weeks_ago), actors, indicators, layanan)
            _backdate_not_held(plan)


def _backdate_not_held(plan: RencanaAksi) -> None:
    moved = PlanEvent.objects.filter(plan=plan, ke_status=PlanStatus.DIBATALKAN)
    moved.update(waktu=_at(plan.tanggal, 10))


def _rt(kecamatan, kelurahan: str, rw: int, rt: int) -> RT | None:
    return RT.objects.filter(
        kelurahan__kecamatan=kecamatan, kelurahan__nama=kelurahan, rw__nomor=rw, nomor=rt
    ).first()


def _open_problems(kelurahan, before: datetime.date, count: int) -> list[Problem]:
    """Open, verified problems of the kelurahan, reported before the plan was made and in no
    other plan."""
    if not count:
        return []
    return list(
        Problem.objects.filter(
            kelurahan=kelurahan,
            status__in=services.PLANNABLE_PROBLEM_STATUSES,
            dibuat__date__lt=before,
            plans__isnull=True,
        ).order_by("kode")[:count]
    )


def load_one_off(kecamatan: Kecamatan, actors: Actors, indicators, layanan, today) -> None:
    done = set(
        RencanaAksi.objects.filter(idempotency_key__in=[o.key for o in ONE_OFF]).values_list(
            "idempotency_key", flat=True
        )
    )
    for item in ONE_OFF:
        if item.key in done:
            continue
        rts = [_rt(kecamatan, item.kelurahan, rw, rt) for rw, rt in item.rts]
        if not rts or None in rts:
            continue
        kelurahan = rts[0].kelurahan
        office = actors.office(kelurahan)
        day = today - datetime.timedelta(days=item.days_ago)
        submitted = day - datetime.timedelta(days=8)
        problems = _open_problems(kelurahan, submitted, item.problems)
        data = services.PlanData(
            judul=item.judul,
            tanggal=day,
            jam_mulai=datetime.time(item.hour),
            jam_selesai=datetime.time(item.hour + 3),
            lokasi=[
                services.LocationRow(rt=rt, titik_kumpul=problems[0].alamat if problems else "")
                for rt in rts
            ],
            jenis_kegiatan=list(ActivityType.objects.filter(slug__in=item.types)),
            problems=problems,
            targets={"target_warga": 25 * len(rts), "target_rt_rw": len(rts) + 1},
            penanggung_jawab_nama=LEADERS[item.kelurahan][0],
        )
        rng = random.Random(item.key)
        since = timezone.now()
        with transaction.atomic():
            plan = services.plan_create(user=office, data=data, idempotency_key=item.key)
            services.plan_submit(user=office, plan=plan, today=submitted)
            services.plan_approve(user=actors.camat, plan=plan, note="Setuju, koordinasikan.")
            _backdate_plan(plan, submitted, since)
            event = Event(
                plan=plan,
                rng=rng,
                label=item.key,
                leader=LEADERS[item.kelurahan][-1],
                stakeholders=_present(kelurahan, item.stakeholders),
                results=item.results,
                tni_polri=item.tni_polri,
                scenes=SCENES,
                photo_every_rt=True,
            )
            _record(event, actors, indicators, layanan)
            _resolve(plan, problems[: item.resolved], actors.admin)


def _backdate_plan(plan: RencanaAksi, submitted: datetime.date, since) -> None:
    """Put the plan's moves (and its problems' "planned" step, written ``since``) on the
    days they happened."""
    sent = _at(submitted, 10)
    approved = sent + datetime.timedelta(days=2)
    RencanaAksi.objects.filter(pk=plan.pk).update(diajukan_pada=sent, disetujui_pada=approved)
    plan.events.filter(ke_status=PlanStatus.DRAFT).update(waktu=sent - datetime.timedelta(days=1))
    plan.events.filter(ke_status=PlanStatus.DIAJUKAN).update(waktu=sent)
    plan.events.filter(ke_status=PlanStatus.DISETUJUI).update(waktu=approved)
    planned = ProblemEvent.objects.filter(
        problem__in=plan.problems.all(), ke_status=Status.DIRENCANAKAN, waktu__gte=since
    )
    planned.update(waktu=approved)


def _resolve(plan: RencanaAksi, problems: list[Problem], admin: User) -> None:
    """The problems the event dealt with move to "selesai" through the problem service."""
    when = _at(plan.tanggal, 13)
    for problem in problems:
        problem_services.problem_resolve(
            user=admin,
            problem=problem,
            note=f"Ditangani dalam kegiatan “{plan.judul}”.",
            public=True,
        )
        Problem.objects.filter(pk=problem.pk).update(selesai_pada=when)
        event = ProblemEvent.objects.filter(problem=problem, ke_status=Status.SELESAI).latest("pk")
        ProblemEvent.objects.filter(pk=event.pk).update(waktu=when)


def load_executions(kecamatan: Kecamatan) -> None:
    """Record what happened on the day of the past approved demo plans (safe to repeat)."""
    roles = (Role.ADMIN_KECAMATAN, Role.CAMAT, Role.LURAH, Role.KETUA_RW, Role.KETUA_RT)
    users = {
        role: User.objects.filter(role=role, is_active=True, username__in=DEMO_USERNAMES)
        .order_by("pk")
        .first()
        for role in roles
    }
    if users[Role.ADMIN_KECAMATAN] is None or users[Role.CAMAT] is None:
        return
    actors = Actors(
        admin=users[Role.ADMIN_KECAMATAN],
        camat=users[Role.CAMAT],
        lurah=users[Role.LURAH],
        ketua_rw=users[Role.KETUA_RW],
        ketua_rt=users[Role.KETUA_RT],
    )
    indicators = {i.slug: i for i in IndikatorHasil.objects.filter(aktif=True)}
    layanan = {j.slug: j for j in JenisLayanan.objects.filter(aktif=True)}
    today = timezone.localdate()
    load_jumat_bersih(kecamatan, actors, indicators, layanan, today)
    load_one_off(kecamatan, actors, indicators, layanan, today)


DEMO_USERNAMES = ("admin", "camat", "lurah", "ketuarw", "ketuart")
