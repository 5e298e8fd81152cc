import datetime
import uuid

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sigoro import access, selectors
from sigoro.formats import parse_rupiah, rupiah, tanggal
from sigoro.models import (
    CITY_WIDE_ROLES,
    RT,
    RW,
    Kecamatan,
    Kelurahan,
    PersonalDataSubjectKind,
    Role,
    User,
)
from sigoro.phone import normalize_phone

EMPTY_CHOICE = _("— choose —")

# The dates any form accepts: the working years of the portal. A date far outside (year 1 or
# 9999, as a hand-edited address or POST may send) would overflow the date arithmetic of
# calendars, recurrences and deadlines; the field refuses it instead.
EARLIEST_DATE = datetime.date(2000, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)


def validate_date_in_range(value) -> None:
    """Refuse a date outside EARLIEST_DATE..LATEST_DATE with the Indonesian field error."""
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise forms.ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="date_out_of_range",
            params={
                "earliest": tanggal(EARLIEST_DATE, with_day=False),
                "latest": tanggal(LATEST_DATE, with_day=False),
            },
        )


def _label_empty_choice(field) -> None:
    """Say "— pilih —" on the one blank choice (Django's "---------" is not translated).

    Fields that add their blank choice themselves when their choices are listed (model
    choices, django-filter's choice fields) carry ``empty_label``: relabel that, and leave
    their choices alone, or the list would get a second blank. Other choice fields have the
    blank, if any, as their first choice.
    """
    if hasattr(field, "empty_label"):
        if field.empty_label is not None:
            field.empty_label = EMPTY_CHOICE
            # The widget may still list the choices of the field this one was copied from.
            field.widget.choices = field.choices
    elif isinstance(field, forms.ChoiceField):
        choices = list(field.choices)
        if choices and choices[0][0] == "":
            field.choices = [("", EMPTY_CHOICE), *choices[1:]]


def clean_phone_input(raw) -> str:
    """Return a typed phone number in its one stored form ("628...", "62717..."), "" when
    empty, or raise the Indonesian error every form shows for a number that is not a valid
    Indonesian mobile or office line."""
    if not raw:
        return ""
    phone = normalize_phone(raw)
    if phone is None:
        raise forms.ValidationError(
            _(
                "Enter a valid Indonesian phone number, e.g. 0812-3456-7890 or an office "
                "line (0717) 421234."
            )
        )
    return phone


def idempotency_key_field() -> forms.CharField:
    """The hidden one-time key of a create form: a second submit finds the first record."""
    return forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)


def give_idempotency_key(form) -> None:
    """Put a fresh key into an unbound form (a bound one sends back the key it was given)."""
    if not form.is_bound and not form.initial.get("idempotency_key"):
        form.initial["idempotency_key"] = uuid.uuid4().hex


CHOOSE_KELURAHAN_FIRST = _("— choose a kelurahan first —")


def narrow_area_fields(
    form, *, user, kelurahan="kelurahan", rw=None, rt="rt", options_url=None, options=None
) -> None:
    """Offer in the RW/RT selects of ``form`` only the options the page can afford.

    A user whose area holds few RT sees them all; a kecamatan or a city sees the RT (and
    RW) of the submitted kelurahan, or of the submitted RT's kelurahan, and otherwise a
    hint to choose a kelurahan first (issue 14). Validation is untouched: the fields keep
    their querysets, so a submitted RT of the user's area is accepted either way. With
    JavaScript, ``static/js/sigoro.js`` refills the selects from ``options_url`` (a JSON
    endpoint answering ``selectors.area_options``) when the kelurahan changes.
    """
    data = form.data if form.is_bound else {}
    prefix = form.add_prefix
    if options is None:
        options = selectors.area_options(
            user=user, kelurahan=data.get(prefix(kelurahan)), rt=data.get(prefix(rt))
        )
    source = form.fields.get(kelurahan)
    for name, choices in ((rw, options.rw), (rt, options.rt)):
        field = form.fields.get(name) if name else None
        if field is None:
            continue
        empty = getattr(field, "empty_label", None) or EMPTY_CHOICE
        first = empty if options.complete or options.kelurahan else CHOOSE_KELURAHAN_FIRST
        field.widget.choices = [("", first), *choices]
        if source is not None:
            field.widget.attrs.update(
                {
                    "data-area-from": prefix(kelurahan),
                    "data-area-kind": "rw" if name == rw else "rt",
                    "data-area-url": options_url or reverse("area-options"),
                    "data-empty-label": str(empty),
                    "data-hint-label": str(CHOOSE_KELURAHAN_FIRST),
                }
            )


