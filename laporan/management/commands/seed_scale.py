"""Build a whole city of data for scale tests: ``manage.py seed_scale [--seed 1] [--years 5]
[--scale 1.0] [--kota "Kota Pangkal Pinang"] [--end 2026-11-30]``.

At ``--scale 1.0``: 7 kecamatan, 42 kelurahan, about 500 RW and 2,000 RT with households and
residents; accounts for every role; about 90 stakeholders; five years of weekly Jumat Bersih
series (their occurrences) and one-off kerja bakti, about 100,000 Rencana Aksi, most approved
and held, with their execution, attendance per RT, results, kendala, documentation, swadaya;
about 300,000 problems across every status with their timeline; support requests with
pledges and deliveries. ``--scale 0.002`` builds a small slice of the same city for tests.

The rows are what the services would have written (status fields consistent with the dates,
denormalised fields filled, timelines for each move), but they are written with
``bulk_create`` in batches: no per-row services, signals or ``django-simple-history`` rows.
Documentation photos are ``Photo`` rows that share two stored files (two real JPEGs written
to the public media storage by ``write_shared_photos``). Deterministic: the same
seed gives the same rows (``random.Random(seed)``, dates relative to ``--end``, ids counted
from the largest id already in each table). Meant for an empty database (after
``migrate``): it refuses to run when the Kota already exists.
"""

import datetime
import hashlib
import time
import uuid
import zoneinfo
from bisect import bisect_right
from contextlib import contextmanager
from decimal import Decimal
from random import Random
from types import SimpleNamespace

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, models, transaction

from kegiatan.defaults import ensure_default_activity_types, ensure_default_execution_lists
from kegiatan.models import (
    ActivityType,
    FotoDokumentasi,
    HasilKegiatan,
    IndikatorHasil,
    JenisLayanan,
    Kehadiran,
    Kendala,
    LayananLokasi,
    Pelaksanaan,
    PelaksanaanStatus,
    PlanEvent,
    PlanLocation,
    PlanSeries,
    PlanStatus,
    RencanaAksi,
    TitikDokumentasi,
)
from permasalahan.defaults import ensure_default_categories
from permasalahan.models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    CODE_PREFIX,
    NeedKind,
    Problem,
    ProblemCategory,
    ProblemEvent,
    ProblemNeed,
    Rating,
    Source,
    Status,
)
from sigoro.models import RT, RW, Kecamatan, Kelurahan, Kota, Photo, Role, User
from sigoro.workdays import holidays_between, is_working_day
from stakeholder.models import (
    AnswerChannel,
    Delivery,
    Pledge,
    PledgeStatus,
    RequestItem,
    RequestRecipient,
    Stakeholder,
    StakeholderContact,
    StakeholderType,
    SupportKind,
    SupportRequest,
    Swadaya,
    SwadayaKind,
    SwadayaSource,
)

PASSWORD = "sigoro-demo"
BATCH = 2000
FLUSH_AT = 20000
DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)

# Kota Pangkal Pinang: its seven kecamatan and 42 kelurahan (Pangkalbalam's five are the
# demo's; the others are the city's, as far as known, else plausible names).
KECAMATAN = [
    (
        "Bukit Intan",
        [
            "Air Itam",
            "Bacang",
            "Pasir Putih",
            "Sinar Bulan",
            "Temberan",
            "Semabung Lama",
            "Air Mawar",
        ],
    ),
    (
        "Gabek",
        [
            "Air Salemba",
            "Gabek Dua",
            "Gabek Satu",
            "Jerambah Gantung",
            "Selindung",
            "Selindung Baru",
        ],
    ),
    (
        "Gerunggang",
        ["Bukit Merapin", "Bukit Sari", "Kacang Pedang", "Kejaksaan", "Taman Bunga", "Tua Tunu"],
    ),
    ("Girimaya", ["Batu Intan", "Bukit Besar", "Pasar Padi", "Semabung Baru", "Sriwijaya"]),
    ("Pangkalbalam", ["Ampui", "Ketapang", "Lontong Pancur", "Pasir Garam", "Rejosari"]),
    (
        "Rangkui",
        [
            "Asam",
            "Bintang",
            "Gajah Mada",
            "Keramat",
            "Masjid Jamik",
            "Melintang",
            "Parit Lalang",
            "Pintu Air",
        ],
    ),
    ("Taman Sari", ["Batin Tikal", "Gedung Nasional", "Kuto Panji", "Opas Indah", "Rawa Bangun"]),
]
CITY_CENTRE = (-2.129, 106.113)

# Totals at --scale 1.0 over 5 years.
SERIES_AT_FULL_SCALE = 340
ONE_OFF_PER_5_YEARS = 18000
PROBLEMS_PER_5_YEARS = 300000
REQUESTS_PER_5_YEARS = 2500

STAKEHOLDERS = [
    ("Koramil {kec}", "tni"),
    ("Polsek {kec}", "polri"),
    ("Puskesmas {kec}", "instansi-pemerintah"),
    ("UPT Kebersihan {kec}", "instansi-pemerintah"),
    ("PT Timah Tbk Unit {kec}", "bumn"),
    ("PLN ULP {kec}", "bumn"),
    ("KUA {kec}", "instansi-vertikal"),
    ("Toko Bangunan Sinar {kec}", "dunia-usaha"),
    ("Bank Babel Capem {kec}", "dunia-usaha"),
    ("Karang Taruna {kec}", "ormas"),
    ("TP PKK {kec}", "ormas"),
    ("SMA Negeri {n} Pangkalpinang", "pendidikan"),
    ("SD Negeri {m} Pangkalpinang", "pendidikan"),
]
FIRST_NAMES = ["Ahmad", "Siti", "Budi", "Dewi", "Rudi", "Nur", "Agus", "Rina", "Hendra", "Yanti"]
LAST_NAMES = ["Saputra", "Aminah", "Hidayat", "Lestari", "Wibowo", "Marlina", "Syahputra", "Sari"]
STREETS = ["Melati", "Kenanga", "Mawar", "Anggrek", "Cempaka", "Teratai", "Dahlia", "Flamboyan"]
CATEGORY_WEIGHTS = {
    "sampah": 40,
    "drainase": 25,
    "fasilitas-umum": 12,
    "penghijauan": 6,
    "genangan": 12,
    "lainnya": 5,
}
DESCRIPTIONS = {
    "sampah": "Tumpukan sampah liar di pinggir jalan, berbau dan mengundang lalat.",
    "drainase": "Got tersumbat sampah dan lumpur, air meluap saat hujan.",
    "fasilitas-umum": "Lampu jalan mati dan bangku taman rusak.",
    "penghijauan": "Lahan kosong gersang, perlu ditanami pohon peneduh.",
    "genangan": "Genangan air setinggi mata kaki setiap hujan deras.",
    "lainnya": "Rumput liar tinggi menutupi jalan setapak.",
}
CATEGORY_TO_ACTIVITY = {
    "sampah": "pengelolaan-sampah",
    "drainase": "normalisasi-drainase",
    "fasilitas-umum": "penataan-fasilitas-umum",
    "penghijauan": "penghijauan",
    "genangan": "normalisasi-drainase",
    "lainnya": "pembersihan-lingkungan",
}
KENDALA = [
    ("cuaca", "Hujan turun di tengah kegiatan, pekerjaan dihentikan lebih awal.", 35),
    ("alat_kurang", "Cangkul dan gerobak sampah kurang, warga bergantian.", 20),
    ("partisipasi_rendah", "Banyak warga bekerja, yang hadir sedikit.", 20),
    ("koordinasi", "Truk pengangkut sampah datang terlambat.", 15),
    ("anggaran", "Dana konsumsi tidak mencukupi.", 5),
    ("lainnya", "Jalan ditutup untuk acara warga.", 5),
]
NOT_HELD_REASONS = ["Hujan deras", "Bertepatan dengan acara kelurahan", "Banjir di lokasi"]
REQUEST_ITEMS = [
    (SupportKind.ALAT, "Cangkul", "buah", 10, 75000),
    (SupportKind.ALAT, "Gerobak sampah", "unit", 3, 450000),
    (SupportKind.MATERIAL, "Karung sampah", "lembar", 50, 3000),
    (SupportKind.KONSUMSI, "Nasi kotak", "kotak", 60, 20000),
    (SupportKind.TENAGA, "Personel", "orang", 10, 100000),
    (SupportKind.DANA, "Dana operasional", "paket", 1, 1500000),
]


