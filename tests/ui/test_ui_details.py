"""Steps 2 and 3: the refactor choice, the details forms, as-you-type checks, tampered posts."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from ui_helpers import HTMX, htmx_target

from wizard_ui.models import Job, Plan

BLOG_FIELD = "core.Post.categories"


def url(name: str, plan: Plan) -> str:
    return reverse(f"wizard_ui:{name}", args=[plan.pk])


def m2m_post(**changes: Any) -> dict[str, Any]:
    data = {
        "field": BLOG_FIELD,
        "through": "PostCategory",
        "table": "rename",
        "extra-TOTAL_FORMS": "0",
        "extra-INITIAL_FORMS": "0",
        "extra-MIN_NUM_FORMS": "0",
        "extra-MAX_NUM_FORMS": "10",
    }
    data.update(changes)
    return data


def with_row(**row: str) -> dict[str, Any]:
    data = m2m_post(**{"extra-TOTAL_FORMS": "1"})
    data |= {f"extra-0-{key}": value for key, value in row.items()}
    return data


@pytest.fixture
def m2m_plan(blog_plan: Plan) -> Plan:
    blog_plan.kind = "m2m_through"
    blog_plan.save()
    return blog_plan


@pytest.fixture
def parent_plan(fleet_plan: Plan) -> Plan:
    fleet_plan.kind = "new_parent"
    fleet_plan.save()
    return fleet_plan


# -- step 2 ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [{}, HTMX])
def test_refactor_page_offers_both_refactors(
    client: Client, blog_plan: Plan, headers: dict[str, str]
) -> None:
    html = client.get(url("refactor", blog_plan), **headers).content.decode()

    assert "Give an M2M field a through model" in html
    assert "Insert a new parent class" in html
    assert 'type="radio"' in html


@pytest.mark.django_db
def test_choosing_a_refactor_stores_it(client: Client, blog_plan: Plan) -> None:
    response = client.post(url("refactor", blog_plan), {"kind": "m2m_through"})

    blog_plan.refresh_from_db()
    assert response.status_code == 303
    assert response["Location"] == url("details", blog_plan)
    assert blog_plan.kind == "m2m_through"


@pytest.mark.django_db
def test_no_refactor_chosen_is_a_form_error(client: Client, blog_plan: Plan) -> None:
    response = client.post(url("refactor", blog_plan), {})

    assert response.status_code == 200
    assert response.context["form"].errors["kind"] == ["Choose one of the refactors."]


@pytest.mark.django_db
def test_unknown_refactor_is_refused(client: Client, blog_plan: Plan) -> None:
    response = client.post(url("refactor", blog_plan), {"kind": "drop_everything"})

    blog_plan.refresh_from_db()
    assert response.status_code == 400
    assert blog_plan.kind == ""


@pytest.mark.django_db
def test_changing_the_refactor_forgets_the_old_details(client: Client, m2m_plan: Plan) -> None:
    m2m_plan.raw_plan = {"kind": "m2m_through", "field": BLOG_FIELD}
    m2m_plan.save()

    client.post(url("refactor", m2m_plan), {"kind": "new_parent"})

    m2m_plan.refresh_from_db()
    assert (m2m_plan.kind, m2m_plan.raw_plan) == ("new_parent", None)


@pytest.mark.django_db
@pytest.mark.parametrize("step", ["refactor", "details", "preview", "rehearse", "download"])
def test_steps_before_loading_go_back_to_the_project(client: Client, step: str) -> None:
    plan = Plan.objects.create(target_root="/x", settings_module="x.settings", python="python")

    response = client.get(url(step, plan))

    assert response.status_code == 303
    assert response["Location"] == url("project", plan)


@pytest.mark.django_db
def test_details_before_a_refactor_go_back_to_the_choice(client: Client, blog_plan: Plan) -> None:
    response = client.get(url("details", blog_plan))

    assert response["Location"] == url("refactor", blog_plan)


# -- step 3, m2m_through --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [{}, HTMX])
def test_m2m_details_offer_the_field_with_a_good_default(
    client: Client, m2m_plan: Plan, headers: dict[str, str]
) -> None:
    response = client.get(url("details", m2m_plan), **headers)

    html = response.content.decode()
    assert response.status_code == 200
    assert "categories → core.Category (table core_post_categories)" in html
    assert '<optgroup label="core.Post">' in html
    assert 'value="PostCategory"' in html
    assert "Keep the name core_post_categories" in html


@pytest.mark.django_db
def test_picker_change_returns_only_the_details(client: Client, m2m_plan: Plan) -> None:
    response = client.get(url("details", m2m_plan), {"field": BLOG_FIELD}, **htmx_target("details"))

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="details">')
    assert "<html" not in html


@pytest.mark.django_db
def test_picker_with_an_unknown_field_says_so(client: Client, m2m_plan: Plan) -> None:
    response = client.get(url("details", m2m_plan), {"field": "core.Post.nope"})

    assert response.context["details"].picker.errors["field"] == [
        "'core.Post.nope' is not one of the choices; pick one from the list."
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [{}, HTMX])
def test_valid_m2m_details_are_stored_and_the_preview_starts(
    client: Client, m2m_plan: Plan, no_preview_work: list[Job], headers: dict[str, str]
) -> None:
    data = with_row(
        name="date_created",
        type="DateField",
        options='{"auto_now_add": true}',
        backfill="2024-01-01",
    )

    response = client.post(url("details", m2m_plan), data, **headers)

    m2m_plan.refresh_from_db()
    assert response.status_code == 303
    assert response["Location"] == url("preview", m2m_plan)
    assert m2m_plan.raw_plan == {
        "kind": "m2m_through",
        "field": BLOG_FIELD,
        "through": "PostCategory",
        "table": "rename",
        "extra_fields": [
            {
                "name": "date_created",
                "type": "DateField",
                "options": {"auto_now_add": True},
                "backfill": "2024-01-01",
            }
        ],
    }
    assert [job.revision for job in no_preview_work] == [m2m_plan.revision]


@pytest.mark.django_db
def test_stored_details_are_shown_again(
    client: Client, m2m_plan: Plan, no_preview_work: list[Job]
) -> None:
    client.post(url("details", m2m_plan), with_row(name="rank", type="IntegerField", backfill="3"))

    html = client.get(url("details", m2m_plan)).content.decode()

    assert 'value="rank"' in html
    assert 'value="3"' in html
    m2m_plan.refresh_from_db()
    assert m2m_plan.raw_plan["extra_fields"][0]["backfill"] == 3


@pytest.mark.django_db
def test_backfill_only_row_warns_that_writes_need_a_value(
    client: Client, m2m_plan: Plan, no_preview_work: list[Job]
) -> None:
    client.post(url("details", m2m_plan), with_row(name="rank", type="IntegerField", backfill="3"))

    html = client.get(url("details", m2m_plan)).content.decode()

    assert (
        '<p class="small text-warning-emphasis mb-1" role="note">The extra field <code>rank</code> '
        "has no default and is not nullable (existing pairs get the backfill only), so every "
        "<code>.add()</code>, <code>.set()</code> and <code>.create()</code> through "
        "<code>core.Post.categories</code> and every admin form that saves it fails unless it "
        "passes <code>through_defaults={&quot;rank&quot;: ...}</code>; or give <code>rank</code> "
        "a default.</p>"
    ) in html


@pytest.mark.django_db
def test_row_with_a_default_has_no_warning(
    client: Client, m2m_plan: Plan, no_preview_work: list[Job]
) -> None:
    row = with_row(name="rank", type="IntegerField", options='{"default": 0}')
    client.post(url("details", m2m_plan), row)

    html = client.get(url("details", m2m_plan)).content.decode()

    assert 'value="rank"' in html
    assert "text-warning-emphasis" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            m2m_post(through="class"),
            "through",
            "The through model name 'class' is a Python keyword; use a class name such as "
            "'PostCategory'.",
        ),
        (
            m2m_post(through="Post"),
            "through",
            "App 'core' already has a model named 'Post'; choose another through model name.",
        ),
        (
            m2m_post(through=""),
            "through",
            "Give the through model a name, for example PostCategory.",
        ),
        (
            m2m_post(table=""),
            "table",
            "Choose whether the table keeps its name.",
        ),
    ],
)
def test_m2m_details_errors(
    client: Client, m2m_plan: Plan, data: dict[str, Any], field: str, message: str
) -> None:
    response = client.post(url("details", m2m_plan), data)

    m2m_plan.refresh_from_db()
    assert response.status_code == 200
    assert response.context["details"].form.errors[field] == [message]
    assert m2m_plan.raw_plan is None
    assert not m2m_plan.jobs.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        (
            {"name": "rank", "type": "IntegerField"},
            "name",
            "The extra field 'rank' is not nullable and has no default, so existing rows need a "
            'value: add "backfill" (for example 0), null=True or a default.',
        ),
        (
            {"name": "post", "type": "IntegerField", "options": '{"default": 0}'},
            "name",
            "The extra field 'post' clashes with the through model's foreign key 'post'; "
            "choose another name.",
        ),
        (
            {"name": "rank", "type": "IntegerField", "options": "{default: 0}"},
            "options",
            "The options '{default: 0}' are not valid JSON (Expecting property name enclosed in "
            'double quotes); write an object such as {"max_length": 100}.',
        ),
        (
            {"name": "rank", "type": "IntegerField", "options": "[1]"},
            "options",
            "The options '[1]' must be a JSON object such as {\"max_length\": 100}.",
        ),
        ({"name": "rank"}, "type", "Choose a type for the field 'rank'."),
        (
            {"type": "IntegerField"},
            "name",
            "Give this extra field a name, or remove the row.",
        ),
    ],
)
def test_extra_field_errors_are_shown_on_their_row(
    client: Client, m2m_plan: Plan, row: dict[str, str], field: str, message: str
) -> None:
    response = client.post(url("details", m2m_plan), with_row(**row))

    assert response.status_code == 200
    assert response.context["details"].formset.forms[0].errors[field] == [message]
    assert not m2m_plan.jobs.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        m2m_post(field="core.Category.posts"),
        m2m_post(field=""),
        m2m_post(table="drop"),
        m2m_post(**{"extra-TOTAL_FORMS": "x"}),
        m2m_post(**{"extra-TOTAL_FORMS": "1", "extra-0-name": "a", "extra-0-type": "Bomb"}),
        m2m_post(**{"extra-TOTAL_FORMS": "40"}),
    ],
)
def test_tampered_m2m_posts_are_refused(
    client: Client, m2m_plan: Plan, data: dict[str, Any]
) -> None:
    response = client.post(url("details", m2m_plan), data)

    m2m_plan.refresh_from_db()
    assert response.status_code == 400
    assert m2m_plan.raw_plan is None
    assert not m2m_plan.jobs.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [{}, htmx_target("details-card")])
def test_adding_a_row_shows_the_form_again_with_it(
    client: Client, m2m_plan: Plan, headers: dict[str, str]
) -> None:
    data = m2m_post(through="Typed", add_field="1")

    response = client.post(url("details", m2m_plan), data, **headers)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="extra-0-name"' in html
    assert 'value="Typed"' in html
    assert not m2m_plan.jobs.exists()
    if headers:
        assert html.lstrip().startswith('<div id="details-card"')


@pytest.mark.django_db
def test_removing_a_row(client: Client, m2m_plan: Plan) -> None:
    data = with_row(name="rank", type="IntegerField")
    data |= {"extra-TOTAL_FORMS": "2", "extra-1-name": "keep_me", "remove_field": "0"}

    html = client.post(url("details", m2m_plan), data).content.decode()

    assert 'value="keep_me"' in html
    assert 'value="rank"' not in html
    assert 'name="extra-1-name"' not in html


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["9", "x"])
def test_removing_a_row_that_is_not_there_is_refused(
    client: Client, m2m_plan: Plan, value: str
) -> None:
    data = m2m_post(remove_field=value)

    assert client.post(url("details", m2m_plan), data).status_code == 400


# -- as you type ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_check_as_you_type_says_what_is_wrong(client: Client, m2m_plan: Plan) -> None:
    response = client.post(url("details_check", m2m_plan), m2m_post(through="2x"), **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Not ready yet" in html
    assert (
        "The through model name &#x27;2x&#x27; is not a valid Python identifier; use a class "
        "name such as &#x27;PostCategory&#x27;." in html
    )
    assert "<html" not in html
    m2m_plan.refresh_from_db()
    assert m2m_plan.raw_plan is None


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [{}, HTMX])
def test_check_as_you_type_confirms_a_good_plan(
    client: Client, m2m_plan: Plan, headers: dict[str, str]
) -> None:
    response = client.post(url("details_check", m2m_plan), m2m_post(), **headers)

    assert "The wizard can build this plan." in response.content.decode()
    assert not m2m_plan.jobs.exists()


@pytest.mark.django_db
def test_check_with_a_tampered_post_is_refused(client: Client, m2m_plan: Plan) -> None:
    response = client.post(url("details_check", m2m_plan), m2m_post(field="auth.User.groups"))

    assert response.status_code == 400


@pytest.mark.django_db
def test_check_only_answers_posts(client: Client, m2m_plan: Plan) -> None:
    assert client.get(url("details_check", m2m_plan)).status_code == 405


@pytest.mark.django_db
def test_details_form_checks_as_you_type_with_htmx(client: Client, m2m_plan: Plan) -> None:
    html = client.get(url("details", m2m_plan)).content.decode()

    assert f'hx-post="{url("details_check", m2m_plan)}"' in html
    assert 'hx-target="#plan-check"' in html
    assert 'aria-live="polite"' in html


# -- step 3, new_parent ---------------------------------------------------------------------


def parent_post(**changes: Any) -> dict[str, Any]:
    return {"model": "part1.Plane", "parent": "Aircraft", "move_fields": ["registration"]} | (
        changes
    )


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [{}, HTMX])
def test_parent_details_show_fields_and_incoming_relations(
    client: Client, parent_plan: Plan, headers: dict[str, str]
) -> None:
    html = client.get(url("details", parent_plan), **headers).content.decode()

    assert "registration (CharField)" in html
    assert "part1.ParkingBay.plane" in html
    assert 'type="checkbox"' in html
    assert 'name="model" value="part1.Plane"' in html


@pytest.mark.django_db
def test_picking_another_model_shows_its_fields(client: Client, parent_plan: Plan) -> None:
    html = client.get(url("details", parent_plan), {"model": "part1.ParkingBay"}).content.decode()

    assert "code (CharField)" in html
    assert "registration (CharField)" not in html


@pytest.mark.django_db
def test_valid_parent_details_are_stored(
    client: Client, parent_plan: Plan, no_preview_work: list[Job]
) -> None:
    response = client.post(url("details", parent_plan), parent_post())

    parent_plan.refresh_from_db()
    assert response.status_code == 303
    assert parent_plan.raw_plan == {
        "kind": "new_parent",
        "model": "part1.Plane",
        "parent": "Aircraft",
        "move_fields": ["registration"],
    }
    assert len(no_preview_work) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            parent_post(parent="Plane"),
            "parent",
            "App 'part1' already has a model named 'Plane'; choose another parent name.",
        ),
        (
            parent_post(parent="for"),
            "parent",
            "The parent name 'for' is a Python keyword; use a class name such as 'Aircraft'.",
        ),
        (parent_post(parent=""), "parent", "Give the new parent a name, for example Aircraft."),
    ],
)
def test_parent_details_errors(
    client: Client, parent_plan: Plan, data: dict[str, Any], field: str, message: str
) -> None:
    response = client.post(url("details", parent_plan), data)

    assert response.status_code == 200
    assert response.context["details"].form.errors[field] == [message]
    assert not parent_plan.jobs.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        parent_post(model="auth.User"),
        parent_post(model=""),
        parent_post(move_fields=["id"]),
        parent_post(move_fields=["nope"]),
    ],
)
def test_tampered_parent_posts_are_refused(
    client: Client, parent_plan: Plan, data: dict[str, Any]
) -> None:
    response = client.post(url("details", parent_plan), data)

    parent_plan.refresh_from_db()
    assert response.status_code == 400
    assert parent_plan.raw_plan is None


@pytest.mark.django_db
def test_blog_has_no_model_to_refuse_but_fleet_m2m_is_offered(
    client: Client, fleet_plan: Plan
) -> None:
    fleet_plan.kind = "m2m_through"
    fleet_plan.save()

    html = client.get(url("details", fleet_plan)).content.decode()

    assert "pilots → auth.User (table part1_plane_pilots)" in html
    assert 'value="PlanePilot"' in html