class BootstrapFormMixin:
    """Give every widget its Bootstrap class, and mark fields with errors as invalid.

    Every date field also refuses dates outside the portal's years (``EARLIEST_DATE`` ..
    ``LATEST_DATE``): one rule for every form and filter that uses this mixin.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.IntegerField):
                field.error_messages["invalid"] = _("Enter a whole number, e.g. 120.")
            if isinstance(field, forms.DateField) and validate_date_in_range not in (
                field.validators
            ):
                field.validators.append(validate_date_in_range)
            _label_empty_choice(field)
            widget = field.widget
            if getattr(widget, "input_type", None) == "checkbox":
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                widget.attrs["aria-invalid"] = "true"


class RupiahField(forms.Field):
    """An amount in whole Rupiah: accepts "1.250.000", "1250000" and "Rp 1.250.000".

    Cleans to an ``int`` (never a float); shows a stored amount as "1.250.000".
    """

    default_error_messages = {
        "invalid": _("Enter an amount in Rupiah, e.g. 1.250.000."),
        "max_value": _("The amount is too large: at most %(limit)s."),
    }
    MAX_VALUE = 10**15

    def __init__(self, *, max_value: int = MAX_VALUE, **kwargs):
        self.max_value = max_value
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        invalid = forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if isinstance(value, int) and not isinstance(value, bool):
            amount = value
        else:
            try:
                amount = parse_rupiah(value)
            except ValueError:
                raise invalid from None
        if amount < 0:
            raise invalid
        if amount > self.max_value:
            raise forms.ValidationError(
                self.error_messages["max_value"],
                code="max_value",
                params={"limit": rupiah(self.max_value)},
            )
        return amount

    def prepare_value(self, value):
        # A stored amount shows as "1.250.000"; what a person typed is shown back as typed.
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{value:,}".replace(",", ".")
        return value


class LoginForm(BootstrapFormMixin, AuthenticationForm):
    username = forms.CharField(
        label=_("Username or phone number"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _(
            "The username/phone number or password is wrong. Check them and try again."
        ),
        "inactive": _("This account has been deactivated. Contact the kecamatan office."),
    }


class RTCountsForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = RT
        fields = ["jumlah_kk", "jumlah_jiwa"]


class UserFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)


class UserForm(BootstrapFormMixin, forms.ModelForm):
    """Create or edit an account; area choices are limited to the acting admin's area."""

    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(render_value=True),
        required=False,
        help_text=_("Leave empty to keep the current password."),
    )

    class Meta:
        model = User
        fields = [
            "username",
            "first_name",
            "last_name",
            "phone",
            "jabatan",
            "role",
            "kecamatan",
            "kelurahan",
            "rw",
            "rt",
            "is_active",
        ]

    def __init__(self, *args, acting_user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].required = True
        # A city monitor reads every kecamatan of a city: beyond any kecamatan
        # administrator's own area, so only a system administrator creates one (Django
        # admin). ``sigoro.services.user_create`` refuses it too.
        self.fields["role"].choices = [
            ("", EMPTY_CHOICE),
            *((value, label) for value, label in Role.choices if value not in CITY_WIDE_ROLES),
        ]
        self.fields["kecamatan"].queryset = access.scope_queryset(
            Kecamatan.objects.all(), acting_user
        )
        self.fields["kelurahan"].queryset = access.scope_queryset(
            Kelurahan.objects.all(), acting_user
        )
        self.fields["rw"].queryset = access.scope_queryset(
            RW.objects.select_related("kelurahan"), acting_user
        )
        self.fields["rt"].queryset = access.scope_queryset(
            RT.objects.select_related("rw", "kelurahan"), acting_user
        )
        self.fields["rw"].label_from_instance = lambda rw: rw.label
        self.fields["rt"].label_from_instance = lambda rt: rt.label
        for name in ("kecamatan", "kelurahan", "rw", "rt"):
            self.fields[name].widget.attrs["data-area-level"] = name
        self.fields["role"].widget.attrs["data-role-select"] = ""
        if self.instance.pk is None:
            self.fields["password"].required = True
            self.fields["password"].help_text = ""

    def clean_phone(self):
        return clean_phone_input(self.cleaned_data.get("phone")) or None

    def clean_password(self):
        password = self.cleaned_data.get("password")
        if password:
            validate_password(password, self.instance)
        return password


class PersonalDataForm(BootstrapFormMixin, forms.Form):
    """Name one person (UU PDP request): an account, or a reporter by phone or name."""

    jenis = forms.ChoiceField(
        label=_("Identify the person by"),
        choices=PersonalDataSubjectKind.choices,
        initial=PersonalDataSubjectKind.PHONE,
    )
    nilai = forms.CharField(
        label=_("Username, phone number or name"),
        max_length=150,
        help_text=_("Exactly as stored, e.g. 0812 3456 7890 or the reporter's full name."),
    )
    konfirmasi = forms.BooleanField(
        label=_("I have checked that this is the person who asked; delete their data."),
        required=False,
    )

    def clean(self):
        data = super().clean()
        phone = data.get("jenis") == PersonalDataSubjectKind.PHONE and data.get("nilai")
        if phone and normalize_phone(phone) is None:
            self.add_error("nilai", _("Enter a valid Indonesian phone number."))
        return data