class Row(SimpleNamespace):
    """The values of one row to insert, without the cost of a model instance (at this size
    ``Model.__init__`` was most of the run time). Foreign keys may be given as objects
    (``rt=rt``) or ids (``rt_id=3``); fields not given take their default."""

    def __init__(self, model, **values):
        super().__init__(**values)
        self.__dict__["_model"] = model


class Writer:
    """Collect rows per model and insert them in batches; count them.

    PostgreSQL gets one ``COPY`` per batch, other databases one ``executemany`` of the
    INSERT that ``bulk_create`` would build (building it value by value through the query
    compiler cost more than the database's own work). Values go through the field's own
    ``get_db_prep_save``, except plain numbers, text, booleans and ids, which need nothing.
    """

    PLAIN = (
        models.AutoField,
        models.BigAutoField,
        models.IntegerField,
        models.CharField,
        models.TextField,
        models.BooleanField,
        models.FloatField,
        models.ForeignKey,
    )

    def __init__(self):
        self.pending: dict[type[models.Model], list] = {}
        self.counts: dict[str, int] = {}
        self.next_ids: dict[type[models.Model], int] = {}
        self.plans: dict[tuple, tuple[str, str, list]] = {}

    def new_id(self, model) -> int:
        """Return the next explicit id of ``model`` (the largest stored id + 1, counting up)."""
        if model not in self.next_ids:
            largest = model.objects.aggregate(m=models.Max("pk"))["m"] or 0
            self.next_ids[model] = largest + 1
        value = self.next_ids[model]
        self.next_ids[model] = value + 1
        return value

    def add(self, obj) -> None:
        model = obj._model if isinstance(obj, Row) else type(obj)
        rows = self.pending.setdefault(model, [])
        rows.append(obj)
        if len(rows) >= FLUSH_AT:
            self.flush(model)

    def _plan(self, model, with_pk: bool) -> tuple[str, str, list]:
        key = (model, with_pk)
        if key not in self.plans:
            quote = connection.ops.quote_name
            fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
            table = quote(model._meta.db_table)
            columns = ", ".join(quote(f.column) for f in fields)
            marks = ", ".join(["%s"] * len(fields))
            insert = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
            copy = f"COPY {table} ({columns}) FROM STDIN"
            prep = [
                (
                    f.attname,
                    f.name if f.is_relation else None,
                    None if isinstance(f, self.PLAIN) else f,
                    f,
                )
                for f in fields
            ]
            self.plans[key] = (insert, copy, prep)
        return self.plans[key]

    @staticmethod
    def _has_id(obj) -> bool:
        return (obj.__dict__.get("id") if isinstance(obj, Row) else obj.pk) is not None

    @staticmethod
    def _values(obj, prep) -> tuple:
        if not isinstance(obj, Row):
            return tuple(
                getattr(obj, attname)
                if prepare is None
                else prepare.get_db_prep_save(prepare.pre_save(obj, True), connection)
                for attname, _name, prepare, _field in prep
            )
        given = obj.__dict__
        values = []
        for attname, name, prepare, field in prep:
            if attname in given:
                value = given[attname]
            elif name is not None and name in given:
                related = given[name]
                value = (
                    None
                    if related is None
                    else related.id
                    if isinstance(related, Row)
                    else related.pk
                )
            else:
                value = field.get_default()
            if prepare is not None and value is not None:
                value = prepare.get_db_prep_save(value, connection)
            values.append(value)
        return tuple(values)

    def flush(self, model=None) -> None:
        for current in [model] if model else list(self.pending):
            rows = self.pending.get(current) or []
            if not rows:
                continue
            for with_pk in (True, False):
                chunk = [obj for obj in rows if self._has_id(obj) == with_pk]
                if not chunk:
                    continue
                insert, copy_sql, prep = self._plan(current, with_pk)
                values = [self._values(obj, prep) for obj in chunk]
                with connection.cursor() as cursor:
                    if connection.vendor == "postgresql":
                        with cursor.cursor.copy(copy_sql) as copy:
                            for row in values:
                                copy.write_row(row)
                    else:
                        for start in range(0, len(values), BATCH):
                            cursor.executemany(insert, values[start : start + BATCH])
            label = current._meta.label
            self.counts[label] = self.counts.get(label, 0) + len(rows)
            self.pending[current] = []


@contextmanager
def explicit_timestamps(*model_list):
    """Let bulk_create write the given dates instead of "now" on auto_now(_add) fields."""
    changed = []
    for model in model_list:
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                changed.append((field, field.auto_now, field.auto_now_add))
                field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in changed:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


SEEDED_APPS = ["sigoro", "permasalahan", "stakeholder", "kegiatan"]


def _seeded_tables() -> list[str]:
    return [
        model._meta.db_table
        for app in SEEDED_APPS
        for model in apps.get_app_config(app).get_models(include_auto_created=True)
    ]


@contextmanager
def foreign_keys_checked_at_the_end():
    """On PostgreSQL, drop the foreign keys of the seeded tables and add them back at the end
    (as pg_restore does): one set-based check per key instead of a queued check, with a row
    lock, for each of millions of rows at COMMIT. Same transaction: all or nothing."""
    if connection.vendor != "postgresql":
        yield
        return
    tables = _seeded_tables()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s) "
            "ORDER BY 1, 2",
            [tables],
        )
        keys = cursor.fetchall()
        for table, name, _definition in keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
    yield
    with connection.cursor() as cursor:
        for table, name, definition in keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")


