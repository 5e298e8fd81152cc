"""Demo data: Kecamatan Pangkalbalam, Kota Pangkal Pinang, with one account per role.

Idempotent: every row is looked up by its natural key first and only created when missing,
so a second run writes nothing (not even history rows). Later stages add their own
``load_*`` functions and call them from ``load_demo``.
"""

import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from sigoro.models import RT, RW, Kecamatan, Kelurahan, Kota, Role, User

DEMO_PASSWORD = "sigoro-demo"

# (kelurahan, number of RW, RT per RW). Roughly the size of the real kelurahan: about
# 110 RT and 13,000 households in the kecamatan.
KELURAHAN = [
    ("Ampui", [4, 3, 4, 3]),
    ("Ketapang", [4, 4, 3, 4, 4, 3, 4, 4]),
    ("Lontong Pancur", [4, 3, 4, 4, 3]),
    ("Pasir Garam", [4, 4, 3, 4, 3, 4]),
    ("Rejosari", [4, 4, 4, 3, 4, 3, 4]),
]
# RT whose household counts the office has not entered yet (shows up as a to-do).
RT_WITHOUT_COUNTS = {("Ketapang", 7, 3), ("Pasir Garam", 6, 4), ("Rejosari", 7, 4)}


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    first_name: str
    last_name: str
    jabatan: str
    phone: str
    # ("kota",) | ("kecamatan",) | ("kelurahan", name) | ("rw", kel, rw) | ("rt", kel, rw, rt)
    area: tuple


DEMO_USERS = [
    DemoUser(
        "admin",
        Role.ADMIN_KECAMATAN,
        "Rina",
        "Marlina",
        "Staf Tata Pemerintahan",
        "6281271000001",
        ("kecamatan",),
    ),
    DemoUser(
        "camat", Role.CAMAT, "Purnamawan", "", "Camat Pangkalbalam", "6281271000002", ("kecamatan",)
    ),
    DemoUser(
        "lurah",
        Role.LURAH,
        "Hendra",
        "Saputra",
        "Lurah Ampui",
        "6281271000003",
        ("kelurahan", "Ampui"),
    ),
    DemoUser(
        "ketuarw",
        Role.KETUA_RW,
        "Sulaiman",
        "",
        "Ketua RW 002 Ampui",
        "6281271000004",
        ("rw", "Ampui", 2),
    ),
    DemoUser(
        "ketuart",
        Role.KETUA_RT,
        "Siti",
        "Aminah",
        "Ketua RT 003 / RW 002 Ampui",
        "6281271000005",
        ("rt", "Ampui", 2, 3),
    ),
    DemoUser(
        "mitra",
        Role.STAKEHOLDER,
        "Agus",
        "Wibowo",
        "Danramil Pangkalbalam",
        "6281271000006",
        ("kecamatan",),
    ),
    DemoUser(
        "pemantau",
        Role.PEMANTAU_KOTA,
        "Dewi",
        "Lestari",
        "Bappeda Kota Pangkal Pinang",
        "6281271000007",
        ("kota",),
    ),
]


def rt_counts(kelurahan: str, rw: int, rt: int) -> tuple[int, int]:
    """Return a stable, plausible (households, residents) pair for one RT."""
    if (kelurahan, rw, rt) in RT_WITHOUT_COUNTS:
        return 0, 0
    rng = random.Random(f"{kelurahan}-{rw}-{rt}")
    households = rng.randint(70, 175)
    return households, round(households * rng.uniform(3.3, 3.9))


@transaction.atomic
def load_region() -> Kecamatan:
    kota, _ = Kota.objects.get_or_create(nama="Kota Pangkal Pinang", defaults={"kode": "19.71"})
    kecamatan, _ = Kecamatan.objects.get_or_create(
        kota=kota, nama="Pangkalbalam", defaults={"kode": "19.71.04"}
    )
    for index, (name, rt_per_rw) in enumerate(KELURAHAN, start=1):
        kelurahan, _ = Kelurahan.objects.get_or_create(
            kecamatan=kecamatan, nama=name, defaults={"kode": f"19.71.04.100{index}"}
        )
        for rw_number, rt_total in enumerate(rt_per_rw, start=1):
            rw, _ = RW.objects.get_or_create(kelurahan=kelurahan, nomor=rw_number)
            existing = set(rw.rt_set.values_list("nomor", flat=True))
            for rt_number in range(1, rt_total + 1):
                if rt_number in existing:
                    continue
                kk, jiwa = rt_counts(name, rw_number, rt_number)
                RT.objects.create(
                    rw=rw, kelurahan=kelurahan, nomor=rt_number, jumlah_kk=kk, jumlah_jiwa=jiwa
                )
    return kecamatan


def _area_kwargs(kecamatan: Kecamatan, area: tuple) -> dict:
    level, *path = area
    if level == "kota":
        return {"kota": kecamatan.kota}
    if level == "kecamatan":
        return {"kecamatan": kecamatan}
    kelurahan = Kelurahan.objects.get(kecamatan=kecamatan, nama=path[0])
    if level == "kelurahan":
        return {"kelurahan": kelurahan}
    rw = RW.objects.get(kelurahan=kelurahan, nomor=path[1])
    if level == "rw":
        return {"rw": rw}
    return {"rt": RT.objects.get(rw=rw, nomor=path[2])}


@transaction.atomic
def load_users(kecamatan: Kecamatan) -> list[DemoUser]:
    # One hash for the shared demo password: hashing costs about half a second each.
    password = None
    for demo in DEMO_USERS:
        if User.objects.filter(username=demo.username).exists():
            continue
        user = User(
            username=demo.username,
            first_name=demo.first_name,
            last_name=demo.last_name,
            jabatan=demo.jabatan,
            phone=demo.phone,
            role=demo.role,
            **_area_kwargs(kecamatan, demo.area),
        )
        password = password or make_password(DEMO_PASSWORD)
        user.password = password
        user.full_clean()
        user.save()
    return DEMO_USERS


def load_demo() -> tuple[Kecamatan, list[DemoUser]]:
    kecamatan = load_region()
    return kecamatan, load_users(kecamatan)
