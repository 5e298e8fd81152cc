import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kegiatan.models import ActivityType, PlanStatus, RencanaAksi
from permasalahan.filters import FilterForm
from sigoro import access
from sigoro.models import Kelurahan, Role

WHEN_UPCOMING = "mendatang"
WHEN_PAST = "lalu"
WHEN_ALL = "semua"
WHEN_CHOICES = [
    (WHEN_UPCOMING, _("from today")),
    (WHEN_PAST, _("before today")),
    (WHEN_ALL, _("all dates")),
]


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

    def filter_recurring(self, queryset, name, value):
        return queryset.filter(series__isnull=False) if value else queryset

    def filter_proposals(self, queryset, name, value):
        return queryset.filter(dibuat_oleh__role=Role.KETUA_RT) if value else queryset