@contextmanager
def indexes_built_at_the_end():
    """On PostgreSQL, drop the plain (non-constraint) indexes of the seeded tables and build
    them again from their own definitions at the end, as pg_restore does: one sorted build
    per index instead of millions of random B-tree inserts during the COPY. Same
    transaction, same definitions: the schema after the run is the schema before it.
    Unique and primary-key indexes stay (they back constraints)."""
    if connection.vendor != "postgresql":
        yield
        return
    tables = _seeded_tables()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
            "FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid "
            "WHERE t.relname = ANY(%s) AND NOT i.indisunique AND NOT i.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) "
            "ORDER BY 1",
            [tables],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            cursor.execute(definition)


TIMESTAMPED = [
    Problem,
    ProblemEvent,
    PlanSeries,
    RencanaAksi,
    PlanEvent,
    Stakeholder,
    SupportRequest,
    Delivery,
    Swadaya,
    Kehadiran,
    Photo,
]


SHARED_PHOTO_FILES = ("foto/scale/sebelum.jpg", "foto/scale/sesudah.jpg")


def write_shared_photos() -> None:
    """Write the two JPEGs every seeded documentation photo points at (a littered and a
    cleaned street, 800 x 600) to the public media storage, unless they are there already.

    The rows are bulk-inserted without files; the pages, the berita acara and the monthly
    report open the files, so they must exist (``bench/report.py --seed`` calls this for its
    temporary media folder too)."""
    from io import BytesIO

    from django.core.files.base import ContentFile
    from PIL import Image, ImageDraw

    from sigoro.storage import public_storage

    storage = public_storage()
    for number, name in enumerate(SHARED_PHOTO_FILES):
        if storage.exists(name):
            continue
        image = Image.new("RGB", (800, 600), (150, 190, 225))
        draw = ImageDraw.Draw(image)
        draw.rectangle([0, 330, 800, 600], fill=(120, 120, 115))  # the road
        draw.rectangle([0, 300, 800, 330], fill=(70, 140, 60))  # the verge
        if number == 0:  # before: litter on the road
            litter = Random(7)
            for _ in range(160):
                x, y = litter.randrange(800), litter.randrange(340, 600)
                colour = (litter.randrange(80, 256), litter.randrange(60, 200), 40)
                draw.ellipse(
                    [x, y, x + litter.randrange(6, 30), y + litter.randrange(4, 18)], colour
                )
        out = BytesIO()
        image.save(out, "JPEG", quality=85)
        storage.save(name, ContentFile(out.getvalue()))


