import uuid

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from permasalahan.models import NeedKind, ProblemCategory, Rating, Severity
from permasalahan.selectors import nearest_rt
from sigoro import access
from sigoro.forms import (
    BootstrapFormMixin,
    clean_phone_input,
    give_idempotency_key,
    idempotency_key_field,
)
from sigoro.models import RT, Photo


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotoListField(forms.FileField):
    """Zero or more uploaded files under one name; checked by the photo pipeline later."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(PhotoListField, self).clean(f, initial) for f in files]


class RTChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, rt):
        return f"RT {rt.nomor:03d}"


def rt_grouped_choices(queryset):
    """Choices grouped as <optgroup> "Kelurahan Ampui · RW 002": short labels on a phone."""
    groups: dict[str, list] = {}
    for rt in queryset:
        key = f"{rt.kelurahan.nama} · RW {rt.rw.nomor:03d}"
        groups.setdefault(key, []).append((rt.pk, f"RT {rt.nomor:03d} / RW {rt.rw.nomor:03d}"))
    return [("", _("— choose —")), *groups.items()]


class ProblemFieldsMixin(forms.Form):
    """What every problem form asks: where, what, and the photos."""

    kategori = forms.ModelChoiceField(
        label=_("Kind of problem"), queryset=ProblemCategory.objects.none()
    )
    rt = RTChoiceField(label=_("RT"), queryset=RT.objects.none(), required=False)
    alamat = forms.CharField(
        label=_("Address or landmark"),
        max_length=255,
        help_text=_("Street, alley or a landmark, e.g. Gg. Melati near the mosque."),
    )
    deskripsi = forms.CharField(
        label=_("What is the problem?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput)
    foto = PhotoListField(
        label=_("Photos"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    foto_galeri = PhotoListField(
        label=_("Or choose photos from the gallery"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*"}),
    )
    # Photos that passed on an earlier try of this form (uuids), so they need not be sent again.
    foto_tersimpan = forms.CharField(required=False, widget=forms.HiddenInput)
    idempotency_key = idempotency_key_field()

    photos_required = True

    def setup_problem_fields(self, rt_queryset):
        self.fields["kategori"].queryset = ProblemCategory.objects.filter(aktif=True)
        self.fields["rt"].queryset = rt_queryset
        self.fields["rt"].choices = rt_grouped_choices(rt_queryset)
        give_idempotency_key(self)

    def clean_lat(self):
        lat = self.cleaned_data.get("lat")
        if lat is not None and not -11.5 <= lat <= 6.5:
            raise forms.ValidationError(_("This point is outside Indonesia."))
        return lat

    def clean_lon(self):
        lon = self.cleaned_data.get("lon")
        if lon is not None and not 94.5 <= lon <= 141.5:
            raise forms.ValidationError(_("This point is outside Indonesia."))
        return lon

    def kept_photos(self) -> list[Photo]:
        """The photos an earlier try already stored (not yet attached to any problem)."""
        ids = [v for v in (self.data.get("foto_tersimpan") or "").split(",") if v]
        valid = []
        for value in ids[: settings.PROBLEM_MAX_PHOTOS]:
            try:
                valid.append(uuid.UUID(value))
            except ValueError:
                continue
        return list(Photo.objects.filter(uuid__in=valid, problem_link__isnull=True))

    def uploads(self) -> list:
        return [*self.cleaned_data.get("foto", []), *self.cleaned_data.get("foto_galeri", [])]

    def clean(self):
        cleaned = super().clean()
        lat, lon = cleaned.get("lat"), cleaned.get("lon")
        if (lat is None) != (lon is None):
            cleaned["lat"] = cleaned["lon"] = None
        if not cleaned.get("rt") and lat is not None and lon is not None:
            cleaned["rt"] = nearest_rt(lat=lat, lon=lon)
            if cleaned["rt"] is not None and cleaned["rt"] not in self.fields["rt"].queryset:
                cleaned["rt"] = None
        if not cleaned.get("rt") and "rt" not in self.errors:
            self.add_error(
                "rt", _("Choose the RT (kelurahan, RW, RT), or put the point on the map.")
            )
        count = len(self.uploads()) + len(self.kept_photos())
        if self.photos_required and count == 0 and "foto" not in self.errors:
            self.add_error("foto", _("Add at least one photo of the problem."))
        if count > settings.PROBLEM_MAX_PHOTOS:
            self.add_error(
                "foto",
                _("At most %(n)d photos per report.") % {"n": settings.PROBLEM_MAX_PHOTOS},
            )
        return cleaned


class PublicReportForm(BootstrapFormMixin, ProblemFieldsMixin):
    """The no-account report of a resident (warga), on a phone."""

    nama = forms.CharField(label=_("Your name (optional)"), max_length=100, required=False)
    hp = forms.CharField(
        label=_("Your phone number (optional)"),
        max_length=20,
        required=False,
        help_text=_("Only the kelurahan sees it, to ask you about the report."),
    )
    # Honeypot: hidden from people by CSS; robots fill it in.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    field_order = ["kategori", "rt", "alamat", "deskripsi", "foto", "foto_galeri", "nama", "hp"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from permasalahan.selectors import public_rt_choices

        self.setup_problem_fields(public_rt_choices())
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean_hp(self):
        return clean_phone_input(self.cleaned_data.get("hp"))

    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


class StaffProblemForm(BootstrapFormMixin, ProblemFieldsMixin):
    keparahan = forms.TypedChoiceField(
        label=_("Severity"), choices=Severity.choices, coerce=int, initial=Severity.SEDANG
    )
    photos_required = False
    field_order = ["kategori", "rt", "alamat", "deskripsi", "keparahan", "foto", "foto_galeri"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        rts = access.scope_queryset(
            RT.objects.select_related("rw", "kelurahan").order_by(
                "kelurahan__nama", "rw__nomor", "nomor"
            ),
            user,
        )
        self.setup_problem_fields(rts)
        if user.rt_id:
            self.fields["rt"].initial = user.rt_id


class NeedForm(BootstrapFormMixin, forms.Form):
    """One row of needs; a row left blank is ignored (formset: empty forms are skipped)."""

    jenis = forms.ChoiceField(label=_("Kind"), choices=[("", ""), *NeedKind.choices])
    item = forms.CharField(label=_("Item"), max_length=80)
    jumlah = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=1_000_000)
    satuan = forms.CharField(label=_("Unit"), max_length=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].widget.attrs["placeholder"] = _("Item, e.g. sacks")
        self.fields["jumlah"].widget.attrs["placeholder"] = _("Quantity")
        self.fields["satuan"].widget.attrs["placeholder"] = _("Unit, e.g. pieces")
        self.fields["jenis"].choices = [("", _("— kind —")), *NeedKind.choices]


NeedFormSet = forms.formset_factory(NeedForm, extra=3, max_num=20, validate_max=True)


class NoteForm(BootstrapFormMixin, forms.Form):
    catatan = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    foto = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )


class ReasonForm(BootstrapFormMixin, forms.Form):
    catatan = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class DuplicateForm(BootstrapFormMixin, forms.Form):
    asli = forms.CharField(
        label=_("Tracking code of the original problem"),
        max_length=12,
        widget=forms.TextInput(attrs={"placeholder": "SGR-XXXXXX"}),
    )
    catatan = forms.CharField(label=_("Note"), required=False, max_length=500)

    def clean_asli(self):
        return self.cleaned_data["asli"].strip().upper()


class ReopenForm(BootstrapFormMixin, forms.Form):
    catatan = forms.CharField(
        label=_("What is still wrong?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    foto = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )


class RatingForm(forms.Form):
    penilaian = forms.ChoiceField(choices=Rating.choices, widget=forms.RadioSelect)


class ConfirmForm(forms.Form):
    catatan = forms.CharField(required=False, max_length=500)


class TrackLookupForm(BootstrapFormMixin, forms.Form):
    kode = forms.CharField(
        label=_("Tracking code"),
        max_length=12,
        widget=forms.TextInput(attrs={"placeholder": "SGR-XXXXXX", "autocapitalize": "characters"}),
    )

    def clean_kode(self):
        kode = self.cleaned_data["kode"].strip().upper().replace(" ", "")
        if not kode.startswith("SGR-"):
            kode = "SGR-" + kode.removeprefix("SGR")
        return kode


class CategoryForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = ProblemCategory
        fields = ["nama", "slug", "ikon", "urutan", "aktif"]
