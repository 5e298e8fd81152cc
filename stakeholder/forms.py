"""Forms of stage 2: validation and cleaning only; the services write.

Edit forms are built with ``initial=`` from the object, never ``instance=``: the object
stays as it was until the service changes it (and writes its history only then).
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Field, Layout, Row
from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from permasalahan.models import Problem
from sigoro import kept_photos
from sigoro.formats import angka
from sigoro.forms import (
    EMPTY_CHOICE,
    BootstrapFormMixin,
    RupiahField,
    clean_phone_input,
    give_idempotency_key,
    idempotency_key_field,
)
from sigoro.models import RT, Kelurahan, User
from sigoro.phone import format_phone
from stakeholder import selectors, services
from stakeholder.models import (
    AnswerChannel,
    Stakeholder,
    SupportKind,
    SupportRequest,
    Swadaya,
    SwadayaKind,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# The shared RupiahField's messages (sigoro/forms.py), also kept in this app's catalogue:
# every stage 2 amount is refused in Indonesian even before the project catalogue has them.
RUPIAH_MESSAGES = (
    _("Enter an amount in Rupiah, e.g. 1.250.000."),
    _("The amount is too large: at most %(limit)s."),
)


MAX_QUANTITY = 1_000_000


class QuantityField(forms.IntegerField):
    """A whole quantity; its limits are said with the number grouped as Indonesians read it
    ("at most 1.000.000", never "1000000")."""

    def __init__(self, *, min_value=1, max_value=MAX_QUANTITY, **kwargs):
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)
        self.widget.attrs.setdefault("inputmode", "numeric")

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if value > self.max_value:
            raise ValidationError(
                _("Enter at most %(n)s.") % {"n": angka(self.max_value)}, code="max_value"
            )
        if value < self.min_value:
            raise ValidationError(
                _("Enter at least %(n)s.") % {"n": angka(self.min_value)}, code="min_value"
            )


CHOICE_LIST = "stakeholder/crispy/choice_list.html"


def form_helper(form, *, choice_lists=(), **options) -> FormHelper:
    """A crispy helper for a form inside the page's own <form> (which holds the CSRF token
    and the buttons): every field in order, ``choice_lists`` as scrolling checkbox boxes
    with their errors below the box."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.FileInput):
            field.widget.attrs.pop("class", None)  # crispy's file input brings its own
    helper = FormHelper(form)
    helper.form_tag = False
    helper.disable_csrf = True
    for name in choice_lists:
        if name in form.fields:
            helper[name].wrap(Field, template=CHOICE_LIST)
    for name, value in options.items():
        setattr(helper, name, value)
    return helper


class IdempotentFormMixin:
    """A hidden one-time key: a second submit of the same create form finds the first record."""

    def add_idempotency_key(self):
        self.fields["idempotency_key"] = idempotency_key_field()
        give_idempotency_key(self)


# -- registry -------------------------------------------------------------------------------


