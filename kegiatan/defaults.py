"""Starting data that the office can edit later (used by a data migration, the demo, tests)."""

# The activity types of the guideline's stage 3: (slug, name, Bootstrap icon, order).
DEFAULT_ACTIVITY_TYPES = [
    ("pembersihan-lingkungan", "Pembersihan lingkungan", "stars", 10),
    ("normalisasi-drainase", "Normalisasi drainase", "water", 20),
    ("penataan-fasilitas-umum", "Penataan fasilitas umum", "tools", 30),
    ("pengelolaan-sampah", "Pengelolaan sampah / bank sampah", "recycle", 40),
    ("penghijauan", "Penghijauan", "tree", 50),
    ("lainnya", "Lainnya", "three-dots", 90),
]


def ensure_default_activity_types(ActivityType) -> None:
    """Create the default activity types that are missing (idempotent, never overwrites)."""
    for slug, nama, ikon, urutan in DEFAULT_ACTIVITY_TYPES:
        ActivityType.objects.get_or_create(
            slug=slug, defaults={"nama": nama, "ikon": ikon, "urutan": urutan}
        )


# Stage 4 result indicators: (slug, name, unit, asks for the waste type, order).
DEFAULT_RESULT_INDICATORS = [
    ("sampah-terangkut-kg", "Sampah terangkut", "kg", False, 10),
    ("sampah-terangkut-m3", "Sampah terangkut (volume)", "m3", False, 20),
    ("drainase-dibersihkan", "Drainase dibersihkan", "m", False, 30),
    ("pohon-ditanam", "Pohon ditanam", "batang", False, 40),
    ("fasilitas-diperbaiki", "Fasilitas diperbaiki", "unit", False, 50),
    ("sampah-bank-sampah", "Sampah terpilah ke bank sampah", "kg", True, 60),
]

# Stage 4 on-site public services (Layanan di lokasi, seed 001): (slug, name, order).
DEFAULT_SERVICE_TYPES = [
    ("konsultasi-ktp-kk", "Konsultasi KTP/KK", 10),
    ("cek-kesehatan", "Cek kesehatan", 20),
    ("konsultasi-bansos", "Konsultasi bantuan sosial", 30),
    ("lainnya", "Lainnya", 90),
]


def ensure_default_execution_lists(IndikatorHasil, JenisLayanan) -> None:
    """Create the default result indicators and service types that are missing."""
    for slug, nama, satuan, perlu_jenis_sampah, urutan in DEFAULT_RESULT_INDICATORS:
        IndikatorHasil.objects.get_or_create(
            slug=slug,
            defaults={
                "nama": nama,
                "satuan": satuan,
                "perlu_jenis_sampah": perlu_jenis_sampah,
                "urutan": urutan,
            },
        )
    for slug, nama, urutan in DEFAULT_SERVICE_TYPES:
        JenisLayanan.objects.get_or_create(slug=slug, defaults={"nama": nama, "urutan": urutan})
