from django.db import migrations

from permasalahan.defaults import ensure_default_categories


def create_categories(apps, schema_editor):
    ensure_default_categories(apps.get_model("permasalahan", "ProblemCategory"))


class Migration(migrations.Migration):
    dependencies = [("permasalahan", "0001_initial")]

    operations = [migrations.RunPython(create_categories, migrations.RunPython.noop)]
