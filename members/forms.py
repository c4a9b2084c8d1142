"""Forms of the roster, the person record, status changes, groups and transfers. Forms check
what a form can (required fields, formats, which choice goes with which); the services check
the rest and their refusals come back onto the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branch.exceptions import ServiceError
from branch.forms import DateInput, Form
from branch.models import Organization, OrgKind, PartyGroup
from branch.validators import validate_phone
from members.idcard import InvalidIdNumber, parse_id_number
from members.models import (
    ASPECT_VALUES,
    PARTY_MEMBER_STAGES,
    Aspect,
    Category,
    CommitteePost,
    CommitteeTerm,
    Education,
    Gender,
    Person,
    Post,
    Stage,
    Standing,
)
from members.selectors import date_entered
from members.services import party_dates_check
from members.validation import FULL_MEMBER_ON, JOINED_PARTY_ON

User = get_user_model()

MAX_PHOTO_BYTES = 5 * 1024 * 1024
BLANK = [("", "---------")]


def active_groups(org: Organization) -> QuerySet[PartyGroup]:
    return PartyGroup.objects.filter(organization=org, dissolved_on__isnull=True)


# The person ---------------------------------------------------------------------------------


class PersonFieldsForm(Form):
    """The person's own data. Birth date and gender may be left empty when a valid ID number
    gives them; the service cross-checks the ID number with whatever was entered."""

    name = forms.CharField(label=_("Full name"), max_length=40)
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=18,
        required=False,
        help_text=_("Birth date and gender are taken from it when left empty."),
    )
    gender = forms.ChoiceField(label=_("gender"), choices=BLANK + Gender.choices, required=False)
    birth_date = forms.DateField(label=_("date of birth"), required=False, widget=DateInput())
    ethnicity = forms.CharField(
        label=_("ethnicity"),
        max_length=20,
        initial=Person._meta.get_field("ethnicity").default,
    )
    education = forms.ChoiceField(
        label=_("education"), choices=BLANK + Education.choices, required=False
    )
    unit_and_post = forms.CharField(label=_("unit and post"), max_length=100, required=False)
    phone = forms.CharField(
        label=_("phone"),
        max_length=20,
        required=False,
        validators=[validate_phone],
        help_text=_("A mobile number, or a landline with its area code (0571-87654321)."),
    )

    def clean_id_number(self) -> str:
        return self.cleaned_data["id_number"].strip().upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        number = data.get("id_number")
        if number and (not data.get("birth_date") or not data.get("gender")):
            try:
                parsed = parse_id_number(number)
            except InvalidIdNumber as exc:
                self.add_error("id_number", str(exc))
                return data
            data["birth_date"] = data.get("birth_date") or parsed.birth_date
            data["gender"] = data.get("gender") or parsed.gender
        if not number:
            if not data.get("birth_date") and "birth_date" not in self.errors:
                self.add_error("birth_date", _("Give the date of birth or a valid ID number."))
            if not data.get("gender") and "gender" not in self.errors:
                self.add_error("gender", _("Give the gender or a valid ID number."))
        return data

    def person_data(self) -> dict[str, Any]:
        """The cleaned person fields, named as the services name them."""
        names = ("name", "id_number", "gender", "birth_date", "ethnicity", "education")
        names += ("unit_and_post", "phone")
        return {name: self.cleaned_data[name] for name in names if name in self.cleaned_data}


class PartyDatesMixin(Form):
    """入党日期 and 转正日期, checked as the services check them."""

    joined_party_on = forms.DateField(
        label=JOINED_PARTY_ON,
        required=False,
        widget=DateInput(),
        help_text=_("For full and probationary members: the day the branch admitted them."),
    )
    full_member_on = forms.DateField(
        label=FULL_MEMBER_ON,
        required=False,
        widget=DateInput(),
        help_text=_("For full members: the end of the probation, a year after joining or later."),
    )

    def check_party_dates(self, stage: str | None) -> None:
        data = self.cleaned_data
        if stage is None or {"joined_party_on", "full_member_on"} & set(self.errors):
            return
        try:
            party_dates_check(
                stage=stage,
                birth_date=data.get("birth_date"),
                joined_party_on=data.get("joined_party_on"),
                full_member_on=data.get("full_member_on"),
                require=True,
            )
        except ServiceError as exc:
            self.add_error(exc.field, exc.message)


class AccountAndPhotoMixin(Form):
    photo = forms.ImageField(label=_("photo"), required=False)
    user = forms.CharField(
        label=_("login account"),
        max_length=150,
        required=False,
        help_text=_("Login name of an existing account, so the person can see their own record."),
    )

    def clean_user(self) -> Any:
        username = self.cleaned_data["user"].strip()
        if not username:
            return None
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            raise forms.ValidationError(
                _("There is no account with the login name “%(username)s”."),
                params={"username": username},
            )
        return user

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if photo and getattr(photo, "size", 0) > MAX_PHOTO_BYTES:
            raise forms.ValidationError(_("A photo may be at most 5 MB."))
        return photo


class PersonCreateForm(AccountAndPhotoMixin, PartyDatesMixin, PersonFieldsForm):
    joined_on = forms.DateField(
        label=_("joined the branch on"), widget=DateInput(), initial=timezone.localdate
    )
    stage = forms.ChoiceField(label=_("stage"), choices=Stage.choices, initial=Stage.FULL)
    stage_on = forms.DateField(
        label=_("at this stage since"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "For someone in the development pipeline; empty: the day of joining the branch. "
            "A party member's stages come from the two party dates."
        ),
    )
    category = forms.ChoiceField(
        label=_("category"), choices=BLANK + Category.choices, required=False
    )
    category_on = forms.DateField(
        label=_("in this category since"), required=False, widget=DateInput()
    )
    party_group = forms.ModelChoiceField(
        label=_("party group"), queryset=PartyGroup.objects.none(), required=False
    )

    field_order = [
        *PersonFieldsForm.base_fields,
        "photo",
        "joined_on",
        "stage",
        "joined_party_on",
        "full_member_on",
        "stage_on",
    ]

    def __init__(self, *args: Any, org: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.org = org
        self.fields["party_group"].queryset = active_groups(org)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        stage = data.get("stage")
        if stage in PARTY_MEMBER_STAGES:
            # a party member's stages begin on the party dates, not on a date of their own
            data["stage_on"] = None
        self.check_party_dates(stage)
        return data

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        extra = ("joined_on", "stage", "stage_on", "category", "category_on", "party_group")
        extra += ("joined_party_on", "full_member_on")
        return {
            **self.person_data(),
            **{name: data[name] for name in extra},
            "photo": data.get("photo") or None,
            "user": data.get("user"),
        }


# Shown and changed only by holders of ``view_personal_data`` and by the person themself.
PERSONAL_FIELDS = ("id_number", "phone")


class PersonUpdateForm(AccountAndPhotoMixin, PartyDatesMixin, PersonFieldsForm):
    """The person's own data and, for a party member, the two party dates (the service
    knows the person's stage and refuses them for anyone else).

    Without ``personal_data`` the form has no ID or phone number: it neither shows them nor
    changes them, whatever is posted."""

    def __init__(self, *args: Any, personal_data: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not personal_data:
            for name in PERSONAL_FIELDS:
                del self.fields[name]

    def service_data(self) -> dict[str, Any]:
        photo = self.cleaned_data.get("photo")
        # ClearableFileInput answers False for "remove the photo", None for "keep it"
        data = {
            **self.person_data(),
            "user": self.cleaned_data.get("user"),
            "photo": "" if photo is False else photo,
        }
        for name in ("joined_party_on", "full_member_on"):
            if self.cleaned_data.get(name) or self.initial.get(name):
                data[name] = self.cleaned_data.get(name)
        return data


def person_initial(person: Person, *, personal_data: bool = True) -> dict[str, Any]:
    names = ("name", "id_number", "gender", "birth_date", "ethnicity", "education")
    names += ("unit_and_post", "phone", "photo")
    initial = {
        name: getattr(person, name)
        for name in names
        if personal_data or name not in PERSONAL_FIELDS
    }
    initial["user"] = person.user.username if person.user else ""
    changes = [c for c in person.status_changes.all() if c.aspect == Aspect.STAGE]
    initial["joined_party_on"] = date_entered(changes, Aspect.STAGE, Stage.PROBATIONARY)
    initial["full_member_on"] = date_entered(changes, Aspect.STAGE, Stage.FULL)
    return initial


# Status and group ---------------------------------------------------------------------------


class StatusChangeForm(Form):
    aspect = forms.ChoiceField(label=_("what changes"), choices=Aspect.choices)
    value = forms.ChoiceField(label=_("new value"))
    effective_on = forms.DateField(
        label=_("effective on"), widget=DateInput(), initial=timezone.localdate
    )
    note = forms.CharField(
        label=_("note"),
        max_length=200,
        required=False,
        help_text=_("e.g. the decision or document behind the change"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # grouped by aspect, so the list reads "stage: …, category: …, standing: …"
        self.fields["value"].choices = [
            (Aspect(aspect).label, ASPECT_VALUES[aspect].choices) for aspect in Aspect
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        aspect, value = data.get("aspect"), data.get("value")
        if aspect and value and value not in ASPECT_VALUES[aspect].values:
            self.add_error(
                "value",
                _("“%(value)s” is not a value of %(aspect)s.")
                % {"value": value, "aspect": Aspect(aspect).label},
            )
        return data


class GroupAssignForm(Form):
    party_group = forms.ModelChoiceField(
        label=_("party group"),
        queryset=PartyGroup.objects.none(),
        required=False,
        empty_label=_("(no party group)"),
    )
    joined_on = forms.DateField(label=_("from"), widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args: Any, org: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party_group"].queryset = active_groups(org)


# The roster filter --------------------------------------------------------------------------


class RosterFilterForm(Form):
    is_filter = True  # its empty choices read 全部 (branch.forms_render)
    as_of = forms.DateField(label=_("as of"), required=False, widget=DateInput())
    q = forms.CharField(label=_("search"), required=False, max_length=40)
    stage = forms.ChoiceField(label=_("stage"), choices=BLANK + Stage.choices, required=False)
    category = forms.ChoiceField(
        label=_("category"), choices=BLANK + Category.choices, required=False
    )
    group = forms.ModelChoiceField(
        label=_("party group"), queryset=PartyGroup.objects.none(), required=False
    )
    standing = forms.ChoiceField(
        label=_("standing"), choices=BLANK + Standing.choices, required=False
    )

    def __init__(self, *args: Any, org: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = PartyGroup.objects.filter(
            organization__path__startswith=org.path
        ).select_related("organization")
        if org.kind != OrgKind.BRANCH:
            self.fields["group"].label_from_instance = lambda g: f"{g.organization.name} {g.name}"


# The committee ------------------------------------------------------------------------------


class CommitteeTermForm(Form):
    elected_on = forms.DateField(label=_("elected on"), widget=DateInput())
    note = forms.CharField(
        label=_("note"),
        max_length=200,
        required=False,
        help_text=_("e.g. the general assembly that held the election"),
    )


class CommitteePostAddForm(Form):
    term = forms.ModelChoiceField(label=_("committee term"), queryset=CommitteeTerm.objects.none())
    person = forms.ModelChoiceField(label=_("person"), queryset=Person.objects.none())
    post = forms.ChoiceField(label=_("post"), choices=Post.choices)
    duties = forms.CharField(label=_("duties"), max_length=200, required=False)
    started_on = forms.DateField(label=_("took office on"), widget=DateInput())

    def __init__(
        self, *args: Any, terms: QuerySet[CommitteeTerm], people: QuerySet[Person], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = terms
        self.fields["term"].empty_label = None
        self.fields["term"].label_from_instance = lambda t: (
            f"{t.elected_on:%Y-%m-%d} – {t.ends_on:%Y-%m-%d}"
        )
        self.fields["person"].queryset = people


class CommitteePostEndForm(Form):
    committee_post = forms.ModelChoiceField(label=_("post"), queryset=CommitteePost.objects.none())
    ended_on = forms.DateField(
        label=_("left office on"), widget=DateInput(), initial=timezone.localdate
    )

    def __init__(self, *args: Any, posts: QuerySet[CommitteePost], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee_post"].queryset = posts
        self.fields["committee_post"].label_from_instance = lambda p: (
            f"{p.person.name} · {p.get_post_display()}"
        )
