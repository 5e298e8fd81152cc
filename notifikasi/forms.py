from django import forms
from django.utils.translation import gettext_lazy as _

from notifikasi.models import Kind


class PreferencesForm(forms.Form):
    """Which kinds also come by email (the inbox gets every kind)."""

    email = forms.MultipleChoiceField(
        label=_("Also by email"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
