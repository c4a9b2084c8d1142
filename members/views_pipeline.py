"""The development pipeline: the board of everyone on the way to membership, the form that
records a step, and the download of a step's attachments."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from branch.downloads import private_download
from branch.mixins import OrganizationMixin, ServiceFormView
from members.forms_pipeline import STEP_FIELDS, StepRecordForm
from members.models import PIPELINE_STAGES, DevelopmentStep, Stage, StepAttachment
from members.pipeline import step_record
from members.pipeline_selectors import (
    board_by_stage,
    pipeline_board,
    pipeline_queryset,
    stage_totals,
)
from members.rules import HIGHER, STEPS
from members.selectors import person_get_for_user

# The branch records its own steps, the higher committee's administrator the others; either
# may open the form, and the service refuses a step that is not theirs with a message.
RECORDING_PERMS = ("log_records", "approve_higher")


def may_record(perms: set[str], number: int) -> bool:
    return ("approve_higher" if STEPS[number].actor == HIGHER else "log_records") in perms


class PipelineBoardView(OrganizationMixin, TemplateView):
    page_cache = True
    permission = "view_organization"
    template_name = "members/pipeline/board.html"
    paginate_by = 100

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        q = self.request.GET.get("q", "").strip()[:40]
        stage = self.request.GET.get("stage", "")
        people = pipeline_queryset(self.org, today, q=q, stage=stage)
        # a township has hundreds on the way: a page at a time, counted by the database
        page = Paginator(people, self.paginate_by).get_page(self.request.GET.get("page"))
        entries = pipeline_board(self.org, today, page.object_list)
        for entry in entries:
            # the link to record the next step only for someone allowed to record it
            entry.can_record_next = entry.next_step is not None and may_record(
                self.perms, entry.next_step
            )
        query = self.request.GET.copy()
        query.pop("page", None)
        totals = stage_totals(people)
        context.update(
            today=today,
            stages=[
                (s, label, rows, totals.get(s, 0)) for s, label, rows in board_by_stage(entries)
            ],
            total=page.paginator.count,
            page=page,
            query=query.urlencode(),
            q=q,
            stage=stage,
            stage_choices=[(s, Stage(s).label) for s in PIPELINE_STAGES],
        )
        return context


class StepRecordView(ServiceFormView):
    permission = RECORDING_PERMS  # each of them comes with view_organization
    template_name = "members/pipeline/step_form.html"
    form_class = StepRecordForm
    success_message = gettext_lazy("Step recorded.")

    def _person(self):
        return person_get_for_user(self.request.user, self.org, self.kwargs["pk"], write=True)

    def get(self, request, *args, **kwargs):
        self.person = self._person()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.person = self._person()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "org": self.org}

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        step = self.request.GET.get("step", "")
        if step.isdigit() and int(step) in STEPS:
            initial["number"] = int(step)
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context.update(
            person=self.person,
            # each field with the steps it belongs to ("" for every step)
            fields=[
                (form[name], " ".join(str(n) for n in STEP_FIELDS.get(name, ())))
                for name in form.fields
            ],
            person_url=reverse(
                "members:person", kwargs={"org_code": self.org.code, "pk": self.person.pk}
            ),
        )
        return context

    def perform(self, form: StepRecordForm) -> DevelopmentStep:
        cd = form.cleaned_data
        return step_record(
            actor=self.request.user,
            org=self.org,
            person=self.person,
            number=cd["number"],
            done_on=cd["done_on"],
            notes=cd["notes"],
            data=form.step_data(),
            people=form.step_people(),
            files=cd["files"],
        )

    def get_success_url(self) -> str:
        return reverse("members:person", kwargs={"org_code": self.org.code, "pk": self.person.pk})


class StepAttachmentView(OrganizationMixin, View):
    """A step's file, only through this permission-checked view (never a public media URL)."""

    permission = "view_organization"

    def get(self, request, *args, **kwargs):
        person = person_get_for_user(request.user, self.org, kwargs["pk"])
        attachment = (
            StepAttachment.objects.filter(
                pk=kwargs["att_pk"],
                step__pk=kwargs["step_pk"],
                step__person=person,
                step__organization__path__startswith=self.org.path,
            )
            .only("file", "name")
            .first()
        )
        if attachment is None:
            raise Http404(_("No such attachment."))
        return private_download(attachment.file, attachment.name)
