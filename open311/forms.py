"""Forms of the Open311 API: a POSTed request read by the public report form, and the staff
form that issues an API key."""

from django import forms
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from permasalahan.forms import PublicReportForm
from sigoro.forms import BootstrapFormMixin, give_idempotency_key, idempotency_key_field

# The public report form's fields, by the Open311 parameter that fills them.
REPORT_FIELDS = {
    "service_code": "kategori",
    "attribute[rt]": "rt",
    "address_string": "alamat",
    "description": "deskripsi",
    "lat": "lat",
    "long": "lon",
    "phone": "hp",
}
PARAMETER_OF_FIELD = {field: parameter for parameter, field in REPORT_FIELDS.items()} | {
    "nama": "first_name",
    "foto": "media",
    "foto_galeri": "media",
}


def report_fields(post, *, category) -> dict:
    """The Open311 POST parameters as the public report form's data (``category``: the
    problem category the service_code names)."""
    data = {field: post.get(parameter, "") for parameter, field in REPORT_FIELDS.items()}
    data["kategori"] = str(category.pk)
    names = (post.get("first_name", ""), post.get("last_name", ""))
    data["nama"] = " ".join(name.strip() for name in names if name.strip())
    return data


def report_form(post, files, *, category) -> PublicReportForm:
    """The public report form, filled from an Open311 POST: the same checks as a resident's
    report (no session: no photo kept from an earlier try)."""
    media = files.getlist("media") if files else []
    return PublicReportForm(
        report_fields(post, category=category), MultiValueDict({"foto": media}), session=None
    )


def report_errors(form) -> list[str]:
    """The form's errors as "parameter: message", named by their Open311 parameter."""
    found = []
    for field, messages in form.errors.items():
        parameter = PARAMETER_OF_FIELD.get(field, "")
        found.extend(f"{parameter}: {message}" if parameter else message for message in messages)
    return found


class ClientForm(BootstrapFormMixin, forms.Form):
    nama = forms.CharField(
        label=_("Client name"),
        max_length=100,
        help_text=_("The system or organisation that will use the key, e.g. SP4N-LAPOR! adapter."),
    )
    kecamatan = forms.ModelChoiceField(label=_("Kecamatan"), queryset=None)
    idempotency_key = idempotency_key_field()

    def __init__(self, *args, kecamatan_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].queryset = kecamatan_queryset
        if len(kecamatan_queryset) == 1:
            self.fields["kecamatan"].initial = kecamatan_queryset[0].pk
            self.fields["kecamatan"].widget = forms.HiddenInput()
        give_idempotency_key(self)

    def clean_nama(self):
        nama = self.cleaned_data["nama"].strip()
        if not nama:
            raise forms.ValidationError(_("Give the client's name."))
        return nama
