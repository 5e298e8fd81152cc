"""Forms of stage 2: validation and cleaning only; the services write.

Edit forms are built with ``initial=`` from the object, never ``instance=``: the object
stays as it was until the service changes it (and writes its history only then).
"""

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from permasalahan.models import Problem
from sigoro.forms import (
    EMPTY_CHOICE,
    BootstrapFormMixin,
    RupiahField,
    clean_phone_input,
    give_idempotency_key,
    idempotency_key_field,
)
from sigoro.models import RT, Kelurahan, User
from stakeholder import selectors
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


class CheckboxList(forms.CheckboxSelectMultiple):
    """Checkboxes in a scrolling box, each a Bootstrap form-check with its own label."""

    template_name = "stakeholder/widgets/checkbox_list.html"


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
            "kelurahan_layanan": CheckboxList,
            "catatan": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, create: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kelurahan_layanan"].queryset = selectors.kelurahan_choices(user=user)
        self.fields["telepon"].help_text = _("E.g. 0812-3456-7890 or 0717-421234.")
        phone = self.initial.get("telepon") or ""
        if phone.startswith("62"):  # stored as 62..., typed and read as 0...
            self.initial["telepon"] = "0" + phone[2:]
        kecamatan = selectors.kecamatan_choices(user=user)
        if create and len(kecamatan) > 1:
            self.fields["kecamatan"] = forms.ModelChoiceField(
                label=_("Kecamatan"), queryset=kecamatan, empty_label=EMPTY_CHOICE
            )
        self.default_kecamatan = kecamatan[0] if len(kecamatan) == 1 else None
        if create:
            self.add_idempotency_key()

    def clean_telepon(self):
        return clean_phone_input(self.cleaned_data.get("telepon", "").strip())

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("seluruh_kecamatan") and not cleaned.get("kelurahan_layanan"):
            self.add_error(
                "kelurahan_layanan",
                _("Choose at least one kelurahan, or tick 'serves the whole kecamatan'."),
            )
        return cleaned

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
        widget=CheckboxList,
    )
    stakeholders = StakeholderChoiceField(
        label=_("Addressed to"),
        queryset=Stakeholder.objects.none(),
        widget=CheckboxList,
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
    jumlah = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=1_000_000)
    satuan = forms.CharField(label=_("Unit"), max_length=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jenis"].choices = [("", _("— kind —")), *SupportKind.choices]
        self.fields["item"].widget.attrs["placeholder"] = _("Item, e.g. sacks")
        self.fields["jumlah"].widget.attrs["placeholder"] = _("Quantity")
        self.fields["satuan"].widget.attrs["placeholder"] = _("Unit, e.g. pieces")


class BaseItemFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not self.rows():
            raise forms.ValidationError(_("Add at least one row: what is asked for."))

    def rows(self):
        from stakeholder.services import ItemRow

        return [
            ItemRow(**{k: f.cleaned_data[k] for k in ("jenis", "item", "jumlah", "satuan", "pk")})
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
        if user.role == "stakeholder":
            del self.fields["tanggal"]
            del self.fields["cara"]
        else:
            self.fields["cara"].choices = [
                c for c in AnswerChannel.choices if c[0] != AnswerChannel.PORTAL
            ]
            self.fields["tanggal"].initial = timezone.localdate

    def clean_tanggal(self):
        value = self.cleaned_data["tanggal"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future."))
        return value


class AnswerRowForm(BootstrapFormMixin, forms.Form):
    """The answer to one row: the quantity pledged (0 declines) and its estimated value."""

    pledge = forms.IntegerField(widget=forms.HiddenInput)
    jumlah = forms.IntegerField(
        label=_("Quantity pledged"), min_value=0, max_value=1_000_000, required=False
    )
    nilai = RupiahField(label=_("Estimated value (Rp)"), required=False)
    catatan = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, pledge=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.pledge_obj = pledge
        self.fields["nilai"].widget.attrs["placeholder"] = _("e.g. 1.250.000")
        self.fields["jumlah"].widget.attrs["inputmode"] = "numeric"

    def clean(self):
        cleaned = super().clean()
        pledge = self.pledge_obj
        jumlah = cleaned.get("jumlah")
        if pledge is None or "jumlah" in self.errors:
            return cleaned
        if jumlah is None and pledge.jumlah_dijanjikan is not None:
            self.add_error("jumlah", _("Enter 0 to decline this row."))
        elif jumlah is not None and jumlah < pledge.jumlah_diterima:
            self.add_error(
                "jumlah",
                _("%(n)d were already delivered; pledge at least that.")
                % {"n": pledge.jumlah_diterima},
            )
        elif jumlah and cleaned.get("nilai") is None and pledge.item.jenis != SupportKind.ARAHAN:
            self.add_error("nilai", _("Estimate the value in Rupiah (0 if it has none)."))
        return cleaned


class BaseAnswerFormSet(forms.BaseFormSet):
    def __init__(self, *args, pledges, **kwargs):
        self.pledges = list(pledges)
        kwargs["initial"] = [
            {
                "pledge": p.pk,
                "jumlah": p.jumlah_dijanjikan,
                "nilai": p.nilai_dijanjikan if p.jumlah_dijanjikan else None,
                "catatan": p.catatan,
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
        from stakeholder.services import PledgeAnswer

        by_pk = {p.pk: p for p in self.pledges}
        return [
            PledgeAnswer(
                pledge=by_pk[f.cleaned_data["pledge"]],
                jumlah=f.cleaned_data.get("jumlah"),
                nilai=f.cleaned_data.get("nilai"),
                catatan=f.cleaned_data.get("catatan", ""),
            )
            for f in self.forms
            if f.cleaned_data.get("pledge") in by_pk
        ]


AnswerFormSet = forms.formset_factory(AnswerRowForm, formset=BaseAnswerFormSet, extra=0, max_num=30)


class DeliveryForm(IdempotentFormMixin, BootstrapFormMixin, forms.Form):
    jumlah = forms.IntegerField(label=_("Quantity received"), min_value=1, max_value=1_000_000)
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
    catatan = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, pledge, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.pledge = pledge
        self.fields["jumlah"].initial = pledge.sisa
        self.fields["jumlah"].widget.attrs["max"] = max(pledge.sisa, 1)
        self.fields["tanggal"].initial = timezone.localdate
        self.fields["diterima_oleh"].initial = user.get_full_name() or user.username
        self.fields["nilai"].widget.attrs["placeholder"] = _("e.g. 1.250.000")
        self.add_idempotency_key()

    def clean_tanggal(self):
        value = self.cleaned_data["tanggal"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future."))
        return value


# -- swadaya --------------------------------------------------------------------------------


class RTChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, rt):
        return f"{rt} · {rt.kelurahan.nama}"


class SwadayaForm(IdempotentFormMixin, BootstrapFormMixin, forms.ModelForm):
    rt = RTChoiceField(label=_("RT"), queryset=RT.objects.none())
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

    def clean_tanggal(self):
        value = self.cleaned_data["tanggal"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future."))
        return value

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