class Seeder:
    def __init__(self, *, seed: int, years: int, scale: float, kota: str, end: datetime.date):
        self.rng = Random(seed)
        self.seed = seed
        self.years = years
        self.scale = scale
        self.kota_name = kota
        self.end = end
        self.start = end - datetime.timedelta(days=round(365.25 * years))
        self.tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        self.w = Writer()
        self.holidays = holidays_between(self.start, end + datetime.timedelta(days=400))
        self.span = years / 5
        self.password = make_password(PASSWORD)  # one hash for every account (slow to make)

    # -- small helpers -----------------------------------------------------------------

    def at(self, day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
        return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.tz)

    def add_working_days(self, start: datetime.date, days: int) -> datetime.date:
        """``sigoro.workdays.add_working_days`` with the holidays read once."""
        day = start
        while days > 0:
            day += DAY
            if is_working_day(day, self.holidays):
                days -= 1
        return day

    def count(self, total: float) -> int:
        return max(1, round(total))

    def weighted(self, weights: dict):
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def person(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    # -- region and people -------------------------------------------------------------

    def region(self) -> None:
        rng, w = self.rng, self.w
        self.kota = Kota.objects.create(nama=self.kota_name, kode="19.71")
        self.kecamatan, self.kelurahan, self.rws, self.rts = [], [], [], []
        self.rts_of_rw: dict[int, list[RT]] = {}
        self.centre: dict[int, tuple[float, float]] = {}
        for k_index, (kec_name, kel_names) in enumerate(KECAMATAN, start=1):
            kec = Kecamatan(
                id=w.new_id(Kecamatan), kota=self.kota, nama=kec_name, kode=f"19.71.0{k_index}"
            )
            w.add(kec)
            self.kecamatan.append(kec)
            for l_index, kel_name in enumerate(kel_names, start=1):
                kel = Kelurahan(
                    id=w.new_id(Kelurahan),
                    kecamatan=kec,
                    nama=kel_name,
                    kode=f"19.71.0{k_index}.100{l_index}",
                )
                w.add(kel)
                self.kelurahan.append(kel)
                base = (
                    CITY_CENTRE[0] + rng.uniform(-0.035, 0.035),
                    CITY_CENTRE[1] + rng.uniform(-0.045, 0.045),
                )
                for rw_no in range(1, self.count(rng.randint(9, 15) * self.scale) + 1):
                    rw = RW(id=w.new_id(RW), kelurahan=kel, nomor=rw_no)
                    w.add(rw)
                    self.rws.append(rw)
                    self.rts_of_rw[rw.id] = []
                    for rt_no in range(1, rng.randint(3, 5) + 1):
                        kk = rng.randint(60, 180)
                        rt = RT(
                            id=w.new_id(RT),
                            rw=rw,
                            kelurahan=kel,
                            nomor=rt_no,
                            jumlah_kk=kk,
                            jumlah_jiwa=round(kk * rng.uniform(3.3, 3.9)),
                            lat=round(base[0] + rng.uniform(-0.006, 0.006), 6),
                            lon=round(base[1] + rng.uniform(-0.006, 0.006), 6),
                        )
                        w.add(rt)
                        self.rts.append(rt)
                        self.rts_of_rw[rw.id].append(rt)
        w.flush()
        self.rts_of_kelurahan: dict[int, list[RT]] = {}
        for rt in self.rts:
            self.rts_of_kelurahan.setdefault(rt.kelurahan_id, []).append(rt)

    def lookups(self) -> None:
        """The office's lists (made by data migrations; made again after a flush)."""
        ensure_default_categories(ProblemCategory)
        ensure_default_activity_types(ActivityType)
        ensure_default_execution_lists(IndikatorHasil, JenisLayanan)
        self.categories = {c.slug: c for c in ProblemCategory.objects.all()}
        self.activities = {a.slug: a for a in ActivityType.objects.all()}
        self.indicators = {i.slug: i for i in IndikatorHasil.objects.all()}
        self.services = list(JenisLayanan.objects.order_by("urutan", "pk"))
        types = {}
        for order, (kode, nama) in enumerate(
            [
                ("instansi-pemerintah", "Instansi pemerintah"),
                ("bumn", "BUMN"),
                ("instansi-vertikal", "Instansi vertikal"),
                ("tni", "TNI"),
                ("polri", "Polri"),
                ("dunia-usaha", "Dunia usaha"),
                ("ormas", "Organisasi kemasyarakatan"),
                ("pendidikan", "Lembaga pendidikan"),
            ],
            start=1,
        ):
            types[kode], _ = StakeholderType.objects.get_or_create(
                kode=kode, defaults={"nama": nama, "urutan": order * 10}
            )
        self.stakeholder_types = types

    def users(self) -> None:
        w = self.w
        password = self.password
        self.lurah: dict[int, User] = {}
        self.camat: dict[int, User] = {}
        self.rt_head: dict[int, User] = {}

        def user(username, role, jabatan, **area) -> User:
            row = User(
                id=w.new_id(User),
                username=username,
                password=password,
                first_name=self.person(),
                role=role,
                jabatan=jabatan,
                **area,
            )
            w.add(row)
            return row

        city_role = next((r for r in Role if "kota" in r.value), None)
        if city_role is not None and any(f.name == "kota" for f in User._meta.fields):
            user("pemantau-kota", city_role, f"Pemantau {self.kota_name}", kota=self.kota)
        for kec in self.kecamatan:
            slug = kec.nama.lower().replace(" ", "")
            user(f"admin-{slug}", Role.ADMIN_KECAMATAN, "Staf Tata Pemerintahan", kecamatan=kec)
            self.camat[kec.id] = user(
                f"camat-{slug}", Role.CAMAT, f"Camat {kec.nama}", kecamatan=kec
            )
        for kel in self.kelurahan:
            slug = kel.nama.lower().replace(" ", "")
            kec_id = kel.kecamatan_id
            self.lurah[kel.id] = user(
                f"lurah-{slug}", Role.LURAH, f"Lurah {kel.nama}", kecamatan_id=kec_id, kelurahan=kel
            )
            rt = self.rts_of_kelurahan[kel.id][0]
            user(
                f"rw-{slug}-1",
                Role.KETUA_RW,
                f"Ketua RW 001 {kel.nama}",
                kecamatan_id=kec_id,
                kelurahan=kel,
                rw_id=rt.rw_id,
            )
            self.rt_head[rt.id] = user(
                f"rt-{slug}-1-1",
                Role.KETUA_RT,
                f"Ketua RT 001 / RW 001 {kel.nama}",
                kecamatan_id=kec_id,
                kelurahan=kel,
                rw_id=rt.rw_id,
                rt=rt,
            )
        w.flush()

    def stakeholders(self) -> None:
        rng, w = self.rng, self.w
        self.stakeholders_of: dict[int, list[Stakeholder]] = {}
        password = self.password
        created = self.at(self.start, 9)
        school = 0
        for kec in self.kecamatan:
            kels = [k for k in self.kelurahan if k.kecamatan_id == kec.id]
            rows = []
            for template, kode in STAKEHOLDERS:
                school += 1
                name = template.format(kec=kec.nama, n=school, m=school + 10)
                local = "SD Negeri" in template
                row = Stakeholder(
                    id=w.new_id(Stakeholder),
                    kecamatan=kec,
                    jenis=self.stakeholder_types[kode],
                    nama=name,
                    alamat=f"Jl. {rng.choice(STREETS)} No. {rng.randint(1, 99)}",
                    kontak_nama=self.person(),
                    seluruh_kecamatan=not local,
                    dibuat=created,
                )
                w.add(row)
                rows.append(row)
                if local:
                    through = Stakeholder.kelurahan_layanan.through
                    w.add(Row(through, stakeholder_id=row.id, kelurahan_id=rng.choice(kels).id))
            self.stakeholders_of[kec.id] = rows
            slug = kec.nama.lower().replace(" ", "")
            contact = User(
                id=w.new_id(User),
                username=f"mitra-{slug}",
                password=password,
                first_name=self.person(),
                role=Role.STAKEHOLDER,
                jabatan=f"Danramil {kec.nama}",
                kecamatan=kec,
            )
            w.add(contact)
            w.flush(User)
            w.flush(Stakeholder)
            w.add(StakeholderContact(user_id=contact.id, stakeholder_id=rows[0].id))
        w.flush()

    # -- plans and their execution ---------------------------------------------------------

    def plans(self) -> None:
        rng = self.rng
        # Per RT: sorted [(date, plan_id, pelaksanaan_id, approved_at, closed_at, title)] of
        # the events held there, for problems resolved at an event.
        self.held_at_rt: dict[int, list[tuple]] = {}
        self.one_offs_of_kelurahan: dict[int, list[tuple[datetime.date, int]]] = {}
        self.photo_files = SHARED_PHOTO_FILES
        series_count = self.count(SERIES_AT_FULL_SCALE * self.scale)
        chosen = rng.sample(self.rws, min(series_count, len(self.rws)))
        chosen.sort(key=lambda rw: rw.id)
        first_friday = self.start + datetime.timedelta(days=(4 - self.start.weekday()) % 7)
        horizon = self.end + datetime.timedelta(weeks=8)
        for rw in chosen:
            offset_weeks = rng.randint(0, max(1, round(52 * self.years * 0.2)))
            mulai = first_friday + datetime.timedelta(weeks=offset_weeks)
            rts = self.rts_of_rw[rw.id]
            rts = rts[: rng.randint(1, min(3, len(rts)))]
            series = self.series(rw, rts, mulai)
            day = mulai
            while day <= horizon:
                if day not in self.holidays:
                    self.plan(
                        kelurahan=rw.kelurahan,
                        rts=rts,
                        day=day,
                        title=f"{series.judul} {day:%d-%m-%Y}",
                        start=datetime.time(7),
                        finish=datetime.time(9),
                        activities=["pembersihan-lingkungan"],
                        series=series,
                        created=max(series.dibuat, self.at(day - datetime.timedelta(weeks=8), 1)),
                        point=series.titik_kumpul,
                    )
                day += datetime.timedelta(weeks=1)
        one_offs = self.count(ONE_OFF_PER_5_YEARS * self.scale * self.span)
        days = (horizon - self.start).days - 14
        for _n in range(one_offs):
            kel = rng.choice(self.kelurahan)
            rw_rts = self.rts_of_rw[rng.choice(self.rts_of_kelurahan[kel.id]).rw_id]
            rts = rng.sample(rw_rts, rng.randint(1, min(2, len(rw_rts))))
            rts.sort(key=lambda rt: rt.id)
            day = self.start + datetime.timedelta(days=14 + rng.randint(0, days))
            if day.weekday() < 5 and rng.random() < 0.8:
                day += datetime.timedelta(days=5 - day.weekday())  # most on a Saturday
            category = self.weighted(CATEGORY_WEIGHTS)
            self.plan(
                kelurahan=kel,
                rts=rts,
                day=day,
                title=f"Kerja bakti {self.categories[category].nama.split(' /')[0].lower()} "
                f"RW {rts[0].rw.nomor:03d}",
                start=datetime.time(rng.choice([7, 8])),
                finish=datetime.time(rng.choice([10, 11])),
                activities=sorted({"pembersihan-lingkungan", CATEGORY_TO_ACTIVITY[category]}),
                series=None,
                created=self.at(day - datetime.timedelta(days=rng.randint(10, 30)), 10),
                point=f"Pos ronda RW {rts[0].rw.nomor:03d}",
            )
        self.w.flush()
        for events in self.held_at_rt.values():
            events.sort()
        for plans in self.one_offs_of_kelurahan.values():
            plans.sort()

    def series(self, rw: RW, rts: list[RT], mulai: datetime.date) -> PlanSeries:
        w = self.w
        lurah = self.lurah[rw.kelurahan_id]
        series = Row(
            PlanSeries,
            id=w.new_id(PlanSeries),
            kelurahan=rw.kelurahan,
            judul=f"Jumat Bersih RW {rw.nomor:03d} {rw.kelurahan.nama}",
            jam_mulai=datetime.time(7),
            jam_selesai=datetime.time(9),
            mulai=mulai,
            titik_kumpul=f"Pos ronda RW {rw.nomor:03d}",
            penanggung_jawab_nama=self.person(),
            target_warga=sum(round(rt.jumlah_kk * 0.25) for rt in rts),
            target_rt_rw=len(rts) + 1,
            target_kelurahan=2,
            dibuat_oleh=lurah,
            dibuat=self.at(mulai - datetime.timedelta(weeks=8), 10),
        )
        series.target_total = sum(getattr(series, name, 0) for name in PlanSeries.TARGET_FIELDS)
        w.add(series)
        for rt in rts:
            w.add(PlanSeries.rts.through(planseries_id=series.id, rt_id=rt.id))
        activity = self.activities["pembersihan-lingkungan"]
        through = PlanSeries.jenis_kegiatan.through
        w.add(Row(through, planseries_id=series.id, activitytype_id=activity.id))
        return series

    def plan(
        self, *, kelurahan, rts, day, title, start, finish, activities, series, created, point
    ):
        rng, w = self.rng, self.w
        created = min(created, self.at(self.end, 7))
        lurah = self.lurah[kelurahan.id]
        camat = self.camat[kelurahan.kecamatan_id]
        plan = Row(
            RencanaAksi,
            id=w.new_id(RencanaAksi),
            judul=title[:150],
            kelurahan=kelurahan,
            tanggal=day,
            jam_mulai=start,
            jam_selesai=finish,
            series=series,
            penanggung_jawab_nama=series.penanggung_jawab_nama if series else self.person(),
            target_warga=sum(round(rt.jumlah_kk * rng.uniform(0.15, 0.35)) for rt in rts),
            target_rt_rw=len(rts) + 1,
            target_kelurahan=rng.randint(1, 3),
            target_stakeholder=rng.randint(0, 4),
            target_tni_polri=rng.randint(0, 2),
            dibuat_oleh=lurah,
            dibuat=created,
        )
        plan.target_total = sum(getattr(plan, name, 0) for name in RencanaAksi.TARGET_FIELDS)
        events = [(created, "", PlanStatus.DRAFT, "", lurah)]
        past = day <= self.end
        roll = rng.random()
        if past:
            if roll < 0.03:
                status = PlanStatus.DRAFT
            elif roll < 0.05:
                status = PlanStatus.DIKEMBALIKAN
            elif roll < 0.08:
                status = PlanStatus.DIBATALKAN
            else:
                status = PlanStatus.DISETUJUI
        else:
            soon = day <= self.end + datetime.timedelta(days=14)
            status = (
                PlanStatus.DISETUJUI
                if soon and roll < 0.6
                else PlanStatus.DIAJUKAN
                if soon and roll < 0.9
                else PlanStatus.DRAFT
            )
        if status != PlanStatus.DRAFT:
            submitted = max(
                created + HOUR, self.at(day - datetime.timedelta(days=rng.randint(5, 9)), 9)
            )
            submitted = min(submitted, self.at(self.end, 8))
            plan.diajukan_pada = submitted
            events.append((submitted, PlanStatus.DRAFT, PlanStatus.DIAJUKAN, "", lurah))
            decided = submitted + datetime.timedelta(hours=rng.randint(2, 48))
            decided = min(decided, self.at(day, 6), self.at(self.end, 16))
            if status == PlanStatus.DIKEMBALIKAN:
                note = "Lengkapi kebutuhan alat."
                events.append((decided, PlanStatus.DIAJUKAN, status, note, camat))
            elif status == PlanStatus.DIBATALKAN:
                note = "Bentrok dengan kegiatan kelurahan."
                events.append((decided, PlanStatus.DIAJUKAN, status, note, lurah))
            elif status == PlanStatus.DISETUJUI:
                plan.disetujui_pada = decided
                events.append((decided, PlanStatus.DIAJUKAN, status, "", camat))
        execution = None
        if status == PlanStatus.DISETUJUI and past:
            execution = self.execution(plan, rts, lurah, point)
            if execution.status == PelaksanaanStatus.DITUTUP:
                plan.status = PlanStatus.TERLAKSANA
                events.append((execution.ditutup_pada, status, PlanStatus.TERLAKSANA, "", lurah))
            elif execution.status == PelaksanaanStatus.TIDAK_TERLAKSANA:
                plan.status = PlanStatus.DIBATALKAN
                note = f"Tidak terlaksana: {execution.alasan_tidak_terlaksana}"
                events.append((execution.ditutup_pada, status, PlanStatus.DIBATALKAN, note, lurah))
            else:
                plan.status = status
        else:
            plan.status = status
        plan.diubah = events[-1][0]
        w.add(plan)
        if execution is not None:
            w.add(execution)
        for when, before, after, note, who in events:
            w.add(
                Row(
                    PlanEvent,
                    plan_id=plan.id,
                    waktu=when,
                    dari_status=before,
                    ke_status=after,
                    catatan=note,
                    oleh=who,
                )
            )
        for rt in rts:
            w.add(Row(PlanLocation, plan_id=plan.id, rt=rt, titik_kumpul=point))
        for slug in activities:
            through = RencanaAksi.jenis_kegiatan.through
            w.add(Row(through, rencanaaksi_id=plan.id, activitytype_id=self.activities[slug].id))
        if series is None and status != PlanStatus.DRAFT:
            self.one_offs_of_kelurahan.setdefault(kelurahan.id, []).append((day, plan.id))
        if execution is not None and execution.status == PelaksanaanStatus.DITUTUP:
            self.execution_rows(plan, execution, rts, lurah)
            entry = (
                execution.tanggal,
                plan.id,
                execution.id,
                plan.disetujui_pada,
                execution.ditutup_pada,
                plan.judul,
            )
            for rt in rts:
                self.held_at_rt.setdefault(rt.id, []).append(entry)

    def execution(self, plan: RencanaAksi, rts, lurah, point) -> Pelaksanaan:
        rng = self.rng
        day = plan.tanggal
        moved = rng.random() < 0.03 and day + DAY <= self.end
        if moved:
            day += DAY
        execution = Row(
            Pelaksanaan,
            id=self.w.new_id(Pelaksanaan),
            plan_id=plan.id,
            tanggal=day,
            jam_mulai=plan.jam_mulai,
            jam_selesai=plan.jam_selesai,
            lokasi=(f"Lapangan RW {rts[0].rw.nomor:03d}" if rng.random() < 0.05 else point)[:200],
            dipimpin_oleh=plan.penanggung_jawab_nama,
            dibuka_oleh=lurah,
            dibuka_pada=self.at(day, 7),
        )
        roll = rng.random()
        if day >= self.end - datetime.timedelta(days=6) and roll < 0.3:
            execution.status = PelaksanaanStatus.DIBUKA  # recent: not closed yet
        elif roll < 0.07:
            execution.status = PelaksanaanStatus.TIDAK_TERLAKSANA
            execution.alasan_tidak_terlaksana = rng.choice(NOT_HELD_REASONS)
            execution.jam_mulai = execution.jam_selesai = None
            execution.ditutup_oleh = lurah
            execution.ditutup_pada = self.at(day, 10)
        else:
            execution.status = PelaksanaanStatus.DITUTUP
            execution.ditutup_oleh = lurah
            closed = day + datetime.timedelta(days=rng.choice([0, 0, 0, 1, 2, 4]))
            execution.ditutup_pada = self.at(min(closed, self.end), 15)
        return execution

    def execution_rows(self, plan, execution: Pelaksanaan, rts, lurah) -> None:
        """Attendance, results, kendala, services, documentation and swadaya of a held event."""
        rng, w = self.rng, self.w
        day = execution.tanggal
        late = rng.random()
        entry_day = day + datetime.timedelta(
            days=0 if late < 0.85 else rng.randint(1, 2) if late < 0.93 else rng.randint(4, 9)
        )
        recorded = self.at(entry_day, 10)
        stakeholders = self.stakeholders_of[plan.kelurahan.kecamatan_id]
        for index, rt in enumerate(rts):
            if index and rng.random() < 0.04:
                continue  # this RT's attendance was never entered
            row = Row(
                Kehadiran,
                id=w.new_id(Kehadiran),
                pelaksanaan_id=execution.id,
                rt=rt,
                hadir_warga=round(rt.jumlah_kk * rng.uniform(0.08, 0.45)),
                hadir_rt_rw=rng.randint(1, 3),
                hadir_kelurahan=rng.randint(0, 3),
                hadir_kecamatan=rng.randint(0, 2) if rng.random() < 0.2 else 0,
                hadir_stakeholder=rng.randint(1, 6) if rng.random() < 0.35 else 0,
                hadir_tni_polri=rng.randint(1, 4) if rng.random() < 0.25 else 0,
                dicatat_oleh=lurah,
                dicatat_pada=recorded,
                diubah_pada=recorded,
            )
            w.add(row)
            if row.hadir_stakeholder:
                through = Kehadiran.stakeholders.through
                for s in rng.sample(stakeholders, 2):
                    w.add(Row(through, kehadiran_id=row.id, stakeholder_id=s.id))
        if rng.random() < 0.92:
            kg = Decimal(rng.randint(2000, 45000)) / 100
            w.add(
                Row(
                    HasilKegiatan,
                    pelaksanaan_id=execution.id,
                    indikator=self.indicators["sampah-terangkut-kg"],
                    jumlah=kg,
                    dicatat_oleh=lurah,
                    dicatat_pada=recorded,
                )
            )
            if rng.random() < 0.3:
                w.add(
                    Row(
                        HasilKegiatan,
                        pelaksanaan_id=execution.id,
                        indikator=self.indicators["drainase-dibersihkan"],
                        jumlah=Decimal(rng.randint(10, 300)),
                        dicatat_oleh=lurah,
                        dicatat_pada=recorded,
                    )
                )
            if rng.random() < 0.1:
                w.add(
                    Row(
                        HasilKegiatan,
                        pelaksanaan_id=execution.id,
                        indikator=self.indicators["sampah-bank-sampah"],
                        jumlah=Decimal(rng.randint(300, 4000)) / 100,
                        jenis_sampah="plastik",
                        dicatat_oleh=lurah,
                        dicatat_pada=recorded,
                    )
                )
        if rng.random() < 0.12:
            kategori, uraian, _weight = rng.choices(KENDALA, weights=[k[2] for k in KENDALA])[0]
            w.add(
                Row(
                    Kendala,
                    pelaksanaan_id=execution.id,
                    kategori=kategori,
                    uraian=uraian,
                    dicatat_oleh=lurah,
                    dicatat_pada=recorded,
                )
            )
        if rng.random() < 0.05:
            w.add(
                Row(
                    LayananLokasi,
                    pelaksanaan_id=execution.id,
                    jenis=rng.choice(self.services),
                    jumlah=rng.randint(5, 40),
                    dicatat_oleh=lurah,
                    dicatat_pada=recorded,
                )
            )
        documented = rng.random()
        if documented < 0.89:
            spot = Row(
                TitikDokumentasi,
                id=w.new_id(TitikDokumentasi),
                pelaksanaan_id=execution.id,
                nama="Titik 1",
                rt=rts[0],
                dibuat_oleh=lurah,
                dibuat_pada=recorded,
            )
            w.add(spot)
            kinds = ["sebelum"] if documented > 0.85 else ["sebelum", "sesudah"]
            for kind, path in zip(kinds, self.photo_files, strict=False):
                photo = Row(
                    Photo,
                    id=w.new_id(Photo),
                    uuid=self.uuid(),
                    thumb=path,
                    web=path,
                    width=800,
                    height=600,
                    source_format="JPEG",
                    sha256=hashlib.sha256(path.encode()).hexdigest(),
                    uploaded_by=lurah,
                    created_at=recorded,
                )
                w.add(photo)
                w.add(
                    Row(
                        FotoDokumentasi,
                        pelaksanaan_id=execution.id,
                        jenis=kind,
                        titik_id=spot.id,
                        foto_id=photo.id,
                        dicatat_oleh=lurah,
                        dicatat_pada=recorded,
                    )
                )
        if rng.random() < 0.25:
            swadaya = Row(
                Swadaya,
                id=w.new_id(Swadaya),
                rt=rts[0],
                kelurahan_id=rts[0].kelurahan_id,
                tanggal=day,
                acara=plan.judul[:150],
                jenis=SwadayaKind.KONSUMSI,
                item="Air minum dan gorengan",
                nilai=rng.randint(3, 12) * 50000,
                sumber=SwadayaSource.WARGA,
                dicatat_oleh=lurah,
                dicatat_pada=recorded,
            )
            w.add(swadaya)
            through = Pelaksanaan.swadaya.through
            w.add(Row(through, pelaksanaan_id=execution.id, swadaya_id=swadaya.id))

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    # -- support requests ----------------------------------------------------------------

    def requests(self) -> None:
        rng, w = self.rng, self.w
        total = self.count(REQUESTS_PER_5_YEARS * self.scale * self.span)
        days = (self.end - self.start).days
        for _n in range(total):
            kel = rng.choice(self.kelurahan)
            kec_id = kel.kecamatan_id
            tanggal = self.start + datetime.timedelta(days=rng.randint(0, days))
            from_kecamatan = rng.random() < 0.2
            request = Row(
                SupportRequest,
                id=w.new_id(SupportRequest),
                kecamatan_id=kec_id,
                kelurahan=None if from_kecamatan else kel,
                perihal=f"Permohonan dukungan kerja bakti {tanggal:%m/%Y}",
                nomor_surat=f"005/{rng.randint(100, 999)}/{tanggal.year}",
                tanggal=tanggal,
                dibutuhkan_tanggal=tanggal + datetime.timedelta(days=14),
                dibuat_oleh=self.lurah[kel.id],
                dibuat=self.at(tanggal, 9),
            )
            w.add(request)
            plans = self.one_offs_of_kelurahan.get(kel.id, [])
            index = bisect_right(plans, (tanggal, 0))
            if not from_kecamatan and index < len(plans) and plans[index][0] <= tanggal + 30 * DAY:
                through = RencanaAksi.support_requests.through
                w.add(Row(through, rencanaaksi_id=plans[index][1], supportrequest_id=request.id))
            items = []
            for kind, name, unit, quantity, price in rng.sample(REQUEST_ITEMS, rng.randint(1, 3)):
                item = Row(
                    RequestItem,
                    id=w.new_id(RequestItem),
                    request_id=request.id,
                    jenis=kind,
                    item=name,
                    jumlah=quantity,
                    satuan=unit,
                )
                w.add(item)
                items.append((item, price))
            for stakeholder in rng.sample(self.stakeholders_of[kec_id], rng.randint(1, 2)):
                self.answer(request, stakeholder, items)

    def answer(self, request: SupportRequest, stakeholder: Stakeholder, items) -> None:
        rng, w = self.rng, self.w
        answered = rng.random() < 0.9 and request.tanggal + 3 * DAY <= self.end
        answered_at = self.at(request.tanggal + 3 * DAY, 11) if answered else None
        recipient = Row(
            RequestRecipient,
            id=w.new_id(RequestRecipient),
            request_id=request.id,
            stakeholder=stakeholder,
            jawaban="Siap mendukung." if answered else "",
            dijawab_pada=answered_at,
        )
        w.add(recipient)
        declined = answered and rng.random() < 0.12
        for item, price in items:
            pledge = Row(Pledge, id=w.new_id(Pledge), recipient_id=recipient.id, item_id=item.id)
            if answered:
                pledge.cara = rng.choice(list(AnswerChannel.values))
                pledge.tanggal_janji = answered_at.date()
                pledge.dijawab_oleh = request.dibuat_oleh
                pledge.jumlah_dijanjikan = 0 if declined else item.jumlah
                pledge.nilai_dijanjikan = pledge.jumlah_dijanjikan * price
            delivered = 0
            if answered and not declined:
                roll = rng.random()
                delivered = item.jumlah if roll < 0.7 else (item.jumlah // 2 if roll < 0.85 else 0)
                delivery_day = request.tanggal + 10 * DAY
                if delivered and delivery_day <= self.end:
                    w.add(
                        Row(
                            Delivery,
                            pledge_id=pledge.id,
                            tanggal=delivery_day,
                            jumlah=delivered,
                            nilai=delivered * price,
                            diterima_oleh=self.person(),
                            dicatat_oleh=request.dibuat_oleh,
                            dicatat_pada=self.at(delivery_day, 14),
                        )
                    )
                else:
                    delivered = 0
            pledge.jumlah_diterima = delivered
            pledge.nilai_diterima = delivered * price
            pledge.status = (
                PledgeStatus.DIMINTA
                if not answered
                else PledgeStatus.DITOLAK
                if declined
                else PledgeStatus.DITERIMA
                if delivered == item.jumlah
                else PledgeStatus.SEBAGIAN
                if delivered
                else PledgeStatus.DIJANJIKAN
            )
            w.add(pledge)

    # -- problems ----------------------------------------------------------------------

    def problems(self) -> None:
        """Pass 1 decides every problem's life as plain tuples; pass 2 writes the rows."""
        rng, w = self.rng, self.w
        total = self.count(PROBLEMS_PER_5_YEARS * self.scale * self.span)
        seconds = (self.end - self.start).days * 86400
        created = sorted(
            self.at(self.start, 0) + datetime.timedelta(seconds=int(seconds * rng.random() ** 0.8))
            for _n in range(total)
        )
        created = [
            self.at(c.date(), max(6, min(21, c.hour))) + datetime.timedelta(minutes=c.minute)
            for c in created
        ]
        end_at = self.at(self.end, 23, 59)
        first_id = w.new_id(Problem)
        codes = set(Problem.objects.values_list("kode", flat=True))
        category_slugs = list(CATEGORY_WEIGHTS)
        category_weights = list(CATEGORY_WEIGHTS.values())
        last_in_rt: dict[int, int] = {}
        extra_reports: dict[int, int] = {}
        plan_problems, resolved_at = [], []
        lives = []
        for index, dibuat in enumerate(created):
            pid = first_id + index
            rt = rng.choice(self.rts)
            slug = rng.choices(category_slugs, weights=category_weights)[0]
            code = CODE_PREFIX + "".join(rng.choices(CODE_ALPHABET, k=CODE_LENGTH))
            while code in codes:
                code = CODE_PREFIX + "".join(rng.choices(CODE_ALPHABET, k=CODE_LENGTH))
            codes.add(code)
            lurah = self.lurah[rt.kelurahan_id]
            steps = [(dibuat, "", Status.DILAPORKAN, "", False)]
            fields = {"duplikat_dari_id": None, "diverifikasi_pada": None, "selesai_pada": None}
            fields["tenggat_verifikasi"] = self.add_working_days(dibuat.date(), 3)
            fields["tenggat_tindak_lanjut"] = None
            verified = dibuat + datetime.timedelta(hours=rng.randint(2, 24 * 8))
            roll = rng.random()
            status = Status.DILAPORKAN
            original = last_in_rt.get(rt.id)
            if verified > end_at:
                pass
            elif roll < 0.06:
                status = Status.DITOLAK
                steps.append(
                    (verified, Status.DILAPORKAN, status, "Bukan wilayah kewenangan.", True)
                )
            elif roll < 0.11 and original is not None:
                status = Status.DUPLIKAT
                fields["duplikat_dari_id"] = original
                extra_reports[original] = extra_reports.get(original, 1) + 1
                steps.append((verified, Status.DILAPORKAN, status, "Laporan ganda.", True))
            else:
                status = Status.DIVERIFIKASI
                fields["diverifikasi_pada"] = verified
                fields["tenggat_tindak_lanjut"] = self.add_working_days(verified.date(), 5)
                steps.append((verified, Status.DILAPORKAN, status, "", False))
                event = None
                if rng.random() < 0.35:
                    events = self.held_at_rt.get(rt.id, [])
                    i = bisect_right(events, (verified.date(),))
                    if i < len(events) and events[i][0] <= verified.date() + 75 * DAY:
                        event = events[i]
                if event is not None:
                    day, plan_id, execution_id, approved, closed, title = event
                    planned = max(verified, approved) + datetime.timedelta(minutes=5)
                    resolved = max(closed, planned + HOUR)
                    if resolved <= end_at:
                        steps.append((planned, Status.DIVERIFIKASI, Status.DIRENCANAKAN, "", False))
                        note = f"Diselesaikan pada gotong royong “{title}” ({day:%d-%m-%Y})."
                        steps.append((resolved, Status.DIRENCANAKAN, Status.SELESAI, note, True))
                        status = Status.SELESAI
                        fields["selesai_pada"] = resolved
                        plan_problems.append((plan_id, pid))
                        resolved_at.append((execution_id, pid))
                    else:
                        event = None
                if event is None and rng.random() < 0.9:
                    delay = datetime.timedelta(hours=24 + rng.expovariate(1 / (24 * 25)))
                    handled = verified + delay * 0.4
                    resolved = verified + delay
                    if rng.random() < 0.5 and handled <= end_at:
                        steps.append((handled, Status.DIVERIFIKASI, Status.DITANGANI, "", False))
                        status = Status.DITANGANI
                    if resolved <= end_at:
                        steps.append((resolved, status, Status.SELESAI, "Sudah dibersihkan.", True))
                        status = Status.SELESAI
                        fields["selesai_pada"] = resolved
            if status in (
                Status.DIVERIFIKASI,
                Status.DIRENCANAKAN,
                Status.DITANGANI,
                Status.SELESAI,
                Status.DILAPORKAN,
            ):
                last_in_rt[rt.id] = pid
            lives.append((pid, rt, slug, code, dibuat, status, fields, steps, lurah))
        links = RencanaAksi.problems.through
        for plan_id, pid in plan_problems:
            w.add(Row(links, rencanaaksi_id=plan_id, problem_id=pid))
        resolved_links = Pelaksanaan.masalah_diselesaikan.through
        for execution_id, pid in resolved_at:
            w.add(Row(resolved_links, pelaksanaan_id=execution_id, problem_id=pid))
        self.write_problems(lives, extra_reports)

    def write_problems(self, lives, extra_reports) -> None:
        rng, w = self.rng, self.w
        for pid, rt, slug, code, dibuat, status, fields, steps, lurah in lives:
            head = self.rt_head.get(rt.id)
            public = head is None and rng.random() < 0.55 or head is not None and rng.random() < 0.3
            gps = rng.random() < 0.7
            problem = Row(
                Problem,
                id=pid,
                kode=code,
                kategori=self.categories[slug],
                rt=rt,
                kelurahan_id=rt.kelurahan_id,
                alamat=f"Gg. {rng.choice(STREETS)} RT {rt.nomor:03d}",
                lat=round(rt.lat + rng.uniform(-0.002, 0.002), 6) if gps else None,
                lon=round(rt.lon + rng.uniform(-0.002, 0.002), 6) if gps else None,
                keparahan=rng.choices([1, 2, 3, 4], weights=[30, 45, 20, 5])[0],
                deskripsi=DESCRIPTIONS[slug],
                status=status,
                sumber=Source.WARGA if public else Source.RT if head else Source.KELURAHAN,
                pelapor=None if public else head or lurah,
                pelapor_nama=self.person() if public else "",
                pelapor_hp=f"08{rng.randint(1100000000, 1399999999)}" if public else "",
                pelapor_kunci_hash=hashlib.sha256(code.encode()).hexdigest() if public else "",
                jumlah_laporan=extra_reports.get(pid, 1),
                dibuat=dibuat,
                **fields,
            )
            if public and status == Status.SELESAI and rng.random() < 0.3:
                problem.penilaian = rng.choices(list(Rating.values), weights=[70, 20, 10])[0]
            w.add(problem)
            for when, before, after, note, shown in steps:
                staff = after != Status.DILAPORKAN or not public
                w.add(
                    Row(
                        ProblemEvent,
                        problem_id=pid,
                        waktu=when,
                        dari_status=before,
                        ke_status=after,
                        catatan=note,
                        oleh=(head or lurah) if staff else None,
                        oleh_pelapor=not staff,
                        publik=shown,
                    )
                )
            if rng.random() < 0.15:
                w.add(
                    Row(
                        ProblemNeed,
                        problem_id=pid,
                        jenis=NeedKind.ALAT,
                        item="Cangkul",
                        jumlah=rng.randint(2, 12),
                        satuan="buah",
                    )
                )

    # -- the whole run -------------------------------------------------------------------

    def run(self, log) -> dict[str, int]:
        steps = [
            ("region", self.region),
            ("lists", self.lookups),
            ("users", self.users),
            ("stakeholders", self.stakeholders),
            ("plans", self.plans),
            ("requests", self.requests),
            ("problems", self.problems),
        ]
        if Kota.objects.filter(nama=self.kota_name).exists():
            raise CommandError(
                f"{self.kota_name} already exists: seed_scale fills an empty database."
            )
        write_shared_photos()
        with foreign_keys_checked_at_the_end():
            with indexes_built_at_the_end(), explicit_timestamps(*TIMESTAMPED):
                for name, step in steps:
                    began = time.monotonic()
                    step()
                    self.w.flush()
                    log(f"  {name}: {time.monotonic() - began:.1f} s")
                began = time.monotonic()
            log(f"  indexes built: {time.monotonic() - began:.1f} s")
            began = time.monotonic()
        log(f"  foreign keys checked: {time.monotonic() - began:.1f} s")
        written = list(self.w.next_ids)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), written):
                cursor.execute(sql)
        return self.w.counts


