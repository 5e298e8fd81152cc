from django.db import migrations

from kegiatan.defaults import ensure_default_activity_types


def create_activity_types(apps, schema_editor):
    ensure_default_activity_types(apps.get_model("kegiatan", "ActivityType"))


class Migration(migrations.Migration):
    dependencies = [("kegiatan", "0001_initial")]

    operations = [migrations.RunPython(create_activity_types, migrations.RunPython.noop)]
