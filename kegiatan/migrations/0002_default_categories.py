from django.db import migrations

# The categories of the guideline's stage 1; the office can rename, add or retire them.
DEFAULT_CATEGORIES = [
    ("sampah", "Sampah / TPS liar", "trash3", 10),
    ("drainase", "Drainase / got tersumbat", "water", 20),
    ("fasilitas-umum", "Fasilitas umum rusak", "tools", 30),
    ("penghijauan", "Penghijauan", "tree", 40),
    ("genangan", "Genangan / banjir", "cloud-rain-heavy", 50),
    ("lainnya", "Lainnya", "three-dots", 90),
]


def create_categories(apps, schema_editor):
    ProblemCategory = apps.get_model("kegiatan", "ProblemCategory")
    for slug, nama, ikon, urutan in DEFAULT_CATEGORIES:
        ProblemCategory.objects.get_or_create(
            slug=slug, defaults={"nama": nama, "ikon": ikon, "urutan": urutan}
        )


class Migration(migrations.Migration):
    dependencies = [("kegiatan", "0001_initial")]

    operations = [migrations.RunPython(create_categories, migrations.RunPython.noop)]
