"""Forms of the SIGORO index: the weights and targets of a kecamatan (validation only)."""

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from laporan.models import IndexConfig

from .selectors import DIMENSIONS

WEIGHT_FIELDS = [f"bobot_{name}" for name in DIMENSIONS]


class IndexConfigForm(forms.ModelForm):
    """A new version of the weights (0-100 each, summing to 100) and targets (> 0)."""

    berlaku_mulai = forms.DateField(
        label=_("In force from (month)"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text=_("The first month the new weights apply to; ended months keep theirs."),
    )

    class Meta:
        model = IndexConfig
        fields = [
            "berlaku_mulai",
            *WEIGHT_FIELDS,
            "target_stakeholder",
            "target_jenis_stakeholder",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in WEIGHT_FIELDS:
            self.fields[name].validators += [MinValueValidator(0), MaxValueValidator(100)]
            self.fields[name].widget.attrs.update(min=0, max=100, step=1)
        for name in ("target_stakeholder", "target_jenis_stakeholder"):
            self.fields[name].validators.append(MinValueValidator(Decimal("0.01")))
            self.fields[name].widget.attrs.update(min="0.01", step="0.01")

    def clean_berlaku_mulai(self):
        return self.cleaned_data["berlaku_mulai"].replace(day=1)

    def clean(self):
        cleaned = super().clean()
        weights = [cleaned.get(name) for name in WEIGHT_FIELDS]
        if all(weight is not None for weight in weights) and sum(weights) != 100:
            raise forms.ValidationError(
                _("The five weights must add up to 100 (now %(sum)s).") % {"sum": sum(weights)}
            )
        return cleaned

    def validate_unique(self):
        # A version for the same month replaces that one (``index_config_create``).
        pass

    def _post_clean(self):
        # The service cleans the model (with the kecamatan, which the form does not carry).
        pass
