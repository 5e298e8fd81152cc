from django.db import migrations

from kegiatan.defaults import ensure_default_execution_lists


def create_lists(apps, schema_editor):
    ensure_default_execution_lists(
        apps.get_model("kegiatan", "IndikatorHasil"), apps.get_model("kegiatan", "JenisLayanan")
    )


class Migration(migrations.Migration):
    dependencies = [("kegiatan", "0003_execution_day")]

    operations = [migrations.RunPython(create_lists, migrations.RunPython.noop)]
