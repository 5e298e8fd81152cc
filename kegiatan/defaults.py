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
