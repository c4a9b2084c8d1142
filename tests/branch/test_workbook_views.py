"""The workbook in the browser: upload, preview without writing, confirm or cancel, the
export download, and who may use them."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from branch.models import AuditEntry, Honor
from tests.branch.test_workbook import GOOD_HONOURS, HONOR_HEADERS, honours, make_workbook, run

# The upload page ----------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def upload(content: bytes, name: str = "台账.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_upload_page_previews_without_writing_then_confirms(
    client, english, secretary, school, media
):
    client.force_login(secretary)
    url = reverse("branch:import", args=["school"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"file": upload(make_workbook(GOOD_HONOURS))})
    assert response.status_code == 200
    summary = response.context["result"].sheets[0]
    assert (summary.name, summary.created, summary.updated, summary.unchanged) == ("荣誉", 3, 0, 0)
    assert "Preview of 台账.xlsx" in response.content.decode()
    assert not Honor.objects.exists()
    token = response.context["pending"]["token"]
    assert [p.name for p in (media / "imports").iterdir()] == [f"{token}.xlsx"]

    response = client.post(reverse("branch:import_confirm", args=["school"]), {"token": token})
    assert response.status_code == 302
    assert Honor.objects.filter(organization=school).count() == 3
    assert list((media / "imports").iterdir()) == []
    assert AuditEntry.objects.filter(actor=secretary, action="create").count() == 3
    page = client.get(response.url).content.decode()
    assert "The workbook was imported." in page


def test_the_preview_lists_every_problem_and_offers_no_confirmation(
    client, english, secretary, media
):
    client.force_login(secretary)
    bad = honours(["2025-06-28", "先进", "", ""], ["不是日期", "", "", ""])
    response = client.post(
        reverse("branch:import", args=["school"]), {"file": upload(make_workbook(bad))}
    )
    page = response.content.decode()
    assert "Sheet 荣誉, row 3, column 日期:" in page
    assert "Sheet 荣誉, row 3, column 名称:" in page
    assert response.context["pending"] is None
    assert 'name="token"' not in page
    assert list((media / "imports").iterdir()) == []


def test_a_confirmation_needs_the_token_of_this_session(client, english, secretary, media):
    client.force_login(secretary)
    client.post(
        reverse("branch:import", args=["school"]), {"file": upload(make_workbook(GOOD_HONOURS))}
    )
    response = client.post(
        reverse("branch:import_confirm", args=["school"]), {"token": "0" * 32}, follow=True
    )
    assert "no longer valid" in response.content.decode()
    assert not Honor.objects.exists()


def test_cancelling_deletes_the_uploaded_file(client, english, secretary, media):
    client.force_login(secretary)
    response = client.post(
        reverse("branch:import", args=["school"]), {"file": upload(make_workbook(GOOD_HONOURS))}
    )
    token = response.context["pending"]["token"]
    client.post(reverse("branch:import_confirm", args=["school"]), {"token": token, "cancel": "1"})
    assert list((media / "imports").iterdir()) == []
    assert not Honor.objects.exists()


def test_a_confirmation_whose_file_is_gone_asks_for_it_again(
    client, english, secretary, school, media
):
    client.force_login(secretary)
    response = client.post(
        reverse("branch:import", args=["school"]),
        {"file": upload(make_workbook(honours(["2025-06-28", "先进", "", ""])))},
    )
    token = response.context["pending"]["token"]
    (media / "imports" / f"{token}.xlsx").unlink()
    response = client.post(reverse("branch:import_confirm", args=["school"]), {"token": token})
    assert response.status_code == 200
    assert "upload it again" in response.content.decode()
    assert not Honor.objects.exists()


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [
        ("台账.xls", 100, "Only Excel workbooks saved as .xlsx"),
        ("台账.csv", 100, "Only Excel workbooks saved as .xlsx"),
        ("台账.xlsx", 10 * 1024 * 1024 + 1, "larger than 10 MB"),
    ],
)
def test_it_refuses_files_of_the_wrong_kind_or_size(
    client, english, secretary, media, name, size, message
):
    client.force_login(secretary)
    response = client.post(
        reverse("branch:import", args=["school"]), {"file": upload(b"x" * size, name)}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not (media / "imports").exists()


def test_a_renamed_file_that_is_not_a_workbook_gets_a_clear_message(
    client, english, secretary, media
):
    client.force_login(secretary)
    response = client.post(
        reverse("branch:import", args=["school"]), {"file": upload(b"PK-not-really")}
    )
    assert "The file is not an Excel workbook (.xlsx)." in response.content.decode()


def test_the_settings_page_links_import_and_export(client, secretary, committee_member):
    client.force_login(secretary)
    page = client.get(reverse("branch:settings", args=["school"])).content.decode()
    assert reverse("branch:import", args=["school"]) in page
    assert reverse("branch:export", args=["school"]) in page
    client.force_login(committee_member)
    page = client.get(reverse("branch:settings", args=["school"])).content.decode()
    assert reverse("branch:import", args=["school"]) not in page
    assert reverse("branch:export", args=["school"]) in page


# The export ---------------------------------------------------------------------------------


def test_the_export_downloads_a_workbook_that_imports_back(client, secretary, school, village):
    run(school, make_workbook(GOOD_HONOURS))
    client.force_login(secretary)
    response = client.get(reverse("branch:export", args=["school"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "党员名册"
    assert "荣誉" in book.sheetnames
    assert [c.value for c in book["荣誉"][1]] == HONOR_HEADERS
    _result, errors = run(village, response.content)
    assert errors == []
    exported = sorted(Honor.objects.filter(organization=school).values_list("awarded_on", "title"))
    imported = sorted(Honor.objects.filter(organization=village).values_list("awarded_on", "title"))
    assert exported == imported


# Who may use them ---------------------------------------------------------------------------

LOGIN = 302
PERMISSIONS = [
    # url name, persona -> status; anonymous users go to the login page
    (
        "branch:import",
        {
            "anonymous": LOGIN,
            "secretary": 200,
            "committee_member": 403,
            "member": 403,
            "township_admin": 403,
            "outsider": 404,
        },
    ),
    (
        "branch:export",
        {
            "anonymous": LOGIN,
            "secretary": 200,
            "committee_member": 200,
            "member": 403,
            "township_admin": 200,
            "outsider": 404,
        },
    ),
]


@pytest.mark.parametrize(
    "persona",
    ["anonymous", "secretary", "committee_member", "member", "township_admin", "outsider"],
)
@pytest.mark.parametrize(("name", "expected"), PERMISSIONS, ids=[p[0] for p in PERMISSIONS])
def test_permission_matrix(client_for, persona, name, expected):
    response = client_for(persona).get(reverse(name, args=["school"]))
    assert response.status_code == expected[persona], (name, persona)
    if persona == "anonymous":
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", LOGIN), ("committee_member", 403), ("township_admin", 403), ("outsider", 404)],
)
def test_only_the_secretary_may_confirm_an_import(client_for, persona, expected):
    response = client_for(persona).post(
        reverse("branch:import_confirm", args=["school"]), {"token": "0" * 32}
    )
    assert response.status_code == expected
