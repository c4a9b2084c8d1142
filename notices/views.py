"""Pages of 党务公开 for those logged in: the branch's items, drafting, publishing and
withdrawing, the PDF and attachments; for a higher committee, what its branches published."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from branch.dates import requested_year
from branch.downloads import private_download
from branch.exceptions import ServiceError
from branch.mixins import OrganizationMixin, ServiceFormView
from branch.pdf_fonts import ReportFontMissing
from notices import drafts, services
from notices.checks import notice_period_end
from notices.forms import NoticeForm, ProposeForm, PublishForm, WithdrawForm
from notices.models import Notice, NoticeKind
from notices.pdf import render_notice_pdf
from notices.selectors import notice_get_for_user, notices_of, published_by_branch


def notice_url(name: str, notice: Notice) -> str:
    return reverse(
        f"notices:{name}", kwargs={"org_code": notice.organization.code, "pk": notice.pk}
    )


class NoticeIndexView(OrganizationMixin, TemplateView):
    """党务公开: a branch's items (every one for the committee, those up today for members);
    for a higher committee, which branches published what in a year."""

    template_name = "notices/index.html"

    def get_template_names(self) -> list[str]:
        return ["notices/index.html" if self.org.is_branch else "notices/index_higher.html"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        staff = "view_organization" in self.perms
        if not self.org.is_branch:
            if not staff:
                raise Http404
            year = requested_year(self.request, org=self.org)
            rows = published_by_branch(self.org, year)
            context.update(
                year=year,
                rows=rows,
                silent=sum(1 for _b, items in rows if not items),
                previous_year=year - 1,
                next_year=year + 1 if year < today.year else None,
            )
            return context
        context.update(
            notices=list(notices_of(self.org, staff=staff, day=today)),
            staff=staff,
            can_draft="log_records" in self.perms,
            today=today,
        )
        return context


class NoticeDetailView(OrganizationMixin, TemplateView):
    template_name = "notices/detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        notice = notice_get_for_user(self.request.user, self.org, self.kwargs["pk"], today)
        status = notice.status_on(today)
        context.update(
            notice=notice,
            status=status,
            period_end=notice_period_end(notice),
            can_edit="log_records" in self.perms and status == "draft",
            can_publish="manage_organization" in self.perms and status == "draft",
            can_withdraw="manage_organization" in self.perms
            and status in ("live", "scheduled", "ended"),
            public_url=reverse("notices_public:detail", args=[self.org.code, notice.pk])
            if notice.is_public and status == "live"
            else "",
        )
        return context


class NoticeFormView(ServiceFormView):
    """A form about one item, fetched and authorised once."""

    def get_notice(self) -> Notice:
        if not hasattr(self, "_notice"):
            self._notice = notice_get_for_user(
                self.request.user, self.org, self.kwargs["pk"], timezone.localdate()
            )
        return self._notice

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["notice"] = self.get_notice()
        context["cancel_url"] = notice_url("detail", self.get_notice())
        return context

    def get_success_url(self) -> str:
        return notice_url("detail", self.get_notice())


class NoticeCreateView(ServiceFormView):
    permission = "log_records"
    template_name = "notices/form.html"
    form_class = NoticeForm
    success_message = gettext_lazy("Draft saved: publish it when it reads right.")
    extra_context = {"title": gettext_lazy("New notice"), "multipart": True}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = reverse("notices:index", kwargs={"org_code": self.org.code})
        return context

    def perform(self, form: NoticeForm) -> Notice:
        return services.notice_create(actor=self.request.user, org=self.org, **form.cleaned_data)

    def get_success_url(self) -> str:
        return notice_url("detail", self.result)


class NoticeUpdateView(NoticeFormView):
    permission = "log_records"
    template_name = "notices/form.html"
    form_class = NoticeForm
    success_message = gettext_lazy("Saved.")
    extra_context = {"title": gettext_lazy("Edit the draft"), "multipart": True}

    def get_initial(self) -> dict[str, Any]:
        notice = self.get_notice()
        return {"title": notice.title, "body": notice.body, "audience": notice.audience}

    def perform(self, form: NoticeForm) -> Notice:
        return services.notice_update(
            actor=self.request.user, notice=self.get_notice(), **form.cleaned_data
        )


class NoticePublishView(NoticeFormView):
    permission = "manage_organization"
    template_name = "notices/form.html"
    form_class = PublishForm
    success_message = gettext_lazy("Published.")
    extra_context = {"title": gettext_lazy("Publish")}

    def get_initial(self) -> dict[str, Any]:
        return {"published_on": timezone.localdate(), "audience": self.get_notice().audience}

    def perform(self, form: PublishForm) -> Notice:
        return services.notice_publish(
            actor=self.request.user, notice=self.get_notice(), **form.cleaned_data
        )


class NoticeWithdrawView(NoticeFormView):
    permission = "manage_organization"
    template_name = "notices/form.html"
    form_class = WithdrawForm
    success_message = gettext_lazy("Withdrawn: the record is kept.")
    extra_context = {"title": gettext_lazy("Withdraw the item")}

    def perform(self, form: WithdrawForm) -> Notice:
        return services.notice_withdraw(
            actor=self.request.user, notice=self.get_notice(), **form.cleaned_data
        )


class NoticeProposeView(OrganizationMixin, TemplateView):
    """Drafts from the records: the year's dues, organisational life and democratic review,
    the latest committee election, the candidates awaiting the pre-review. Each button
    writes a draft; nothing is published by itself."""

    permission = "log_records"
    template_name = "notices/propose.html"

    def candidates(self) -> list:
        return drafts.candidates_awaiting_pre_review(self.org, timezone.localdate())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if not self.org.is_branch:
            raise Http404
        today = timezone.localdate()
        candidates = kwargs.get("candidates") or self.candidates()
        term = drafts.latest_term(self.org)
        context.update(
            year=today.year,
            last_year=today.year - 1,
            term=term,
            candidates=candidates,
            form=kwargs.get("form") or ProposeForm(candidates=candidates),
            kinds=NoticeKind,
        )
        return context

    def post(self, request, *args, **kwargs):
        candidates = self.candidates()
        form = ProposeForm(request.POST, candidates=candidates)
        if form.is_valid():
            try:
                notice = services.notice_propose(
                    actor=request.user,
                    org=self.org,
                    kind=form.cleaned_data["kind"],
                    year=form.cleaned_data["year"],
                    people=form.chosen(),
                )
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request, _("Draft written from the records: review it, then publish.")
                )
                return HttpResponseRedirect(notice_url("detail", notice))
        return self.render_to_response(
            self.get_context_data(form=form, candidates=candidates), status=200
        )


class NoticePdfView(OrganizationMixin, View):
    def get(self, request, *args, **kwargs):
        notice = notice_get_for_user(request.user, self.org, kwargs["pk"], timezone.localdate())
        return pdf_response(request, notice)


def pdf_response(request, notice: Notice) -> HttpResponse:
    try:
        content = render_notice_pdf(notice)
    except ReportFontMissing as exc:
        return HttpResponse(exc.args[0], status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename=notice-{notice.pk}.pdf"
    return response


class NoticeAttachmentView(OrganizationMixin, View):
    def get(self, request, *args, **kwargs):
        notice = notice_get_for_user(request.user, self.org, kwargs["pk"], timezone.localdate())
        attachment = next((a for a in notice.attachments.all() if a.pk == kwargs["att_pk"]), None)
        if attachment is None:
            raise Http404(_("No such attachment."))
        return private_download(attachment.file, attachment.name)
