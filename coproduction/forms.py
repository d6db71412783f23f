from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Size, Submit
from django import forms

from .formtools import DATE_CSS, DATE_WIDGET, SpecificErrors
from .models import GovernanceGroup, Membership, Profile, User
from .roles import Role


class ProfileForm(SpecificErrors, forms.ModelForm):
    full_name = forms.CharField(label="Full name", max_length=150)

    class Meta:
        model = Profile
        fields = ["preferred_name", "pronouns", "phone", "preferred_contact", "access_needs", "locality"]
        labels = {"locality": "Your locality"}
        widgets = {"preferred_contact": forms.RadioSelect}
        help_texts = {
            "pronouns": "Optional. For example: she/her, he/him, they/them.",
            "phone": "Optional. We only use it if you prefer phone calls or texts.",
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["full_name"].initial = user.full_name
        self.fields["locality"].required = False
        self.fields["locality"].empty_label = "Not in one locality / county-wide"
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("full_name", field_width=Fluid.TWO_THIRDS),
            Field.text("preferred_name", field_width=Fluid.ONE_HALF),
            Field.text("pronouns", field_width=Fluid.ONE_QUARTER),
            Field.text("phone", field_width=Fluid.ONE_HALF),
            Field.radios("preferred_contact", legend_size=Size.SMALL),
            Field.textarea("access_needs", rows=4),
            Field.select("locality"),
            Submit("submit", "Save my details"),
        )

    def save(self, commit: bool = True) -> Profile:
        self.user.full_name = self.cleaned_data["full_name"]
        self.user.save(update_fields=["full_name"])
        return super().save(commit=commit)


class MembershipForm(SpecificErrors, forms.Form):
    group = forms.ModelChoiceField(label="Group", queryset=GovernanceGroup.objects.all())
    role_in_group = forms.ChoiceField(label="Role in the group", choices=Membership.RoleInGroup.choices,
                                      initial=Membership.RoleInGroup.EBE_LEADER)
    started_on = forms.DateField(label="Starts on", widget=DATE_WIDGET)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.select("group"), Field.select("role_in_group"),
                                    Field("started_on", css_class=DATE_CSS), Submit("submit", "Add to the group"))


class RolesForm(SpecificErrors, forms.Form):
    roles = forms.MultipleChoiceField(label="Roles", required=False, widget=forms.CheckboxSelectMultiple,
                                      choices=[(role.value, role.value) for role in Role])
    reason = forms.CharField(label="Why are you changing them?", max_length=200,
                             help_text="Recorded in the audit trail with your name and the date.",
                             error_messages={"required": "Say why you are changing this person's roles."})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.checkboxes("roles", legend_size=Size.MEDIUM),
                                    Field.text("reason", field_width=Fluid.TWO_THIRDS), Submit("save", "Save the roles"))
