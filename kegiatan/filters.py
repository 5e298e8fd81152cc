import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kegiatan.models import (
    EXECUTION_HELD_STATUSES,
    ActivityType,
    KategoriKendala,
    PelaksanaanStatus,
    PlanStatus,
    RencanaAksi,
)
from permasalahan.filters import FilterForm
from sigoro import access
from sigoro.forms import EMPTY_CHOICE, narrow_area_fields
from sigoro.models import RT, Kelurahan, Role

WHEN_UPCOMING = "mendatang"
WHEN_PAST = "lalu"
WHEN_ALL = "semua"
WHEN_CHOICES = [
    (WHEN_UPCOMING, _("from today")),
    (WHEN_PAST, _("before today")),
    (WHEN_ALL, _("all dates")),
]
HELD = "terlaksana"
NOT_HELD = "tidak_terlaksana"
HELD_CHOICES = [(HELD, _("held")), (NOT_HELD, _("not held"))]


class PlanFilter(django_filters.FilterSet):
    """The plan list's filters; every choice list is limited to the user's area."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    waktu = django_filters.ChoiceFilter(
        label=_("When"), choices=WHEN_CHOICES, method="filter_when", empty_label=None
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=PlanStatus.choices)
    kelurahan = django_filters.ModelChoiceFilter(
        label=_("Kelurahan"), queryset=Kelurahan.objects.none()
    )
    jenis = django_filters.ModelChoiceFilter(
        label=_("Activity type"),
        field_name="jenis_kegiatan",
        queryset=ActivityType.objects.all(),
    )
    dari = django_filters.DateFilter(
        label=_("From date"),
        field_name="tanggal",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    sampai = django_filters.DateFilter(
        label=_("Until date"),
        field_name="tanggal",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    rt = django_filters.ModelChoiceFilter(
        label=_("RT"), field_name="lokasi__rt", queryset=RT.objects.none(), distinct=True
    )
    pelaksanaan = django_filters.ChoiceFilter(
        label=_("Held"), choices=HELD_CHOICES, method="filter_held", empty_label=EMPTY_CHOICE
    )
    kendala = django_filters.ChoiceFilter(
        label=_("Kendala"),
        field_name="pelaksanaan__kendala__kategori",
        choices=KategoriKendala.choices,
        distinct=True,
        empty_label=EMPTY_CHOICE,
    )
    dilaksanakan_dari = django_filters.DateFilter(
        label=_("Held from"),
        field_name="pelaksanaan__tanggal",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    dilaksanakan_sampai = django_filters.DateFilter(
        label=_("Held until"),
        field_name="pelaksanaan__tanggal",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    rutin = django_filters.BooleanFilter(
        label=_("Only recurring"), method="filter_recurring", widget=forms.CheckboxInput
    )
    usulan_rt = django_filters.BooleanFilter(
        label=_("Only RT heads' proposals"), method="filter_proposals", widget=forms.CheckboxInput
    )

    class Meta:
        model = RencanaAksi
        fields = []
        form = FilterForm

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["kelurahan"].queryset = access.scope_queryset(Kelurahan.objects.all(), user)
        self.filters["jenis"].queryset = ActivityType.objects.filter(aktif=True)
        self.filters["rt"].queryset = access.scope_queryset(
            RT.objects.select_related("rw", "kelurahan"), user
        ).order_by("kelurahan__nama", "rw__nomor", "nomor")
        self.filters["rt"].field.label_from_instance = lambda rt: rt.label
        narrow_area_fields(self.form, user=user)

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(judul__icontains=value) | Q(catatan__icontains=value))

    def filter_when(self, queryset, name, value):
        today = timezone.localdate()
        if value == WHEN_UPCOMING:
            return queryset.filter(tanggal__gte=today)
        if value == WHEN_PAST:
            return queryset.filter(tanggal__lt=today).order_by("-tanggal", "-jam_mulai")
        return queryset

    def filter_held(self, queryset, name, value):
        """Held: an execution not marked "not held" (in progress or closed)."""
        if value == HELD:
            return queryset.filter(pelaksanaan__status__in=EXECUTION_HELD_STATUSES)
        if value == NOT_HELD:
            return queryset.filter(pelaksanaan__status=PelaksanaanStatus.TIDAK_TERLAKSANA)
        return queryset

    def filter_recurring(self, queryset, name, value):
        return queryset.filter(series__isnull=False) if value else queryset

    def filter_proposals(self, queryset, name, value):
        return queryset.filter(dibuat_oleh__role=Role.KETUA_RT) if value else queryset
