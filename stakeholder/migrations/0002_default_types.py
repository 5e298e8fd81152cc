"""The eight stakeholder types of BAB V of the SIGORO guideline, as editable data."""

from django.db import migrations

TYPES = [
    ("instansi-pemerintah", "Instansi pemerintah", 10),
    ("bumn", "BUMN", 20),
    ("instansi-vertikal", "Instansi vertikal", 30),
    ("tni", "TNI", 40),
    ("polri", "Polri", 50),
    ("dunia-usaha", "Dunia usaha", 60),
    ("ormas", "Organisasi kemasyarakatan", 70),
    ("pendidikan", "Lembaga pendidikan", 80),
]


def add_types(apps, schema_editor):
    StakeholderType = apps.get_model("stakeholder", "StakeholderType")
    for kode, nama, urutan in TYPES:
        StakeholderType.objects.get_or_create(kode=kode, defaults={"nama": nama, "urutan": urutan})


def remove_types(apps, schema_editor):
    StakeholderType = apps.get_model("stakeholder", "StakeholderType")
    StakeholderType.objects.filter(
        kode__in=[kode for kode, _, _ in TYPES], stakeholders__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("stakeholder", "0001_initial")]

    operations = [migrations.RunPython(add_types, remove_types)]
