"""The set-up page of a fresh installation."""

from __future__ import annotations

from django.contrib.auth import login
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from branch import firstrun
from branch.exceptions import ServiceError
from branch.forms_setup import FirstRunForm
from branch.mixins import apply_service_error


def first_run(request):
    """Set up the branch, its higher committee and the secretary: only while no organisation
    exists, from this machine or with the code printed in the console."""
    if not firstrun.is_fresh_install():
        raise Http404(_("This site is already set up."))
    needs_code = not firstrun.request_is_local(request)
    if needs_code and request.method == "GET":
        firstrun.announce_setup_code()
    form = FirstRunForm(request.POST or None, needs_code=needs_code)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            branch = firstrun.first_run_setup(
                branch_name=d["branch_name"],
                committee_name=d["committee_name"],
                unit=d["unit"],
                community_based=d["community_based"],
                established_on=d["established_on"],
                secretary=form.secretary(),
                committee_admin=form.committee_admin(),
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            secretary = branch.role_assignments.get(role="secretary").user
            login(request, secretary, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("branch:dashboard", org_code=branch.code)
    return render(request, "branch/setup.html", {"form": form, "needs_code": needs_code})
