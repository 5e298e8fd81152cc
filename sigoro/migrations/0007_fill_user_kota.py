"""Give existing accounts the city of their kecamatan (``User.fill_area_ancestors`` does it
for new and edited ones)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill_kota(apps, schema_editor):
    User = apps.get_model("sigoro", "User")
    Kecamatan = apps.get_model("sigoro", "Kecamatan")
    kota_of_kecamatan = Kecamatan.objects.filter(pk=OuterRef("kecamatan_id")).values("kota_id")
    User.objects.filter(kecamatan__isnull=False).update(kota=Subquery(kota_of_kecamatan[:1]))


class Migration(migrations.Migration):
    dependencies = [
        ("sigoro", "0006_user_kota_and_city_monitor_role"),
    ]

    operations = [
        migrations.RunPython(fill_kota, migrations.RunPython.noop),
    ]
