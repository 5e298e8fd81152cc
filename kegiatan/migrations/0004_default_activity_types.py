from django.db import migrations

# The activity types of the guideline's stage 3; the office can rename, add or retire them.
DEFAULT_ACTIVITY_TYPES = [
    ("pembersihan-lingkungan", "Pembersihan lingkungan", "stars", 10),
    ("normalisasi-drainase", "Normalisasi drainase", "water", 20),
    ("penataan-fasilitas-umum", "Penataan fasilitas umum", "tools", 30),
    ("pengelolaan-sampah", "Pengelolaan sampah / bank sampah", "recycle", 40),
    ("penghijauan", "Penghijauan", "tree", 50),
    ("lainnya", "Lainnya", "three-dots", 90),
]


def create_activity_types(apps, schema_editor):
    ActivityType = apps.get_model("kegiatan", "ActivityType")
    for slug, nama, ikon, urutan in DEFAULT_ACTIVITY_TYPES:
        ActivityType.objects.get_or_create(
            slug=slug, defaults={"nama": nama, "ikon": ikon, "urutan": urutan}
        )


class Migration(migrations.Migration):
    dependencies = [("kegiatan", "0003_rencana_aksi")]

    operations = [migrations.RunPython(create_activity_types, migrations.RunPython.noop)]