class StakeholderForm(IdempotentFormMixin, BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Stakeholder
        fields = [
            "jenis",
            "nama",
            "alamat",
            "kontak_nama",
            "telepon",
            "email",
            "seluruh_kecamatan",
            "kelurahan_layanan",
            "aktif",
            "catatan",
        ]
        widgets = {
            "kelurahan_layanan": forms.CheckboxSelectMultiple,
            "catatan": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, create: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kelurahan_layanan"].queryset = selectors.kelurahan_choices(user=user)
        self.fields["telepon"].help_text = _("E.g. 0812-3456-7890 or (0717) 421234.")
        phone = self.initial.get("telepon") or ""
        if phone.startswith("62"):  # stored as 62..., typed and read as 0...
            self.initial["telepon"] = format_phone(phone)
        kecamatan = selectors.kecamatan_choices(user=user)
        if create and len(kecamatan) > 1:
            self.fields["kecamatan"] = forms.ModelChoiceField(
                label=_("Kecamatan"), queryset=kecamatan, empty_label=EMPTY_CHOICE
            )
        self.default_kecamatan = kecamatan[0] if len(kecamatan) == 1 else None
        if create:
            self.add_idempotency_key()
        self.helper = form_helper(self, choice_lists=["kelurahan_layanan"])

    def clean_telepon(self):
        return clean_phone_input(self.cleaned_data.get("telepon", "").strip())

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("kecamatan", None)
        if not data["seluruh_kecamatan"]:
            data["kelurahan_layanan"] = list(data["kelurahan_layanan"])
        else:
            data["kelurahan_layanan"] = []
        return data

    @property
    def kecamatan(self):
        return self.cleaned_data.get("kecamatan") or self.default_kecamatan


class ContactAccountForm(BootstrapFormMixin, forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    jabatan = forms.CharField(label=_("Position"), max_length=100, required=False)
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=20,
        required=False,
        help_text=_("Can be used to sign in, e.g. 0812 3456 7890."),
    )
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput(render_value=True))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(self)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is already taken."))
        return username

    def clean_phone(self):
        value = clean_phone_input(self.cleaned_data.get("phone"))
        if value and User.objects.filter(phone=value).exists():
            raise forms.ValidationError(_("Another account already uses this phone number."))
        return value or None

    def clean_password(self):
        password = self.cleaned_data.get("password")
        if password:
            validate_password(password, User(username=self.data.get("username", ""), first_name=""))
        return password


# -- requests -------------------------------------------------------------------------------


class StakeholderChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, stakeholder):
        return f"{stakeholder.nama} ({stakeholder.jenis})"


class ProblemChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, problem):
        return f"{problem.kode} · {problem.kategori} · {problem.rt} {problem.kelurahan.nama}"


