"""Forms of stage 3: validation and cleaning only (the services write)."""

import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kegiatan import selectors, services
from kegiatan.models import (
    ActivityType,
    IndikatorHasil,
    JenisFotoDokumentasi,
    JenisLayanan,
    JenisSampah,
    KategoriKendala,
    Kehadiran,
    ParticipantTargets,
    Recurrence,
    TitikDokumentasi,
    Weekday,
    WeekOfMonth,
)
from kegiatan.services import LocationRow, PlanData, SeriesData
from permasalahan.forms import (
    KeptPhotosMixin,
    NeedForm,
    PhotoListField,
    RTChoiceField,
    rt_grouped_choices,
)
from permasalahan.models import Problem, ProblemCategory, Severity
from permasalahan.selectors import categories as problem_categories
from permasalahan.services import NeedRow
from sigoro import access
from sigoro.forms import (
    BootstrapFormMixin,
    clean_phone_input,
    give_idempotency_key,
    idempotency_key_field,
)
from sigoro.models import RT, Kelurahan, User
from sigoro.phone import format_phone
from stakeholder.forms import IdempotentFormMixin, SwadayaForm
from stakeholder.models import Stakeholder

TARGET_LABELS = {
    "target_warga": _("Residents"),
    "target_rt_rw": _("RT/RW officials"),
    "target_kelurahan": _("Kelurahan staff"),
    "target_kecamatan": _("Kecamatan staff"),
    "target_stakeholder": _("Stakeholders"),
    "target_tni_polri": _("TNI/Polri"),
}


def _target_field(label):
    return forms.IntegerField(
        label=capfirst(label),
        min_value=0,
        max_value=100_000,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "placeholder": "0"}),
    )


