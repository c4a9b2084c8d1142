"""The kinds a person's record is made of: stage, category, standing, education, and the posts
of a committee. Models, rules and forms all read them from here."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    MALE = "male", _("male")
    FEMALE = "female", _("female")


class Stage(models.TextChoices):
    """From application to full membership, in order."""

    APPLICANT = "applicant", _("applicant")
    ACTIVIST = "activist", _("activist")
    CANDIDATE = "candidate", _("candidate for membership")
    PROBATIONARY = "probationary", _("probationary member")
    FULL = "full", _("full member")


PARTY_MEMBER_STAGES = (Stage.PROBATIONARY, Stage.FULL)
PIPELINE_STAGES = (Stage.APPLICANT, Stage.ACTIVIST, Stage.CANDIDATE, Stage.PROBATIONARY)


class Category(models.TextChoices):
    EMPLOYED = "employed", _("in service")
    RETIRED = "retired", _("retired")
    STUDENT = "student", _("student")
    FARMER = "farmer", _("farmer")
    OTHER = "other", _("other")


class Standing(models.TextChoices):
    NORMAL = "normal", _("normal")
    SUSPENDED = "suspended", _("party membership suspended")
    DISQUALIFIED = "disqualified", _("probationary membership cancelled")
    LEFT = "left", _("left the party")
    EXPELLED = "expelled", _("expelled")
    DECEASED = "deceased", _("deceased")


class Education(models.TextChoices):
    POSTGRADUATE = "postgraduate", _("postgraduate")
    BACHELOR = "bachelor", _("university")
    COLLEGE = "college", _("college")
    SECONDARY = "secondary", _("secondary vocational or high school")
    BASIC = "basic", _("junior high school or below")


class Aspect(models.TextChoices):
    STAGE = "stage", _("stage")
    CATEGORY = "category", _("category")
    STANDING = "standing", _("standing")


ASPECT_VALUES = {
    Aspect.STAGE: Stage,
    Aspect.CATEGORY: Category,
    Aspect.STANDING: Standing,
}


class Post(models.TextChoices):
    SECRETARY = "secretary", _("secretary")
    DEPUTY = "deputy", _("deputy secretary")
    ORGANIZATION = "organization", _("organisation member")
    PROPAGANDA = "propaganda", _("publicity member")
    DISCIPLINE = "discipline", _("discipline inspection member")
    OTHER = "other", _("other committee member")