class Command(BaseCommand):
    help = "Build a city of data for scale tests and benchmarks (deterministic, bulk inserts)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--scale", type=float, default=1.0, help="1.0: the full city")
        parser.add_argument("--kota", default="Kota Pangkal Pinang")
        parser.add_argument(
            "--end", type=datetime.date.fromisoformat, default=datetime.date(2026, 11, 30)
        )

    def handle(self, *args, seed, years, scale, kota, end, **options):
        if not 0 < scale <= 1.0 or years < 1:
            raise CommandError("--scale must be in (0, 1] and --years at least 1.")
        began, cpu = time.monotonic(), time.process_time()
        vendor = connection.vendor
        self.stdout.write(f"seed_scale on {vendor}: seed {seed}, {years} years, scale {scale}")
        seeder = Seeder(seed=seed, years=years, scale=scale, kota=kota, end=end)
        with transaction.atomic():
            counts = seeder.run(self.stdout.write)
        elapsed = time.monotonic() - began
        width = max(map(len, counts)) if counts else 10
        for label, number in sorted(counts.items()):
            self.stdout.write(f"  {label:<{width}} {number:>10,}")
        total = sum(counts.values())
        self.stdout.write(
            f"{total:,} rows in {elapsed:.1f} s ({total / max(elapsed, 1e-9):,.0f}/s; "
            f"{time.process_time() - cpu:.1f} s CPU in this process)"
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh planner statistics for the benchmarks
