import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from permasalahan.forms import LongSelect
from permasalahan.models import OPEN_STATUSES, Problem, ProblemCategory, Severity, Status
from permasalahan.selectors import overdue_condition
from sigoro import access
from sigoro.forms import EMPTY_CHOICE, BootstrapFormMixin, narrow_area_fields
from sigoro.models import RT, RW, Kelurahan

AGE_CHOICES = [
    ("7", _("older than 7 days")),
    ("30", _("older than 30 days")),
    ("90", _("older than 90 days")),
]
OPEN_CHOICE = "terbuka"


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day`` in the current time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class FilterForm(BootstrapFormMixin, forms.Form):
    pass


class ProblemFilter(django_filters.FilterSet):
    """The staff list's filters; every choice list is limited to the user's area."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    kelurahan = django_filters.ModelChoiceFilter(
        label=_("Kelurahan"), queryset=Kelurahan.objects.none()
    )
    rw = django_filters.ModelChoiceFilter(
        label=_("RW"), field_name="rt__rw", queryset=RW.objects.none()
    )
    rt = django_filters.ModelChoiceFilter(
        label=_("RT"), queryset=RT.objects.none(), widget=LongSelect
    )
    kategori = django_filters.ModelChoiceFilter(
        label=_("Category"), queryset=ProblemCategory.objects.all()
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(OPEN_CHOICE, _("all open")), *Status.choices],
        method="filter_status",
    )
    keparahan = django_filters.ChoiceFilter(
        label=_("Severity"), choices=Severity.choices, empty_label=EMPTY_CHOICE
    )
    umur = django_filters.ChoiceFilter(
        label=_("Age"), choices=AGE_CHOICES, method="filter_age", empty_label=EMPTY_CHOICE
    )
    terlambat = django_filters.BooleanFilter(
        label=_("Only overdue"),
        method="filter_overdue",
        widget=forms.CheckboxInput,
    )
    dari = django_filters.DateFilter(
        label=_("Reported from"),
        field_name="dibuat",
        method="filter_day_from",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    sampai = django_filters.DateFilter(
        label=_("Reported until"),
        field_name="dibuat",
        method="filter_day_until",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    selesai_dari = django_filters.DateFilter(
        label=_("Resolved from"),
        field_name="selesai_pada",
        method="filter_day_from",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    selesai_sampai = django_filters.DateFilter(
        label=_("Resolved until"),
        field_name="selesai_pada",
        method="filter_day_until",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    # The SIGORO index links here: the problems whose follow-up deadline fell in a period.
    tenggat_dari = django_filters.DateFilter(
        label=_("Follow-up due from"),
        field_name="tenggat_tindak_lanjut",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    tenggat_sampai = django_filters.DateFilter(
        label=_("Follow-up due until"),
        field_name="tenggat_tindak_lanjut",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Problem
        fields = []
        form = FilterForm

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        filters = self.filters
        filters["kelurahan"].queryset = access.scope_queryset(Kelurahan.objects.all(), user)
        filters["rw"].queryset = access.scope_queryset(RW.objects.select_related("kelurahan"), user)
        filters["rt"].queryset = access.scope_queryset(
            RT.objects.select_related("rw", "kelurahan"), user
        )
        filters["rw"].field.label_from_instance = lambda rw: rw.label
        filters["rt"].field.label_from_instance = lambda rt: rt.label
        filters["kategori"].queryset = ProblemCategory.objects.filter(aktif=True)
        narrow_area_fields(self.form, user=user, rw="rw")

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(kode__icontains=value) | Q(alamat__icontains=value) | Q(deskripsi__icontains=value)
        )

    # A day in the local time zone as a range of instants, so the index on the timestamp
    # serves it (``__date__gte`` casts every row's timestamp to a date first).
    def filter_day_from(self, queryset, name, value):
        return queryset.filter(**{f"{name}__gte": start_of_day(value)})

    def filter_day_until(self, queryset, name, value):
        return queryset.filter(**{f"{name}__lt": start_of_day(value + datetime.timedelta(days=1))})

    def filter_status(self, queryset, name, value):
        if value == OPEN_CHOICE:
            return queryset.filter(status__in=OPEN_STATUSES)
        return queryset.filter(status=value)

    def filter_age(self, queryset, name, value):
        cutoff = timezone.now() - datetime.timedelta(days=int(value))
        return queryset.filter(dibuat__lt=cutoff, status__in=OPEN_STATUSES)

    def filter_overdue(self, queryset, name, value):
        if value:
            return queryset.filter(overdue_condition(timezone.localdate()))
        return queryset
