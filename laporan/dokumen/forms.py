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


class KopSuratForm(forms.ModelForm):
    class Meta:
        from laporan.models import KopSurat

        model = KopSurat
        fields = [
            "pemerintah",
            "nama_kantor",
            "alamat",
            "telepon",
            "email",
            "situs",
            "kota_surat",
            "logo",
            "nama_camat",
            "nip_camat",
        ]
