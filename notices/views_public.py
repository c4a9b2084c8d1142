"""The branch's public page (``/p/<org_code>/``): what it published to the public and is up
today, without login. Nothing else of the branch answers here."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from branch.downloads import private_download
from branch.models import Organization, OrgKind
from notices.checks import notice_period_end
from notices.selectors import public_notice_get, public_notices
from notices.views import pdf_response


@require_GET
def index(request, org_code: str):
    org = get_object_or_404(Organization, code=org_code, kind=OrgKind.BRANCH)
    notices = list(public_notices(org, timezone.localdate()))
    return render(request, "notices/public_index.html", {"branch": org, "notices": notices})


@require_GET
def detail(request, org_code: str, pk: int):
    notice = public_notice_get(org_code, pk, timezone.localdate())
    return render(
        request,
        "notices/public_detail.html",
        {
            "branch": notice.organization,
            "notice": notice,
            "period_end": notice_period_end(notice),
            "paragraphs": [line for line in notice.body.splitlines() if line.strip()],
        },
    )


@require_GET
def pdf(request, org_code: str, pk: int):
    return pdf_response(request, public_notice_get(org_code, pk, timezone.localdate()))


@require_GET
def attachment(request, org_code: str, pk: int, att_pk: int):
    notice = public_notice_get(org_code, pk, timezone.localdate())
    found = next((a for a in notice.attachments.all() if a.pk == att_pk), None)
    if found is None:
        raise Http404(_("No such attachment."))
    return private_download(found.file, found.name)
