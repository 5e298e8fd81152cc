"""Starting data that the office can edit later (used by data migrations and the demo)."""

# The categories of the guideline's stage 1: (slug, name, Bootstrap icon, order).
DEFAULT_CATEGORIES = [
    ("sampah", "Sampah / TPS liar", "trash3", 10),
    ("drainase", "Drainase / got tersumbat", "water", 20),
    ("fasilitas-umum", "Fasilitas umum rusak", "tools", 30),
    ("penghijauan", "Penghijauan", "tree", 40),
    ("genangan", "Genangan / banjir", "cloud-rain-heavy", 50),
    ("lainnya", "Lainnya", "three-dots", 90),
]


def ensure_default_categories(ProblemCategory) -> None:
    """Create the default categories that are missing (idempotent, never overwrites)."""
    for slug, nama, ikon, urutan in DEFAULT_CATEGORIES:
        ProblemCategory.objects.get_or_create(
            slug=slug, defaults={"nama": nama, "ikon": ikon, "urutan": urutan}
        )
