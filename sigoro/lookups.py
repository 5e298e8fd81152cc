"""Database lookups that keep hostile ids from reaching the database driver.

Django leaves out of range integers out of ``exact``, ``gt`` and the other comparisons
(an id of 99999999999999999999999 simply matches nothing) but not out of ``in``: SQLite
then raises ``OverflowError`` and PostgreSQL compares a numeric. A multi-select (every
``ModelMultipleChoiceField``, django-filter's multiple choice filters) looks its ids up
with ``pk__in``, so one such id in a POST body was a 500. Registered once for every
integer column (ids included), the same rule holds for every form and selector: an id the
column cannot hold is not one of the choices, and the form says so in its own words.
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    """``in`` on an integer column: values the column cannot hold match nothing."""

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)
