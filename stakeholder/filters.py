"""List filters of stage 2; every choice list is limited to the user's area."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from sigoro.forms import BootstrapFormMixin, narrow_area_fields
from sigoro.models import RT, Kelurahan
from stakeholder import selectors
from stakeholder.models import (
    PledgeStatus,
    RequestRecipient,
    Stakeholder,
    StakeholderType,
    SupportRequest,
    Swadaya,
    SwadayaKind,
    SwadayaSource,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"})


class FilterForm(BootstrapFormMixin, forms.Form):
    pass


class StakeholderFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    jenis = django_filters.ModelChoiceFilter(
        label=_("Type"), queryset=StakeholderType.objects.all()
    )
    kelurahan = django_filters.ModelChoiceFilter(
        label=_("Serves kelurahan"), queryset=Kelurahan.objects.none(), method="filter_kelurahan"
    )
    aktif = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("1", _("active")), ("0", _("inactive"))],
        method="filter_active",
    )

    class Meta:
        model = Stakeholder
        fields = []
        form = FilterForm

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["kelurahan"].queryset = selectors.kelurahan_choices(user=user).order_by("nama")

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(nama__icontains=value)
            | Q(kontak_nama__icontains=value)
            | Q(alamat__icontains=value)
            | Q(email__icontains=value)
        )

    def filter_kelurahan(self, queryset, name, value):
        return queryset.filter(Stakeholder.area_lookups["kelurahan"](value.pk))

    def filter_active(self, queryset, name, value):
        return queryset.filter(aktif=value == "1")


class RequestFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[
            ("diminta", _("waiting for an answer")),
            ("menunggu", _("waiting for delivery")),
            ("selesai", _("nothing open")),
        ],
        method="filter_status",
    )
    kelurahan = django_filters.ModelChoiceFilter(
        label=_("From kelurahan"), queryset=Kelurahan.objects.none()
    )
    stakeholder = django_filters.ModelChoiceFilter(
        label=_("Stakeholder"), queryset=Stakeholder.objects.none(), method="filter_stakeholder"
    )
    dari = django_filters.DateFilter(
        label=_("Letter date from"), field_name="tanggal", lookup_expr="gte", widget=DATE_WIDGET
    )
    sampai = django_filters.DateFilter(
        label=_("Letter date until"), field_name="tanggal", lookup_expr="lte", widget=DATE_WIDGET
    )

    class Meta:
        model = SupportRequest
        fields = []
        form = FilterForm

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        kelurahan = selectors.kelurahan_choices(user=user).order_by("nama")
        stakeholders = selectors.stakeholder_list(user=user)
        self.filters["kelurahan"].queryset = kelurahan
        self.filters["stakeholder"].queryset = stakeholders
        # A filter with a single possible answer (a lurah's own kelurahan, a stakeholder
        # contact's own organisation) is left out.
        if len(kelurahan) < 2:
            del self.filters["kelurahan"]
        if stakeholders.count() < 2:
            del self.filters["stakeholder"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(perihal__icontains=value) | Q(nomor_surat__icontains=value))

    def filter_stakeholder(self, queryset, name, value):
        return queryset.filter(
            Exists(RequestRecipient.objects.filter(request=OuterRef("pk"), stakeholder=value))
        )

    def filter_status(self, queryset, name, value):
        waiting = selectors.open_pledges_exist(
            user=self.user, statuses=selectors.WAITING_FOR_DELIVERY
        )
        asked = selectors.open_pledges_exist(user=self.user, statuses=[PledgeStatus.DIMINTA])
        if value == "diminta":
            return queryset.filter(asked)
        if value == "menunggu":
            return queryset.filter(waiting)
        return queryset.exclude(asked).exclude(waiting)


class SwadayaFilter(django_filters.FilterSet):
    kelurahan = django_filters.ModelChoiceFilter(
        label=_("Kelurahan"), queryset=Kelurahan.objects.none()
    )
    rt = django_filters.ModelChoiceFilter(label=_("RT"), queryset=RT.objects.none())
    jenis = django_filters.ChoiceFilter(label=_("Kind"), choices=SwadayaKind.choices)
    sumber = django_filters.ChoiceFilter(label=_("From"), choices=SwadayaSource.choices)
    dari = django_filters.DateFilter(
        label=_("From date"), field_name="tanggal", lookup_expr="gte", widget=DATE_WIDGET
    )
    sampai = django_filters.DateFilter(
        label=_("Until date"), field_name="tanggal", lookup_expr="lte", widget=DATE_WIDGET
    )

    class Meta:
        model = Swadaya
        fields = []
        form = FilterForm

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        kelurahan = selectors.kelurahan_choices(user=user).order_by("nama")
        rts = selectors.rt_choices(user=user)
        self.filters["kelurahan"].queryset = kelurahan
        self.filters["rt"].queryset = rts
        self.filters["rt"].field.label_from_instance = lambda rt: rt.label
        if len(kelurahan) < 2:
            del self.filters["kelurahan"]
        if rts.count() < 2:
            del self.filters["rt"]
        narrow_area_fields(self.form, user=user)
