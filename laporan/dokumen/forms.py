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


MONTHS_OFFERED = 12


class MonthlyReportForm(forms.Form):
    """Ask for the monthly report of an area of the user's (the archive page)."""

    wilayah = forms.ChoiceField(label=_("Area"))
    bulan = forms.ChoiceField(label=_("Month"))

    def __init__(self, *args, user, today=None, **kwargs):
        from django.utils import timezone

        from laporan.dokumen.laporan_bulanan import requestable_areas
        from laporan.periods import MONTH, Period

        super().__init__(*args, **kwargs)
        today = today or timezone.localdate()
        self.fields["wilayah"].choices = [
            (f"{level}:{area.pk}", str(area)) for level, area in requestable_areas(user=user)
        ]
        months, month = [], Period.current(MONTH, today=today)
        for _index in range(MONTHS_OFFERED):
            months.append((month.key, month.label))
            month = month.previous()
        self.fields["bulan"].choices = months
        self.fields["bulan"].initial = Period.last_closed_month(today=today).key

    def clean_wilayah(self) -> tuple[str, int]:
        level, _sep, pk = self.cleaned_data["wilayah"].partition(":")
        return level, int(pk)
