"""Create the database cache's table (rate-limit counters shared by all workers).

Every `migrate` (make setup, the demo, the test database) then has it. It runs
`createcachetable`, which creates the table of each configured database cache that is
missing and does nothing for other caches (redis://): with another CACHE_URL now and the
database cache later, run `manage.py createcachetable` once.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [
        ("sigoro", "0002_auth_events_and_session_token"),
    ]

    operations = [
        migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=False),
    ]
