from django import forms
from django.utils.translation import gettext_lazy as _


class SignedCopyForm(forms.Form):
    berkas = forms.FileField(
        label=_("Scan or photo of the signed copy"),
        help_text=_("A PDF, or a JPEG, PNG, WebP or HEIC photo."),
    )


class HashCheckForm(forms.Form):
    berkas = forms.FileField(label=_("The file to check"))


class CodeLookupForm(forms.Form):
    kode = forms.CharField(label=_("Verification code"), max_length=20)
