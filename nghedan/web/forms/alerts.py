"""Forms of the early-warning pages: parse and check input; the rules live in
`nghedan.alerts.actions`."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _


class AlertNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Ghi chú"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
    )


class AlertAssignForm(forms.Form):
    assignee: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Giao cho lãnh đạo"), queryset=None
    )

    def __init__(self, *args, leaders=(), **kwargs):
        super().__init__(*args, **kwargs)
        pks = [leader.pk for leader in leaders]
        self.fields["assignee"].queryset = get_user_model().objects.filter(pk__in=pks)
