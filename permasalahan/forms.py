import math
import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.conf import settings
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from permasalahan.models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    CODE_PREFIX,
    NeedKind,
    ProblemCategory,
    Rating,
    Severity,
)
from permasalahan.selectors import (
    BBox,
    categories,
    nearest_rt,
    public_kelurahan_choices,
    public_report_areas,
    public_rt_choices,
)
from sigoro import access, kept_photos
from sigoro.forms import (
    CHOOSE_KELURAHAN_FIRST,
    EMPTY_CHOICE,
    BootstrapFormMixin,
    clean_phone_input,
    give_idempotency_key,
    idempotency_key_field,
)
from sigoro.models import RT, Kelurahan, Photo

TRACKING_CODE = re.compile(rf"^{CODE_PREFIX}[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotoListField(forms.FileField):
    """Zero or more uploaded files under one name; checked by the photo pipeline later."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(PhotoListField, self).clean(f, initial) for f in files]


class KeptPhotosMixin(forms.Form):
    """Photos that passed on an earlier try of this form, kept (stored, not yet attached)
    and named by uuid in a hidden field, so that a form failing for another reason does not
    make the sender choose them again.

    Only photos this browser ``session`` kept are taken back (``sigoro.kept_photos``): a
    uuid alone, e.g. of another visitor's kept photo or a delivery photo not yet linked,
    is ignored. Without a session no kept photo is taken. Given ``staged_by`` (the signed-in
    user of a page that sends photos ahead, ``POST /foto/unggah/``), the photos that user
    staged are taken too."""

    foto_tersimpan = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, session=None, staged_by=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.staged_by = staged_by

    def kept_photos(self) -> list[Photo]:
        if not hasattr(self, "_kept_photos"):
            self._kept_photos = kept_photos.taken_back(
                self.session,
                self.data.get("foto_tersimpan"),
                limit=settings.PROBLEM_MAX_PHOTOS,
                user=self.staged_by,
            )
        return self._kept_photos

    def keep_photos(self, photos: list[Photo]) -> None:
        """Carry ``photos`` to the next try of this form (shown as "already saved")."""
        kept_photos.remember(self.session, [p for p in photos if p not in self.kept_photos()])
        data = self.data.copy()
        data["foto_tersimpan"] = ",".join(photo.uuid.hex for photo in photos)
        self.data = data
        self._kept_photos = list(photos)


class LongSelect(forms.Select):
    """A select for a city's 2,000 RT: the HTML of Django's select, written in Python
    instead of through a template per option (the report form's main cost at city scale)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            parts.extend(
                format_html(
                    '\n  <option value="{}"{}>{}</option>',
                    str(option["value"]),
                    " selected" if option["selected"] else "",
                    option["label"],
                )
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # every part above is escaped by format_html


class RTChoiceField(forms.ModelChoiceField):
    widget = LongSelect

    def label_from_instance(self, rt):
        return f"RT {rt.nomor:03d}"


def rt_grouped_choices(queryset):
    """Choices grouped as <optgroup> "Kelurahan Ampui · RW 002": short labels on a phone."""
    groups: dict[str, list] = {}
    for rt in queryset:
        key = f"{rt.kelurahan.nama} · RW {rt.rw.nomor:03d}"
        groups.setdefault(key, []).append((rt.pk, f"RT {rt.nomor:03d} / RW {rt.rw.nomor:03d}"))
    return [("", _("— choose —")), *groups.items()]


class ProblemFieldsMixin(KeptPhotosMixin):
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
    pakai_lokasi_foto = forms.BooleanField(
        label=_("Use the photo's location as the map point"),
        required=False,
        help_text=_(
            "Only when no point is marked on the map and a photo carries a GPS position. "
            "Left unticked, the photo's position is not published."
        ),
    )
    idempotency_key = idempotency_key_field()

    photos_required = True

    def setup_problem_fields(self, rt_queryset):
        self.fields["kategori"].queryset = categories()
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
    email = forms.EmailField(
        label=_("Your email (optional)"),
        max_length=254,
        required=False,
        help_text=_("We email you when the status of your report changes. Never shown publicly."),
    )
    # Honeypot: hidden from people by CSS; robots fill it in.
    website = forms.CharField(required=False, label=_("Leave this empty"))
    # In a city (more RT than one select can list), the kelurahan comes first and the RT
    # select lists that kelurahan's RT; kept only then (``large_area``).
    kelurahan = forms.ModelChoiceField(
        label=_("Kelurahan"), queryset=Kelurahan.objects.none(), required=False
    )

    field_order = [
        "kategori",
        "kelurahan",
        "rt",
        "alamat",
        "deskripsi",
        "foto",
        "foto_galeri",
        "nama",
        "hp",
        "email",
    ]
    large_area = False

    def setup_problem_fields(self, rt_queryset):
        """As every problem form, but list the RT as :func:`public_report_areas` says."""
        source = self.data if self.is_bound else self.initial
        areas = public_report_areas(
            kelurahan=source.get(self.add_prefix("kelurahan")), rt=source.get(self.add_prefix("rt"))
        )
        self.fields["kategori"].queryset = categories()
        self.fields["rt"].queryset = rt_queryset  # any RT is valid; only the list is narrowed
        self.large_area = areas.large
        if not areas.large:
            del self.fields["kelurahan"]
            self.fields["rt"].choices = rt_grouped_choices(areas.rts)
        else:
            kelurahan = self.fields["kelurahan"]
            kelurahan.queryset = public_kelurahan_choices()
            groups: dict[str, list] = {}
            for row in kelurahan.queryset:
                groups.setdefault(str(row.kecamatan), []).append((row.pk, row.nama))
            kelurahan.choices = [("", EMPTY_CHOICE), *groups.items()]
            choices = rt_grouped_choices(areas.rts)
            if not areas.rts:
                choices = [("", CHOOSE_KELURAHAN_FIRST)]
            self.fields["rt"].choices = choices
            self.fields["rt"].widget.attrs.update(
                {
                    "data-area-from": self.add_prefix("kelurahan"),
                    "data-area-kind": "rt",
                    "data-area-url": reverse("permasalahan:report-rt-options"),
                    "data-empty-label": str(EMPTY_CHOICE),
                    "data-hint-label": str(CHOOSE_KELURAHAN_FIRST),
                }
            )
        give_idempotency_key(self)

    def clean(self):
        cleaned = super().clean()
        kelurahan, rt = cleaned.get("kelurahan"), cleaned.get("rt")
        chosen = self.data.get(self.add_prefix("rt"))  # not the RT found from the map point
        if kelurahan is not None and rt is not None and chosen and rt.kelurahan_id != kelurahan.pk:
            self.add_error("rt", _("This RT is not in the chosen kelurahan."))
        return cleaned

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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
        # One compact row per need; the labels are for screen readers (placeholders show).
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.label_class = "visually-hidden"
        self.helper.layout = Layout(
            Div(
                Div(Field("jenis"), css_class="col-6 col-md-3"),
                Div(Field("item"), css_class="col-6 col-md-4"),
                Div(Field("jumlah"), css_class="col-6 col-md-2"),
                Div(Field("satuan"), css_class="col-6 col-md-3"),
                css_class="row g-2 mb-3 need-row",
            )
        )


NeedFormSet = forms.formset_factory(NeedForm, extra=3, max_num=20, validate_max=True)


class NoteAndPhotoForm(BootstrapFormMixin, KeptPhotosMixin):
    """A note with an optional photo: what every action on a problem may carry."""

    catatan = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    foto = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )

    def upload(self):
        return self.cleaned_data.get("foto") if self.is_bound else None


PUBLIC_NOTE_LABEL = _("Show to the public")
PUBLIC_NOTE_HELP = _(
    "Without this tick the note stays internal: the public tracking page shows only the step."
)


class ProblemActionForm(NoteAndPhotoForm):
    """The one form of the detail page's action area: its buttons verify, reject, start
    handling, resolve or just add the note, whichever ``actions`` (the problem's
    ``problem_allowed_actions``) holds."""

    publik = forms.BooleanField(label=PUBLIC_NOTE_LABEL, required=False, help_text=PUBLIC_NOTE_HELP)

    def __init__(self, *args, actions=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        help_text = _("Goes on the timeline for the staff.")
        if "reject" in actions:
            help_text = _("Goes on the timeline for the staff. Needed to reject a report.")
        self.fields["catatan"].help_text = help_text


class DuplicateForm(BootstrapFormMixin, forms.Form):
    asli = forms.CharField(
        label=_("Tracking code of the original problem"),
        max_length=12,
        widget=forms.TextInput(attrs={"placeholder": "SGR-XXXXXX"}),
    )
    catatan = forms.CharField(label=_("Note"), required=False, max_length=500)
    publik = forms.BooleanField(label=PUBLIC_NOTE_LABEL, required=False, help_text=PUBLIC_NOTE_HELP)

    def clean_asli(self):
        return self.cleaned_data["asli"].strip().upper()


class ReopenForm(NoteAndPhotoForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        catatan = self.fields["catatan"]
        catatan.label, catatan.required = _("What is still wrong?"), True
        self.fields["foto"].widget.attrs["capture"] = "environment"


class PhotoVisibilityForm(forms.Form):
    publik = forms.BooleanField(required=False)


class RatingForm(forms.Form):
    penilaian = forms.ChoiceField(choices=Rating.choices, widget=forms.RadioSelect)


class ConfirmForm(forms.Form):
    catatan = forms.CharField(required=False, max_length=500)


class TrackLookupForm(BootstrapFormMixin, forms.Form):
    kode = forms.CharField(
        label=_("Tracking code"),
        max_length=20,
        help_text=_("It is on your slip, e.g. SGR-7K3Q9M."),
        widget=forms.TextInput(
            attrs={"placeholder": "SGR-XXXXXX", "autocapitalize": "characters", "autofocus": True}
        ),
    )

    def clean_kode(self):
        kode = self.cleaned_data["kode"].strip().upper().replace(" ", "")
        if not kode.startswith(CODE_PREFIX):
            kode = CODE_PREFIX + kode.removeprefix(CODE_PREFIX.rstrip("-"))
        if not TRACKING_CODE.match(kode):
            raise forms.ValidationError(
                _("A tracking code has SGR- and six letters or digits, e.g. SGR-7K3Q9M.")
            )
        return kode


class SimilarProblemsForm(forms.Form):
    """The query of the "similar open problems" hint: a value that is not a category, an RT
    or a point is left out (the hint then lists nothing), never an error page."""

    kategori = forms.ModelChoiceField(queryset=categories(), required=False)
    rt = forms.ModelChoiceField(queryset=public_rt_choices(), required=False)
    lat = forms.FloatField(required=False)
    lon = forms.FloatField(required=False)

    def query(self) -> dict:
        """Return the valid parts of the query (``None`` for the others)."""
        self.is_valid()
        return {name: self.cleaned_data.get(name) for name in ("kategori", "rt", "lat", "lon")}


class MapFilterForm(BootstrapFormMixin, forms.Form):
    """The map's one filter: a category (by its short code, as the map data URL takes it)."""

    kategori = forms.ChoiceField(label=_("Category"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = categories().values_list("slug", "nama")
        self.fields["kategori"].choices = [("", _("All categories")), *choices]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.label_class = "visually-hidden"


class MapViewportForm(forms.Form):
    """The part of the map a browser shows: ``bbox=minlon,minlat,maxlon,maxlat`` and ``zoom``.

    Both are optional (no bbox: the whole area; no zoom: a city-wide view). The cleaned
    ``bbox`` is a ``selectors.BBox`` or None.
    """

    bbox = forms.CharField(required=False, max_length=200)
    zoom = forms.IntegerField(required=False, min_value=0, max_value=22)

    def clean_bbox(self):
        text = self.cleaned_data["bbox"].strip()
        if not text:
            return None
        message = _(
            "The map area (bbox) must be four numbers: min longitude, min latitude, "
            "max longitude, max latitude."
        )
        parts = text.split(",")
        if len(parts) != 4:
            raise forms.ValidationError(message, code="bbox_format")
        try:
            min_lon, min_lat, max_lon, max_lat = (float(part) for part in parts)
        except ValueError:
            raise forms.ValidationError(message, code="bbox_format") from None
        if not all(math.isfinite(v) for v in (min_lon, min_lat, max_lon, max_lat)):
            raise forms.ValidationError(message, code="bbox_format")
        if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
            raise forms.ValidationError(
                _(
                    "The map area (bbox) is outside the world or its minimum is larger "
                    "than its maximum."
                ),
                code="bbox_range",
            )
        return BBox(min_lon=min_lon, min_lat=min_lat, max_lon=max_lon, max_lat=max_lat)


class CategoryForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = ProblemCategory
        fields = ["nama", "slug", "ikon", "urutan", "aktif"]