class CrispyChoicesMixin:
    """Radio and checkbox groups take their classes from crispy: drop the ones
    ``BootstrapFormMixin`` puts on the widget (each option would get a second class=)."""

    def _drop_choice_classes(self):
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                field.widget.attrs.pop("class", None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._drop_choice_classes()

    def full_clean(self):
        super().full_clean()
        self._drop_choice_classes()


class TargetFieldsMixin(forms.Form):
    """Target participants per element, and an optional total (the sum when left empty)."""

    target_warga = _target_field(TARGET_LABELS["target_warga"])
    target_rt_rw = _target_field(TARGET_LABELS["target_rt_rw"])
    target_kelurahan = _target_field(TARGET_LABELS["target_kelurahan"])
    target_kecamatan = _target_field(TARGET_LABELS["target_kecamatan"])
    target_stakeholder = _target_field(TARGET_LABELS["target_stakeholder"])
    target_tni_polri = _target_field(TARGET_LABELS["target_tni_polri"])
    target_total = forms.IntegerField(
        label=_("Total participants"),
        min_value=0,
        max_value=1_000_000,
        required=False,
        help_text=_("Leave empty to take the sum of the elements."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def targets(self) -> dict[str, int]:
        names = [*ParticipantTargets.TARGET_FIELDS, "target_total"]
        return {name: self.cleaned_data.get(name) or 0 for name in names}

    def clean(self):
        cleaned = super().clean()
        _ask(self, services.participant_targets, self.targets())
        return cleaned

    def target_fields(self):
        return [self[name] for name in ParticipantTargets.TARGET_FIELDS]


class PersonInChargeMixin(forms.Form):
    penanggung_jawab_nama = forms.CharField(
        label=_("Person in charge"), max_length=100, required=False
    )
    penanggung_jawab_hp = forms.CharField(
        label=_("Phone of the person in charge"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )

    def clean_penanggung_jawab_hp(self):
        return clean_phone_input(self.cleaned_data.get("penanggung_jawab_hp"))


def _time_input():
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProblemChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, problem):
        return f"{problem.kode} · {problem.kategori} · {problem.rt} · {problem.alamat}"


class StakeholderChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, stakeholder):
        return f"{stakeholder.nama} · {stakeholder.jenis}"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return f"{user} · {user.get_role_display()} · {user.area}"


def _ask(form, check, *args, **kwargs) -> None:
    """Run one of the service's checks on what was typed; put its errors on the form."""
    try:
        check(*args, **kwargs)
    except forms.ValidationError as error:
        form.add_error(None, error)


class PlanForm(
    CrispyChoicesMixin, BootstrapFormMixin, TargetFieldsMixin, PersonInChargeMixin, forms.Form
):
    """The Rencana Aksi itself; its locations and needs are two formsets beside it."""

    judul = forms.CharField(
        label=_("Title"),
        max_length=150,
        help_text=_("E.g. Kerja bakti normalisasi drainase Gg. Melati."),
    )
    tanggal = forms.DateField(label=_("Date"), widget=_date_input())
    jam_mulai = forms.TimeField(label=_("Start time"), widget=_time_input())
    jam_selesai = forms.TimeField(label=_("End time"), widget=_time_input())
    jenis_kegiatan = forms.ModelMultipleChoiceField(
        label=_("Activity types"),
        queryset=ActivityType.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one activity type.")},
    )
    problems = ProblemChoiceField(
        label=_("Problems addressed"),
        queryset=Problem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Verified, open problems of your area. A new report must be verified first."),
    )
    stakeholders = StakeholderChoiceField(
        label=_("Stakeholders invited"),
        queryset=Stakeholder.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Organisations serving this kelurahan; they see the plan in SIGORO."),
    )
    penanggung_jawab = PersonChoiceField(
        label=_("Person in charge (account)"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Optional: the name and phone below are then taken from the account."),
    )
    catatan = forms.CharField(
        label=_("Notes"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    idempotency_key = idempotency_key_field()

    def __init__(self, *args, user, **kwargs):
        from kegiatan import selectors

        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["jenis_kegiatan"].queryset = selectors.activity_types()
        self.fields["problems"].queryset = selectors.problem_choices(user=user)
        self.fields["penanggung_jawab"].queryset = selectors.person_in_charge_choices(user=user)
        self.fields["stakeholders"].queryset = selectors.stakeholder_choices(user=user)
        give_idempotency_key(self)

    def clean(self):
        cleaned = super().clean()
        _ask(
            self,
            services.check_times,
            jam_mulai=cleaned.get("jam_mulai"),
            jam_selesai=cleaned.get("jam_selesai"),
        )
        return cleaned

    def to_data(self, *, locations, needs) -> PlanData:
        c = self.cleaned_data
        return PlanData(
            judul=c["judul"],
            tanggal=c["tanggal"],
            jam_mulai=c["jam_mulai"],
            jam_selesai=c["jam_selesai"],
            lokasi=locations,
            jenis_kegiatan=list(c["jenis_kegiatan"]),
            problems=list(c["problems"]),
            needs=needs,
            targets=self.targets(),
            penanggung_jawab=c["penanggung_jawab"],
            penanggung_jawab_nama=c["penanggung_jawab_nama"],
            penanggung_jawab_hp=c["penanggung_jawab_hp"],
            catatan=c["catatan"],
            stakeholders=list(c["stakeholders"]),
        )


class LenientFormSet(forms.BaseFormSet):
    """A formset whose rows beyond ``min_num`` may be left blank (they are then ignored),
    even rows that started filled in (clearing a row removes it)."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.empty_permitted = i >= self.min_num
        form.use_required_attribute = False
        return form

    def rows(self) -> list[dict]:
        return [f.cleaned_data for f in self.forms if f.cleaned_data]


class LocationForm(BootstrapFormMixin, forms.Form):
    """One location row. A row after the first is optional (no required mark), but once
    anything is typed in it, it needs its RT."""

    rt = RTChoiceField(label=_("RT"), queryset=RT.objects.none())
    titik_kumpul = forms.CharField(
        label=_("Meeting point"),
        max_length=200,
        required=False,
        help_text=_("E.g. in front of Musala Al-Ikhlas, Gg. Melati."),
    )
    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=-11.5, max_value=6.5)
    lon = forms.FloatField(label=_("Longitude"), required=False, min_value=94.5, max_value=141.5)

    def __init__(self, *args, rts=None, rt_choices=None, optional=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.optional = optional
        self.fields["rt"].required = not optional
        self.fields["rt"].queryset = rts if rts is not None else RT.objects.none()
        if rt_choices is not None:
            self.fields["rt"].choices = rt_choices
        for name in ("lat", "lon"):
            self.fields[name].widget.attrs.update({"inputmode": "decimal", "step": "any"})
        self.fields["lat"].widget.attrs["placeholder"] = "-2.0921"
        self.fields["lon"].widget.attrs["placeholder"] = "106.1389"

    def clean(self):
        cleaned = super().clean()
        if self.optional and cleaned.get("rt") is None and "rt" not in self.errors:
            self.add_error("rt", self.fields["rt"].error_messages["required"])
        if (cleaned.get("lat") is None) != (cleaned.get("lon") is None):
            self.add_error("lon", _("Give both latitude and longitude, or neither."))
        return cleaned


class BaseLocationFormSet(LenientFormSet):
    def __init__(self, *args, user, **kwargs):
        self.rts = access.scope_queryset(
            RT.objects.select_related("rw", "kelurahan").order_by(
                "kelurahan__nama", "rw__nomor", "nomor"
            ),
            user,
        )
        self.rt_choices = rt_grouped_choices(self.rts)
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        optional = index is None or index >= self.min_num
        return {"rts": self.rts, "rt_choices": self.rt_choices, "optional": optional}

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        rts = [row["rt"] for row in self.rows()]
        if len({rt.pk for rt in rts}) != len(rts):
            raise forms.ValidationError(_("Each RT can be a location only once."))
        if len({rt.kelurahan_id for rt in rts}) > 1:
            raise forms.ValidationError(_("All locations must lie in one kelurahan."))

    def locations(self) -> list[LocationRow]:
        return [
            LocationRow(
                rt=row["rt"],
                titik_kumpul=row.get("titik_kumpul") or "",
                lat=row.get("lat"),
                lon=row.get("lon"),
            )
            for row in self.rows()
        ]


LocationFormSet = forms.formset_factory(
    LocationForm,
    formset=BaseLocationFormSet,
    extra=1,
    min_num=1,
    validate_min=True,
    max_num=30,
    validate_max=True,
)


class BasePlanNeedFormSet(LenientFormSet):
    def needs(self) -> list[NeedRow]:
        return [
            NeedRow(**{k: row[k] for k in ("jenis", "item", "jumlah", "satuan")})
            for row in self.rows()
        ]


PlanNeedFormSet = forms.formset_factory(
    NeedForm, formset=BasePlanNeedFormSet, extra=2, max_num=40, validate_max=True
)

LOCATION_PREFIX = "lokasi"
NEED_PREFIX = "kebutuhan"


def plan_initial(plan) -> tuple[dict, list[dict], list[dict]]:
    """The edit form's starting values: (plan fields, location rows, need rows)."""
    initial = {
        name: getattr(plan, name)
        for name in (
            "judul",
            "tanggal",
            "jam_mulai",
            "jam_selesai",
            "catatan",
            "penanggung_jawab_nama",
            *ParticipantTargets.TARGET_FIELDS,
        )
    }
    initial["penanggung_jawab_hp"] = format_phone(plan.penanggung_jawab_hp)
    initial["penanggung_jawab"] = plan.penanggung_jawab_id
    total = plan.target_total
    initial["target_total"] = total if total and total != plan.target_sum else None
    initial["jenis_kegiatan"] = [t.pk for t in plan.jenis_kegiatan.all()]
    initial["problems"] = [p.pk for p in plan.problems.all()]
    initial["stakeholders"] = [s.pk for s in plan.stakeholders_invited.all()]
    locations = [
        {"rt": loc.rt_id, "titik_kumpul": loc.titik_kumpul, "lat": loc.lat, "lon": loc.lon}
        for loc in plan.lokasi.all()
    ]
    needs = [
        {"jenis": n.jenis, "item": n.item, "jumlah": n.jumlah, "satuan": n.satuan}
        for n in plan.needs.all()
    ]
    return initial, locations, needs


def initial_from_data(form_class, data, *, prefix=None, form_kwargs=None) -> dict:
    """What was typed into a (not yet valid) form, as initial values for a fresh one."""
    form = form_class(prefix=prefix, **(form_kwargs or {}))
    initial = {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            initial[name] = data.getlist(key)
        elif key in data:
            initial[name] = data.get(key)
    return initial


def rows_from_data(data, *, prefix: str, fields) -> list[dict]:
    """The rows typed into a formset (blank rows dropped), as initial values."""
    try:
        total = min(int(data.get(f"{prefix}-TOTAL_FORMS", 0)), 100)
    except ValueError:
        total = 0
    rows = []
    for i in range(total):
        row = {name: data.get(f"{prefix}-{i}-{name}", "") for name in fields}
        if any(str(v).strip() for v in row.values()):
            rows.append(row)
    return rows


def merge_needs(rows: list[dict], extra: list[NeedRow]) -> list[dict]:
    """Add the problems' needs to the rows typed so far, skipping items already listed."""
    seen = {
        (
            str(r.get("jenis")),
            str(r.get("item", "")).strip().lower(),
            str(r.get("satuan", "")).strip().lower(),
        )
        for r in rows
    }
    merged = list(rows)
    for need in extra:
        key = (need.jenis, need.item.lower(), need.satuan.lower())
        if key not in seen:
            merged.append(need.__dict__.copy())
            seen.add(key)
    return merged


class PlanNoteForm(BootstrapFormMixin, forms.Form):
    catatan = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReturnForm(BootstrapFormMixin, forms.Form):
    catatan = forms.CharField(
        label=_("What should the kelurahan change?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write what the kelurahan should change.")},
    )


class CancelForm(BootstrapFormMixin, forms.Form):
    catatan = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for cancelling.")},
    )


class ApproveManyForm(forms.Form):
    rencana = forms.TypedMultipleChoiceField(coerce=int, choices=(), required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        values = self.data.getlist("rencana") if hasattr(self.data, "getlist") else []
        self.fields["rencana"].choices = [(v, v) for v in values if str(v).isdigit()]


# -- recurring schedules --------------------------------------------------------------------


def rt_checkbox_choices(queryset):
    """Flat checkbox choices "RT 001 / RW 002", prefixed with the kelurahan when the user's
    area holds several ("Ampui · RT 001 / RW 002")."""
    rts = list(queryset)
    several = len({rt.kelurahan_id for rt in rts}) > 1
    return [
        (
            rt.pk,
            (f"{rt.kelurahan.nama} · " if several else "")
            + f"RT {rt.nomor:03d} / RW {rt.rw.nomor:03d}",
        )
        for rt in rts
    ]


APPLY_FUTURE = "semua"
APPLY_NEW_ONLY = "baru"


class SeriesForm(
    CrispyChoicesMixin, BootstrapFormMixin, TargetFieldsMixin, PersonInChargeMixin, forms.Form
):
    judul = forms.CharField(
        label=_("Title"), max_length=150, help_text=_("E.g. Jumat Bersih RW 002.")
    )
    pola = forms.ChoiceField(
        label=_("Repeats"), choices=Recurrence.choices, widget=forms.RadioSelect
    )
    hari = forms.TypedChoiceField(label=_("Day"), choices=Weekday.choices, coerce=int)
    minggu_ke = forms.TypedChoiceField(
        label=_("Which week of the month"),
        choices=[("", ""), *WeekOfMonth.choices],
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Only for a monthly schedule, e.g. the second Sunday."),
    )
    jam_mulai = forms.TimeField(label=_("Start time"), widget=_time_input())
    jam_selesai = forms.TimeField(label=_("End time"), widget=_time_input())
    mulai = forms.DateField(label=_("From"), widget=_date_input())
    sampai = forms.DateField(label=_("Until (optional)"), required=False, widget=_date_input())
    minggu_ke_depan = forms.IntegerField(
        label=_("Weeks ahead"),
        min_value=1,
        max_value=26,
        initial=8,
        help_text=_("How many weeks of plans are kept ready (1 to 26)."),
    )
    rts = forms.ModelMultipleChoiceField(
        label=_("RT"),
        queryset=RT.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one RT as a location.")},
    )
    titik_kumpul = forms.CharField(
        label=_("Meeting point"),
        max_length=200,
        required=False,
        help_text=_("E.g. in front of Musala Al-Ikhlas, Gg. Melati."),
    )
    jenis_kegiatan = forms.ModelMultipleChoiceField(
        label=_("Activity types"),
        queryset=ActivityType.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one activity type.")},
    )
    catatan = forms.CharField(
        label=_("Notes"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    aktif = forms.BooleanField(
        label=_("Active: keep generating plans"), required=False, initial=True
    )
    idempotency_key = idempotency_key_field()

    def __init__(self, *args, user, editing=False, **kwargs):
        from kegiatan import selectors

        super().__init__(*args, **kwargs)
        rts = access.scope_queryset(
            RT.objects.select_related("rw", "kelurahan").order_by(
                "kelurahan__nama", "rw__nomor", "nomor"
            ),
            user,
        )
        self.fields["rts"].queryset = rts
        self.fields["rts"].choices = rt_checkbox_choices(rts)
        self.fields["jenis_kegiatan"].queryset = selectors.activity_types()
        if editing:
            self.fields["terapkan"] = forms.ChoiceField(
                label=_("Apply the change to"),
                choices=[
                    (
                        APPLY_FUTURE,
                        _(
                            "the future plans of this schedule too (drafts and returned ones "
                            "not edited on their own)"
                        ),
                    ),
                    (APPLY_NEW_ONLY, _("new plans only (the existing ones stay as they are)")),
                ],
                widget=forms.RadioSelect,
                initial=APPLY_FUTURE,
            )
        else:
            give_idempotency_key(self)

    def clean(self):
        cleaned = super().clean()
        _ask(
            self,
            services.check_times,
            jam_mulai=cleaned.get("jam_mulai"),
            jam_selesai=cleaned.get("jam_selesai"),
        )
        _ask(
            self,
            services.check_series_rule,
            pola=cleaned.get("pola"),
            minggu_ke=cleaned.get("minggu_ke"),
            mulai=cleaned.get("mulai"),
            sampai=cleaned.get("sampai"),
        )
        rts = cleaned.get("rts") or []
        if len({rt.kelurahan_id for rt in rts}) > 1:
            self.add_error("rts", _("All locations must lie in one kelurahan."))
        return cleaned

    def to_data(self) -> SeriesData:
        c = self.cleaned_data
        return SeriesData(
            judul=c["judul"],
            pola=c["pola"],
            hari=c["hari"],
            minggu_ke=c["minggu_ke"],
            jam_mulai=c["jam_mulai"],
            jam_selesai=c["jam_selesai"],
            mulai=c["mulai"],
            sampai=c["sampai"],
            minggu_ke_depan=c["minggu_ke_depan"],
            rts=list(c["rts"]),
            titik_kumpul=c["titik_kumpul"],
            jenis_kegiatan=list(c["jenis_kegiatan"]),
            targets=self.targets(),
            penanggung_jawab_nama=c["penanggung_jawab_nama"],
            penanggung_jawab_hp=c["penanggung_jawab_hp"],
            catatan=c["catatan"],
            aktif=c["aktif"] if "terapkan" in self.fields else True,
        )

    def apply_to_future(self) -> bool:
        return self.cleaned_data.get("terapkan") == APPLY_FUTURE


def series_initial(series) -> dict:
    initial = {
        name: getattr(series, name)
        for name in (
            "judul",
            "pola",
            "hari",
            "minggu_ke",
            "jam_mulai",
            "jam_selesai",
            "mulai",
            "sampai",
            "minggu_ke_depan",
            "titik_kumpul",
            "penanggung_jawab_nama",
            "catatan",
            "aktif",
            *ParticipantTargets.TARGET_FIELDS,
        )
    }
    initial["penanggung_jawab_hp"] = format_phone(series.penanggung_jawab_hp)
    total = series.target_total
    initial["target_total"] = total if total and total != series.target_sum else None
    initial["rts"] = [rt.pk for rt in series.rts.all()]
    initial["jenis_kegiatan"] = [t.pk for t in series.jenis_kegiatan.all()]
    return initial


class SkipForm(BootstrapFormMixin, forms.Form):
    tanggal = forms.DateField(label=_("Date"), widget=_date_input())
    alasan = forms.CharField(
        label=_("Reason"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("E.g. Idul Adha, MTQ kecamatan")}),
    )


# -- calendar -------------------------------------------------------------------------------

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
VIEW_MONTH = "bulan"
VIEW_WEEK = "minggu"


class CalendarForm(BootstrapFormMixin, forms.Form):
    """The calendar's query: month ("2026-11") or week (any date in it), and a kelurahan."""

    tampilan = forms.ChoiceField(
        choices=[(VIEW_MONTH, _("Month")), (VIEW_WEEK, _("Week"))], required=False
    )
    bulan = forms.CharField(required=False, max_length=7)
    tanggal = forms.DateField(required=False)
    kelurahan = forms.ModelChoiceField(
        label=_("Kelurahan"),
        queryset=Kelurahan.objects.none(),
        required=False,
        empty_label=_("— all kelurahan —"),
    )

    def __init__(self, *args, user, **kwargs):
        from kegiatan import selectors

        super().__init__(*args, **kwargs)
        self.fields["kelurahan"].queryset = selectors.calendar_kelurahan_choices(user=user)
        self.fields["kelurahan"].empty_label = _("— all kelurahan —")

    def clean_bulan(self):
        value = self.cleaned_data.get("bulan") or ""
        match = MONTH_RE.match(value)
        if not value:
            return None
        if (
            not match
            or not 1 <= int(match.group(2)) <= 12
            or not 2000 <= int(match.group(1)) <= 2100
        ):
            raise forms.ValidationError(_("Give the month as YYYY-MM, e.g. 2026-11."))
        return datetime.date(int(match.group(1)), int(match.group(2)), 1)

    def query(self, today=None):
        """Return (view, first day shown, kelurahan or None), falling back to this month."""
        today = today or timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        view = data.get("tampilan") or VIEW_MONTH
        if view == VIEW_WEEK:
            day = data.get("tanggal") or data.get("bulan") or today
        else:
            day = data.get("bulan") or data.get("tanggal") or today
        return view, day, data.get("kelurahan")


# -- stage 4: the execution day -------------------------------------------------------------


def _count_field(label):
    return forms.IntegerField(
        label=capfirst(label),
        min_value=0,
        max_value=services.MAX_HEAD_COUNT,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "placeholder": "0"}),
    )


class ExecutionOpenForm(BootstrapFormMixin, forms.Form):
    """The actual day of a plan: date, times, place and who led it."""

    tanggal = forms.DateField(
        label=_("Actual date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    jam_mulai = forms.TimeField(label=_("Start time"), required=False, widget=_time_input())
    jam_selesai = forms.TimeField(label=_("End time"), required=False, widget=_time_input())
    lokasi = forms.CharField(
        label=_("Actual location"),
        max_length=200,
        required=False,
        help_text=_("Only if it differs from the plan's meeting points."),
    )
    dipimpin_oleh = forms.CharField(label=_("Led by"), max_length=100, required=False)
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("tanggal") is not None:
            _ask(self, services.check_execution_data, data=self.to_data(), today=self.today)
        return cleaned

    def to_data(self) -> services.ExecutionData:
        c = self.cleaned_data
        return services.ExecutionData(
            tanggal=c["tanggal"],
            jam_mulai=c.get("jam_mulai"),
            jam_selesai=c.get("jam_selesai"),
            lokasi=c.get("lokasi", ""),
            lat=c.get("lat"),
            lon=c.get("lon"),
            dipimpin_oleh=c.get("dipimpin_oleh", ""),
        )


def execution_initial(plan, pelaksanaan) -> dict:
    """The open form's starting values: the execution so far, else the plan as planned."""
    if pelaksanaan is not None:
        return {
            name: getattr(pelaksanaan, name)
            for name in ("tanggal", "jam_mulai", "jam_selesai", "lokasi", "dipimpin_oleh")
        }
    return {
        "tanggal": plan.tanggal,
        "jam_mulai": plan.jam_mulai,
        "jam_selesai": plan.jam_selesai,
        "dipimpin_oleh": plan.penanggung_jawab_nama,
    }


class NotHeldForm(BootstrapFormMixin, forms.Form):
    alasan = forms.CharField(
        label=_("Why did it not take place?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason it was not held.")},
    )


class AttendanceForm(KeptPhotosMixin, CrispyChoicesMixin, BootstrapFormMixin, forms.Form):
    """One RT's attendance: head counts by element, stakeholders present, photos of the
    sheet or the crowd. Short, one column, numeric keyboard on a phone."""

    idempotency_key = idempotency_key_field()
    hadir_warga = _count_field(_("Residents"))
    hadir_rt_rw = _count_field(_("RT/RW officials"))
    hadir_kelurahan = _count_field(_("Kelurahan staff"))
    hadir_kecamatan = _count_field(_("Kecamatan staff"))
    hadir_stakeholder = _count_field(_("Stakeholders"))
    hadir_tni_polri = _count_field(_("TNI/Polri"))
    stakeholders = forms.ModelMultipleChoiceField(
        label=_("Stakeholders present"),
        queryset=Stakeholder.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    foto = PhotoListField(
        label=_("Photos of the attendance sheet or the crowd"),
        required=False,
        help_text=_("Only staff of this area see them: they carry residents' names."),
    )

    def __init__(self, data=None, files=None, *, plan, kehadiran=None, **kwargs):
        if kehadiran is not None and data is None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{name: getattr(kehadiran, name) for name in Kehadiran.COUNT_FIELDS},
                "stakeholders": list(kehadiran.stakeholders.all()),
            }
        super().__init__(data, files, **kwargs)
        self.fields["stakeholders"].queryset = selectors.stakeholders_serving(plan.kelurahan)
        # With JavaScript the photos are downscaled and sent ahead, one at a time, and the
        # form carries their uuids (static/sigoro/js/photo-upload.js); without, it posts them.
        self.fields["foto"].widget.attrs.update(
            {"accept": "image/*", "class": "form-control", "data-staged-upload": ""}
        )
        give_idempotency_key(self)

    def clean(self):
        cleaned = super().clean()
        counts = {name: cleaned.get(name) for name in Kehadiran.COUNT_FIELDS}
        if not any(name in self.errors for name in counts):
            _ask(self, services.check_head_counts, counts)
        return cleaned

    def counts(self) -> dict[str, int]:
        return {name: self.cleaned_data.get(name) or 0 for name in Kehadiran.COUNT_FIELDS}


class ResultForm(IdempotentFormMixin, BootstrapFormMixin, forms.Form):
    """One result row: indicator, quantity (and the waste type when the indicator asks)."""

    indikator = forms.ModelChoiceField(
        label=_("Indicator"), queryset=IndikatorHasil.objects.none(), empty_label=_("— choose —")
    )
    jumlah = forms.DecimalField(
        label=_("Quantity"),
        max_digits=10,
        decimal_places=2,
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
    )
    jenis_sampah = forms.ChoiceField(
        label=_("Waste type (bank sampah only)"),
        choices=[("", _("— choose —")), *JenisSampah.choices],
        required=False,
    )
    catatan = forms.CharField(label=_("Note (optional)"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indikator"].queryset = selectors.result_indicators()
        self.add_idempotency_key()

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            _ask(
                self,
                services.check_result,
                indikator=cleaned.get("indikator"),
                jumlah=cleaned.get("jumlah"),
                jenis_sampah=cleaned.get("jenis_sampah", ""),
            )
        return cleaned


class OtherResultsForm(BootstrapFormMixin, forms.Form):
    hasil_lainnya = forms.CharField(
        label=_("Other results (free text)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ServiceForm(IdempotentFormMixin, BootstrapFormMixin, forms.Form):
    jenis = forms.ModelChoiceField(
        label=_("Service"), queryset=JenisLayanan.objects.none(), empty_label=_("— choose —")
    )
    jumlah = forms.IntegerField(
        label=_("People served"),
        min_value=1,
        max_value=services.MAX_HEAD_COUNT,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jenis"].queryset = selectors.service_types()
        self.add_idempotency_key()


class KendalaForm(IdempotentFormMixin, BootstrapFormMixin, forms.Form):
    kategori = forms.ChoiceField(
        label=_("Category"), choices=[("", _("— choose —")), *KategoriKendala.choices]
    )
    uraian = forms.CharField(
        label=_("What happened?"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_idempotency_key()


# -- problems resolved and found on the day, support received --------------------------------


class ResolveProblemForm(KeptPhotosMixin, BootstrapFormMixin, forms.Form):
    """One of the plan's problems ticked as resolved, with its after photo (required; a
    photo that passed on a failed try is kept in ``foto_tersimpan``)."""

    masalah = forms.IntegerField(widget=forms.HiddenInput)
    foto = forms.FileField(
        label=_("Photo after the work"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("foto") and not self.kept_photos() and "foto" not in self.errors:
            self.add_error("foto", _("Add a photo of the place after the work."))
        return cleaned

    def kept_photo(self):
        kept = self.kept_photos()
        return kept[0] if kept and not self.cleaned_data.get("foto") else None


class FoundProblemForm(KeptPhotosMixin, BootstrapFormMixin, forms.Form):
    """A problem found on the day in one of the plan's RTs (photo optional)."""

    idempotency_key = idempotency_key_field()
    kategori = forms.ModelChoiceField(
        label=_("Category"), queryset=ProblemCategory.objects.none(), empty_label=_("— choose —")
    )
    rt = RTChoiceField(label=_("RT"), queryset=RT.objects.none(), empty_label=_("— choose —"))
    alamat = forms.CharField(
        label=_("Address / landmark"),
        max_length=255,
        help_text=_("Street, alley or a landmark, e.g. Gg. Melati near the mosque."),
    )
    deskripsi = forms.CharField(
        label=_("Description"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    keparahan = forms.TypedChoiceField(
        label=_("Severity"), choices=Severity.choices, coerce=int, initial=Severity.SEDANG
    )
    foto = PhotoListField(label=_("Photos (optional)"), required=False)

    def __init__(self, *args, rts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kategori"].queryset = problem_categories()
        self.fields["rt"].queryset = rts
        if len(rts) == 1:
            self.fields["rt"].initial = rts[0].pk
        self.fields["foto"].widget.attrs.update({"accept": "image/*", "class": "form-control"})
        give_idempotency_key(self)


class DeliveryConfirmForm(BootstrapFormMixin, forms.Form):
    """What a stakeholder handed over at the event for one of the plan's pledges."""

    idempotency_key = idempotency_key_field()
    pledge = forms.IntegerField(widget=forms.HiddenInput)
    jumlah = forms.IntegerField(
        label=_("Quantity received"),
        min_value=1,
        max_value=1_000_000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    diterima_oleh = forms.CharField(label=_("Received by"), max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        give_idempotency_key(self)


class EventSwadayaForm(SwadayaForm):
    """A swadaya of the event: its date and occasion are the event's, its RT one of the
    plan's RTs."""

    class Meta(SwadayaForm.Meta):
        fields = [f for f in SwadayaForm.Meta.fields if f not in ("tanggal", "acara")]

    def __init__(self, *args, user, rts, **kwargs):
        super().__init__(*args, user=user, create=True, **kwargs)
        self.fields["rt"].queryset = rts
        if len(rts) == 1:
            self.fields["rt"].initial = rts[0].pk


def entry_initial(entry) -> dict:
    """The starting values of a result, service or kendala row's edit form."""
    names = {
        "HasilKegiatan": ("indikator", "jumlah", "jenis_sampah", "catatan"),
        "LayananLokasi": ("jenis", "jumlah"),
        "Kendala": ("kategori", "uraian"),
    }[type(entry).__name__]
    return {name: getattr(entry, name) for name in names}


class SpotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, titik):
        return f"{titik.nama} · {titik.rt}" if titik.rt_id else titik.nama


class DocumentationForm(KeptPhotosMixin, CrispyChoicesMixin, BootstrapFormMixin, forms.Form):
    """Documentation photos of one kind: before or after (of a spot chosen or named now) or
    of the activity, one caption, one or more photos. Kept photos are the user's own photos
    no record uses yet (a failed try's, or the staged upload's)."""

    idempotency_key = idempotency_key_field()
    jenis = forms.ChoiceField(
        label=_("Kind of photo"),
        choices=[(value, capfirst(label)) for value, label in JenisFotoDokumentasi.choices],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose before, after or activity.")},
    )
    titik = SpotChoiceField(
        label=_("A spot already photographed"),
        queryset=TitikDokumentasi.objects.none(),
        required=False,
        empty_label=_("— a new spot —"),
    )
    titik_nama = forms.CharField(
        label=_("Or the name of a new spot"),
        max_length=100,
        required=False,
        help_text=_(
            "E.g. Drainase Gg. Melati. Give the same spot the same name for its after photo."
        ),
    )
    titik_rt = RTChoiceField(
        label=_("RT of the new spot (optional)"),
        queryset=RT.objects.none(),
        required=False,
        empty_label=_("— none —"),
    )
    keterangan = forms.CharField(label=_("Caption (optional)"), max_length=200, required=False)
    foto = PhotoListField(label=_("Photos"), required=False)

    def __init__(self, data=None, files=None, *, user, plan, **kwargs):
        # The user's photos sent ahead by the staged upload are taken back too.
        super().__init__(data, files, staged_by=user, **kwargs)
        self.user = user
        # After the mixin's "— choose —": here the blank choice means something.
        self.fields["titik"].empty_label = _("— a new spot —")
        self.fields["titik_rt"].empty_label = _("— none —")
        self.fields["titik"].queryset = selectors.documentation_spot_choices(user=user, plan=plan)
        rts = services.documentation_rts(user=user, plan=plan)
        self.fields["titik_rt"].queryset = RT.objects.filter(pk__in=[rt.pk for rt in rts])
        if len(rts) == 1 and not self.is_bound:
            self.initial.setdefault("titik_rt", rts[0].pk)
        self.fields["foto"].widget.attrs.update(
            {"accept": "image/*", "class": "form-control", "data-staged-upload": ""}
        )
        give_idempotency_key(self)


class DocumentationPublicForm(forms.Form):
    """Hide a documentation photo from the public, or show it again."""

    publik = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1"
    )