class RequestForm(IdempotentFormMixin, BootstrapFormMixin, forms.ModelForm):
    problems = ProblemChoiceField(
        label=_("Problems addressed (optional)"),
        queryset=Problem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    stakeholders = StakeholderChoiceField(
        label=_("Addressed to"),
        queryset=Stakeholder.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each stakeholder sees only its own copy and answers it separately."),
    )

    class Meta:
        model = SupportRequest
        fields = [
            "kelurahan",
            "perihal",
            "nomor_surat",
            "tanggal",
            "dibutuhkan_tanggal",
            "keterangan",
        ]
        widgets = {
            "tanggal": DATE_WIDGET,
            "dibutuhkan_tanggal": DATE_WIDGET,
            "keterangan": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, create: bool, problems=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problems"].queryset = selectors.problem_choices(user=user, include=problems)
        kelurahan = selectors.kelurahan_choices(user=user).order_by("nama")
        self.fields["kelurahan"].queryset = kelurahan
        self.fields["perihal"].widget.attrs["placeholder"] = _(
            "E.g. Support for Jumat Bersih in RW 002"
        )
        kecamatan = selectors.kecamatan_choices(user=user)
        self.default_kecamatan = kecamatan[0] if kecamatan else None
        if self.default_kecamatan is None:
            # Staff of one kelurahan ask for their own kelurahan only.
            self.fields["kelurahan"].required = True
            self.fields["kelurahan"].empty_label = None
            self.fields["kelurahan"].help_text = ""
        else:
            self.fields["kelurahan"].empty_label = _("— the kecamatan office —")
        self.fields["stakeholders"].queryset = selectors.stakeholder_choices(user=user)
        self.fields["tanggal"].initial = timezone.localdate
        if create:
            self.add_idempotency_key()
        self.helper = form_helper(self, choice_lists=["problems", "stakeholders"])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("tanggal"), cleaned.get("dibutuhkan_tanggal")
        if start and end and end < start:
            self.add_error("dibutuhkan_tanggal", _("This date is before the letter date."))
        return cleaned

    def header(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.Meta.fields if k != "kelurahan"}

    def links(self) -> dict:
        return {
            "stakeholders": list(self.cleaned_data["stakeholders"]),
            "problems": list(self.cleaned_data["problems"]),
        }


class ItemForm(BootstrapFormMixin, forms.Form):
    """One row of a request; a row left blank is ignored."""

    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)
    jenis = forms.ChoiceField(label=_("Kind"), choices=SupportKind.choices)
    item = forms.CharField(label=_("Item"), max_length=80)
    jumlah = QuantityField(label=_("Quantity"))
    satuan = forms.CharField(label=_("Unit"), max_length=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jenis"].choices = [("", _("— kind —")), *SupportKind.choices]
        self.fields["item"].widget.attrs["placeholder"] = _("Item, e.g. sacks")
        self.fields["jumlah"].widget.attrs["placeholder"] = _("Quantity")
        self.fields["satuan"].widget.attrs["placeholder"] = _("Unit, e.g. pieces")

    @property
    def helper(self) -> FormHelper:
        """One line per row on a desktop, two on a phone; the placeholders say what each box
        holds (their labels are there for screen readers). Only a saved row can be removed."""
        remove = (
            Column(
                Field("DELETE", wrapper_class="small"),
                css_class="col-3 col-md-2 d-flex align-items-center",
            )
            if self.initial and "DELETE" in self.fields
            else HTML("")
        )
        return form_helper(
            self,
            label_class="visually-hidden",
            layout=Layout(
                "pk",
                Row(
                    Column("jenis", css_class="col-6 col-md-2"),
                    Column("item", css_class="col-6 col-md-4"),
                    Column("jumlah", css_class="col-4 col-md-2"),
                    Column("satuan", css_class="col-5 col-md-2"),
                    remove,
                    css_class="g-2 item-row",
                ),
            ),
        )


class BaseItemFormSet(forms.BaseFormSet):
    """The rows of a request ("at least one row" is the service's rule)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove")

    def rows(self):
        return [
            services.ItemRow(
                **{k: f.cleaned_data[k] for k in ("jenis", "item", "jumlah", "satuan", "pk")}
            )
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]


ItemFormSet = forms.formset_factory(
    ItemForm, formset=BaseItemFormSet, extra=3, max_num=30, validate_max=True, can_delete=True
)


def item_formset(data=None, *, items=(), needs=(), locked=False):
    """The rows formset: existing rows (or the needs of problems) first, then blank ones."""
    initial = [
        {"pk": i.pk, "jenis": i.jenis, "item": i.item, "jumlah": i.jumlah, "satuan": i.satuan}
        for i in items
    ] + [
        {"jenis": n.jenis, "item": n.item, "jumlah": n.jumlah, "satuan": n.satuan}
        for n in needs
        if n.jenis in SupportKind.values
    ]
    formset = ItemFormSet(data, initial=initial or None, prefix="baris")
    if not initial:
        formset.extra = 3
    elif locked:
        formset.extra = 0
    else:
        formset.extra = 1
    return formset


class AnswerHeaderForm(BootstrapFormMixin, forms.Form):
    tanggal = forms.DateField(label=_("Date of the answer"), widget=DATE_WIDGET)
    cara = forms.ChoiceField(label=_("The stakeholder answered"))
    jawaban = forms.CharField(
        label=_("Note to the requester"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if selectors.answers_for_itself(user):
            del self.fields["tanggal"]
            del self.fields["cara"]
        else:
            self.fields["cara"].choices = [
                c for c in AnswerChannel.choices if c[0] != AnswerChannel.PORTAL
            ]
            self.fields["tanggal"].initial = timezone.localdate


class AnswerRowForm(BootstrapFormMixin, forms.Form):
    """The answer to one row: the quantity pledged (0 declines) and its estimated value.

    More than the row asked for is pledged only once confirmed: the box to tick appears with
    the warning (and stays ticked for a row already pledged above what was asked).
    """

    pledge = forms.IntegerField(widget=forms.HiddenInput)
    jumlah = QuantityField(label=_("Quantity pledged"), min_value=0, required=False)
    nilai = RupiahField(label=_("Estimated value (Rp)"), required=False)
    catatan = forms.CharField(label=_("Note"), max_length=500, required=False)
    lebih = forms.BooleanField(label=_("Yes, pledge more than was asked for"), required=False)

    def __init__(self, *args, pledge=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.pledge_obj = pledge
        self.fields["nilai"].widget.attrs["placeholder"] = _("e.g. 1.250.000")
        if pledge is not None:
            self.fields["jumlah"].label = _("Quantity pledged (%(unit)s)") % {
                "unit": pledge.item.satuan
            }

    def clean(self):
        cleaned = super().clean()
        if self.pledge_obj is None or "jumlah" in self.errors:
            return cleaned
        try:
            services.pledge_answer_check(
                pledge=self.pledge_obj,
                jumlah=cleaned.get("jumlah"),
                nilai=cleaned.get("nilai"),
                catatan=cleaned.get("catatan", ""),
                above_request=cleaned.get("lebih", False),
            )
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned

    @property
    def asks_to_confirm(self) -> bool:
        return self.has_error("jumlah", "above_request") or bool(self["lebih"].value())

    @property
    def helper(self) -> FormHelper:
        # On a phone a quantity with an error takes the whole line (the message is read),
        # with the box that confirms a pledge above what was asked right under it.
        wide = "col-12" if self.has_error("jumlah") else "col-6"
        confirm = Field("lebih") if self.asks_to_confirm else HTML("")
        return form_helper(
            self,
            label_class="small mb-0",
            layout=Layout(
                "pledge",
                Row(
                    Column("jumlah", confirm, css_class=f"{wide} col-md-3"),
                    Column("nilai", css_class="col-6 col-md-4"),
                    Column("catatan", css_class="col-12 col-md-5"),
                    css_class="g-2",
                ),
            ),
        )


class BaseAnswerFormSet(forms.BaseFormSet):
    def __init__(self, *args, pledges, **kwargs):
        self.pledges = list(pledges)
        kwargs["initial"] = [
            {
                "pledge": p.pk,
                "jumlah": p.jumlah_dijanjikan,
                "nilai": p.nilai_dijanjikan if p.jumlah_dijanjikan else None,
                "catatan": p.catatan,
                "lebih": selectors.pledge_above_request(p) > 0,
            }
            for p in self.pledges
        ]
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index is not None and index < len(self.pledges):
            kwargs["pledge"] = self.pledges[index]
        return kwargs

    def answers(self):
        by_pk = {p.pk: p for p in self.pledges}
        return [
            services.PledgeAnswer(
                pledge=by_pk[f.cleaned_data["pledge"]],
                jumlah=f.cleaned_data.get("jumlah"),
                nilai=f.cleaned_data.get("nilai"),
                catatan=f.cleaned_data.get("catatan", ""),
                above_request=f.cleaned_data.get("lebih", False),
            )
            for f in self.forms
            if f.cleaned_data.get("pledge") in by_pk
        ]


AnswerFormSet = forms.formset_factory(AnswerRowForm, formset=BaseAnswerFormSet, extra=0, max_num=30)


class DeliveryForm(IdempotentFormMixin, BootstrapFormMixin, forms.Form):
    """What arrived for a pledged row. More than is still to come is recorded only once
    confirmed (the pledge is then raised); a good photo sent with a form that failed is kept
    (``foto_tersimpan``) so that it need not be chosen again."""

    jumlah = QuantityField(label=_("Quantity received"))
    lebih = forms.BooleanField(
        label=_("Yes, the stakeholder gave more than it pledged: raise its pledge"),
        required=False,
    )
    tanggal = forms.DateField(label=_("Date received"), widget=DATE_WIDGET)
    diterima_oleh = forms.CharField(label=_("Received by"), max_length=100)
    nilai = RupiahField(
        label=_("Estimated value (Rp)"),
        required=False,
        help_text=_("Leave empty to take the pledged value of this quantity."),
    )
    foto = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    foto_tersimpan = forms.CharField(required=False, widget=forms.HiddenInput)
    catatan = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, pledge, user, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.pledge = pledge
        self.user = user
        self.session = session
        left = selectors.pledge_deliverable(pledge)
        self.fields["jumlah"].initial = left
        self.fields["tanggal"].initial = timezone.localdate
        self.fields["diterima_oleh"].initial = user.get_full_name() or user.username
        self.fields["nilai"].widget.attrs["placeholder"] = _("e.g. 1.250.000")
        self.add_idempotency_key()

    def clean(self):
        cleaned = super().clean()
        try:
            services.delivery_check(
                pledge=self.pledge,
                jumlah=cleaned.get("jumlah"),
                tanggal=cleaned.get("tanggal"),
                above_pledge=cleaned.get("lebih", False),
            )
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned

    def kept_photo(self):
        """The photo an earlier try of this form already stored, if any: only one this
        user kept in this browser session (``sigoro.kept_photos``)."""
        if not hasattr(self, "_kept_photo"):
            key = self.data.get("foto_tersimpan") if self.is_bound else None
            photo = selectors.kept_photo(user=self.user, key=key) if key else None
            self._kept_photo = photo if kept_photos.is_mine(self.session, photo) else None
        return self._kept_photo

    def keep_photo(self, photo) -> None:
        """Send ``photo`` back with the form, so that the next try need not choose it again."""
        kept_photos.remember(self.session, [photo])
        data = self.data.copy()
        data["foto_tersimpan"] = photo.uuid.hex
        self.data = data
        self._kept_photo = photo

    @property
    def asks_to_confirm(self) -> bool:
        return self.has_error("jumlah", "above_pledge") or bool(self["lebih"].value())

    @property
    def helper(self) -> FormHelper:
        return form_helper(
            self,
            layout=Layout(
                "idempotency_key",
                "foto_tersimpan",
                "jumlah",
                Field("lebih") if self.asks_to_confirm else HTML(""),
                "tanggal",
                "diterima_oleh",
                "nilai",
                "foto",
                HTML('{% include "stakeholder/_kept_photo.html" with photo=form.kept_photo %}'),
                "catatan",
            ),
        )


# -- swadaya --------------------------------------------------------------------------------


class RTChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, rt):
        return f"{rt} · {rt.kelurahan.nama}"


class SwadayaForm(IdempotentFormMixin, BootstrapFormMixin, forms.ModelForm):
    rt = RTChoiceField(label=_("RT"), queryset=RT.objects.none())
    jumlah = QuantityField(label=_("Quantity"), required=False)
    nilai = RupiahField(
        label=_("Estimated value (Rp)"),
        help_text=_("What it would cost to buy or hire, e.g. 1.250.000."),
    )

    class Meta:
        model = Swadaya
        fields = [
            "rt",
            "tanggal",
            "acara",
            "jenis",
            "item",
            "jumlah",
            "satuan",
            "nilai",
            "sumber",
            "donatur_nama",
            "catatan",
        ]
        widgets = {"tanggal": DATE_WIDGET}

    def __init__(self, *args, user, create: bool, **kwargs):
        super().__init__(*args, **kwargs)
        rts = selectors.rt_choices(user=user)
        self.fields["rt"].queryset = rts
        self.fields["rt"].empty_label = EMPTY_CHOICE
        if user.rt_id:
            self.fields["rt"].initial = user.rt_id
        self.fields["jenis"].choices = [("", EMPTY_CHOICE), *SwadayaKind.choices]
        self.fields["item"].widget.attrs["placeholder"] = _("E.g. 20 nasi kotak, 2 gerobak")
        if create:
            self.add_idempotency_key()
        self.helper = form_helper(self)

    def service_kwargs(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "idempotency_key"}


# -- summary --------------------------------------------------------------------------------


class SummaryForm(BootstrapFormMixin, forms.Form):
    tahun = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    kelurahan = forms.ModelChoiceField(
        label=_("Kelurahan"),
        queryset=Kelurahan.objects.none(),
        required=False,
        empty_label=_("— all kelurahan —"),
    )

    def __init__(self, *args, years, kelurahan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tahun"].choices = [(y, str(y)) for y in years]
        self.fields["kelurahan"].queryset = kelurahan
        self.fields["kelurahan"].empty_label = _("— all kelurahan —")
        if len(kelurahan) < 2:
            del self.fields["kelurahan"]
