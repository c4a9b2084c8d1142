"""The roster, and every list and choice of people, follows pinyin as Chinese rosters do
(安, 白, 陈, 张), not the characters' code points; a renamed person moves."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from meetings.forms import people_choices
from members import services
from members.models import Person, name_sort_key

NAMES = ["张伟", "陈静", "白雪", "安宁"]  # by code point 安 < 张 < 白 < 陈


def test_names_sort_by_pinyin_then_tone():
    assert sorted(["张", "陈", "白", "安"], key=name_sort_key) == ["安", "白", "陈", "张"]
    assert sorted(["严", "何", "冯", "华"], key=name_sort_key) == ["冯", "何", "华", "严"]


def test_the_roster_is_in_pinyin_order_and_a_renamed_person_moves(client_for, make_person, school):
    people = {name: make_person(name) for name in NAMES}
    client = client_for("secretary")

    def roster_names():
        response = client.get(reverse("members:index", args=["school"]))
        return [s.person.name for s in response.context["states"]]

    assert roster_names() == ["安宁", "白雪", "陈静", "张伟"]
    assert list(Person.objects.values_list("name", flat=True)) == roster_names()
    services.person_update(actor=None, org=school, person=people["安宁"], name="赵宁")
    assert roster_names() == ["白雪", "陈静", "张伟", "赵宁"]
    choices = people_choices(school, timezone.localdate(), [])
    assert [p.name for p in choices] == ["白雪", "陈静", "张伟", "赵宁"]
