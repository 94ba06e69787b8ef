"""Issue 11 on the web: the details step's Online box (into the plan, through the as-you-type
check and the plain post, onto the preview and walkthrough; never for flatten_parent), and the
preview's lock times at the row counts of a person's own database, whose URL is never stored."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from django.test import Client
from django.urls import reverse
from ui_helpers import HTMX, make_plan

from tests.wizard.drop_through_cases import shop_target
from tests.wizard.flatten_parent_cases import hangar_target
from tests.wizard.move_model_cases import store
from wizard.scratch import parse_server_url, scratch_database
from wizard.snapshot import Snapshot
from wizard.target import load_target
from wizard_ui.forms.common import ONLINE_DOES, ONLINE_LABEL
from wizard_ui.job_runners import build_preview
from wizard_ui.models import Job, Plan

# The blog story's plan (tests/ui/conftest.py), online.
ONLINE_BLOG_PLAN = {
    "kind": "m2m_through",
    "field": "core.Post.categories",
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
    "online": True,
}


def online_box(html: str) -> str:
    """Return the Online checkbox's tag ("" when the page has none)."""
    found = re.search(r'<input type="checkbox" name="online"[^>]*>', html)
    return found[0] if found else ""


def url(name: str, plan: Plan) -> str:
    return reverse(f"wizard_ui:{name}", args=[plan.pk])


def parent_post(**changes: Any) -> dict[str, Any]:
    return {"model": "part1.Plane", "parent": "Aircraft", "move_fields": ["registration"]} | (
        changes
    )


def m2m_post(**changes: Any) -> dict[str, Any]:
    data = {
        "field": "core.Post.categories",
        "through": "PostCategory",
        "table": "keep",
        "extra-TOTAL_FORMS": "0",
        "extra-INITIAL_FORMS": "0",
        "extra-MIN_NUM_FORMS": "0",
        "extra-MAX_NUM_FORMS": "10",
    }
    return data | changes


@pytest.fixture
def parent_plan(fleet_plan: Plan) -> Plan:
    fleet_plan.kind = "new_parent"
    fleet_plan.save()
    return fleet_plan


@pytest.fixture
def m2m_plan(blog_plan: Plan) -> Plan:
    blog_plan.kind = "m2m_through"
    blog_plan.save()
    return blog_plan


@pytest.fixture(scope="module")
def other_snapshots(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Snapshot]:
    """Return a project for each kind the examples do not show."""
    folder = tmp_path_factory.mktemp("online-ui")
    return {
        "drop_through": load_target(shop_target(folder / "shop")),
        "move_model": load_target(store(folder / "store")),
        "flatten_parent": load_target(hangar_target(folder / "hangar")),
    }


# -- the Online box -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [{}, HTMX])
@pytest.mark.parametrize(
    ("kind", "cost"),
    [
        ("new_parent", "the database user must be allowed to create triggers"),
        ("m2m_through", "the table keeps its old name: choose Keep above"),
    ],
)
def test_online_box_is_offered_with_its_costs(
    client: Client,
    fleet_plan: Plan,
    blog_plan: Plan,
    kind: str,
    cost: str,
    headers: dict[str, str],
) -> None:
    plan = fleet_plan if kind == "new_parent" else blog_plan
    plan.kind = kind
    plan.save()

    html = client.get(url("details", plan), **headers).content.decode()

    assert ONLINE_LABEL in html
    assert cost in html
    assert online_box(html) and " checked" not in online_box(html)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["drop_through", "move_model"])
def test_online_box_is_offered_for_the_other_kinds(
    client: Client, other_snapshots: dict[str, Snapshot], kind: str
) -> None:
    plan = make_plan(other_snapshots[kind], kind=kind)

    html = client.get(url("details", plan)).content.decode()

    assert online_box(html)
    assert "<strong>What it costs:</strong> only time" in html


@pytest.mark.django_db
def test_ticked_box_puts_online_in_the_plan(
    client: Client, parent_plan: Plan, no_preview_work: list[Job]
) -> None:
    response = client.post(url("details", parent_plan), parent_post(online="on"))

    parent_plan.refresh_from_db()
    assert response.status_code == 303
    assert parent_plan.raw_plan == {
        "kind": "new_parent",
        "model": "part1.Plane",
        "parent": "Aircraft",
        "move_fields": ["registration"],
        "online": True,
    }
    assert parent_plan.title == "part1.Plane gets the new parent Aircraft, online"
    html = client.get(url("details", parent_plan)).content.decode()
    assert " checked" in online_box(html)


@pytest.mark.django_db
def test_unticked_box_leaves_online_out_of_the_plan(
    client: Client, m2m_plan: Plan, no_preview_work: list[Job]
) -> None:
    response = client.post(url("details", m2m_plan), m2m_post())

    m2m_plan.refresh_from_db()
    assert response.status_code == 303
    assert m2m_plan.raw_plan is not None
    assert "online" not in m2m_plan.raw_plan


@pytest.mark.django_db
def test_ticked_box_survives_the_as_you_type_check(client: Client, m2m_plan: Plan) -> None:
    response = client.post(url("details_check", m2m_plan), m2m_post(online="on"), **HTMX)

    assert response.status_code == 200
    assert "The wizard can build this plan, online." in response.content.decode()
    m2m_plan.refresh_from_db()
    assert m2m_plan.raw_plan is None


@pytest.mark.django_db
def test_the_check_says_an_online_plan_still_renames_the_table(
    client: Client, m2m_plan: Plan
) -> None:
    response = client.post(
        url("details_check", m2m_plan), m2m_post(online="on", table="rename"), **HTMX
    )

    assert (
        "The wizard can build this plan, online; it still renames the table, which takes an "
        "exclusive lock for a moment (Keep changes no table)." in response.content.decode()
    )


@pytest.mark.django_db
def test_ticked_box_survives_adding_an_extra_field_row(client: Client, m2m_plan: Plan) -> None:
    response = client.post(url("details", m2m_plan), m2m_post(online="on", add_field="1"))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="extra-0-name"' in html
    assert " checked" in online_box(html)


@pytest.mark.django_db
def test_flatten_parent_has_no_online(
    client: Client, other_snapshots: dict[str, Snapshot], no_preview_work: list[Job]
) -> None:
    plan = make_plan(other_snapshots["flatten_parent"], kind="flatten_parent")
    details = url("details", plan) + "?model=core.Boat"

    html = client.get(details).content.decode()
    response = client.post(details, {"model": "core.Boat", "parent": "keep", "online": "on"})

    assert " disabled" in online_box(html) and " checked" not in online_box(html)
    assert "Not offered here: this refactor has no online mode yet." in html
    assert response.status_code == 303
    plan.refresh_from_db()
    assert plan.raw_plan == {"kind": "flatten_parent", "model": "core.Boat", "keep_parent": True}


# -- the preview and walkthrough of an online bundle ------------------------------------------


@pytest.fixture(scope="module")
def online_preview(blog_snapshot: Snapshot) -> tuple[dict[str, Any], bytes]:
    return build_preview(blog_snapshot.target, ONLINE_BLOG_PLAN, say=lambda message: None)


@pytest.fixture
def online_plan(blog_plan: Plan, online_preview: tuple[dict[str, Any], bytes]) -> Plan:
    blog_plan.kind, blog_plan.revision = "m2m_through", 1
    blog_plan.raw_plan = ONLINE_BLOG_PLAN
    blog_plan.save()
    data, zipped = online_preview
    Job.objects.create(
        plan=blog_plan, task=Job.PREVIEW, revision=1, state=Job.DONE, result=data, payload=zipped
    )
    return blog_plan


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["preview", "walkthrough"])
def test_preview_and_walkthrough_say_the_bundle_is_online(
    client: Client, online_plan: Plan, page: str
) -> None:
    html = client.get(url(page, online_plan)).content.decode()

    assert '<span class="badge text-bg-info me-1">Online bundle</span>' in html
    assert ONLINE_DOES.replace("'", "&#x27;") in html


@pytest.mark.django_db
def test_preview_of_a_plain_bundle_says_nothing_of_online(
    client: Client, previewed_plan: Plan
) -> None:
    assert "Online bundle" not in client.get(url("preview", previewed_plan)).content.decode()


# -- lock times at a person's row counts ------------------------------------------------------

PASSWORD = "s3cret-pw"


FLEET_PLAN = {
    "kind": "new_parent",
    "model": "part1.Plane",
    "parent": "Aircraft",
    "move_fields": ["registration"],
}


@pytest.fixture(scope="module")
def fleet_preview(fleet_snapshot: Snapshot) -> tuple[dict[str, Any], bytes]:
    return build_preview(fleet_snapshot.target, FLEET_PLAN, say=lambda message: None)


@pytest.fixture
def previewed_fleet(fleet_plan: Plan, fleet_preview: tuple[dict[str, Any], bytes]) -> Plan:
    fleet_plan.kind, fleet_plan.raw_plan, fleet_plan.revision = "new_parent", FLEET_PLAN, 1
    fleet_plan.save()
    data, zipped = fleet_preview
    Job.objects.create(
        plan=fleet_plan, task=Job.PREVIEW, revision=1, state=Job.DONE, result=data, payload=zipped
    )
    return fleet_plan


@pytest.fixture
def counted_database(postgresql_url: str) -> Iterator[str]:
    """Yield the URL (with a password, which trust ignores) of a scratch PostgreSQL database
    holding the fleet's plane table with 250,000 rows, analysed."""
    server = parse_server_url(postgresql_url)
    with scratch_database(postgresql_url, purpose="ui_rows") as entry:
        with psycopg.connect(
            host=server.host,
            port=server.port or 5432,
            user=server.user,
            dbname=entry["NAME"],
            autocommit=True,
        ) as connection:
            connection.execute(
                "CREATE TABLE part1_plane (id integer PRIMARY KEY, registration varchar(100))"
            )
            connection.execute(
                "INSERT INTO part1_plane SELECT i, 'F-' || i FROM generate_series(1, 250000) i"
            )
            connection.execute("ANALYZE part1_plane")
        yield (
            f"{server.vendor}://{server.user}:{PASSWORD}@{server.host}:{server.port or 5432}/"
            f"{entry['NAME']}"
        )


def stored_text() -> str:
    """Return every plan and job the wizard stored, as one text."""
    rows = [repr(list(Plan.objects.values()))]
    rows += [repr(list(Job.objects.values()))]
    return "\n".join(rows)


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [{}, HTMX])
def test_row_count_url_reaches_the_lock_report(
    client: Client, previewed_fleet: Plan, counted_database: str, headers: dict[str, str]
) -> None:
    name = counted_database.rsplit("/", 1)[1]
    shown = counted_database.replace(f":{PASSWORD}@", "@")
    before = client.get(url("preview", previewed_fleet)).content.decode()

    response = client.post(
        url("preview", previewed_fleet), {"database_url": counted_database}, **headers
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert f"at the row counts of the database {shown} (catalog estimates, not counts)" in html
    assert (
        f'Lock times at the row counts of <span class="font-monospace">{shown}</span>, read '
        "from its catalog. Found there: 1 of the project's" in html
    )
    assert re.search(r"<td>\d+\.\d s at 2\d\d,\d{3} rows</td>", html)
    assert "s per million rows</td>" in before and "s per million rows</td>" not in html
    sensitive = response.wsgi_request.sensitive_post_parameters  # type: ignore[attr-defined]
    assert sensitive == ("database_url",)
    assert PASSWORD not in html
    assert name not in stored_text() and PASSWORD not in stored_text()
    again = client.get(url("preview", previewed_fleet)).content.decode()
    assert again.count("s per million rows</td>") == before.count("s per million rows</td>")
    assert name not in again


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Give your database's URL, as in postgresql://user@host/name."),
        (
            "sqlite:///db.sqlite3",
            "The database URL 'sqlite:///db.sqlite3' is not a PostgreSQL or MySQL/MariaDB URL; "
            "write it as postgresql://user@host/name or mysql://user@host/name.",
        ),
        (
            f"postgresql://me:{PASSWORD}@[::1/name",
            "The database URL 'postgresql://me:***@[::1/name' is not understood; write it as "
            "postgresql://user@host/name or mysql://user@host/name.",
        ),
        (
            f"postgresql://me:{PASSWORD}@127.0.0.1:5432/",
            "The database URL 'postgresql://me:***@127.0.0.1:5432/' names no database; add its "
            "name, as in postgresql://user@host/name.",
        ),
        (
            "postgresql://me@127.0.0.1:1/name",
            "Could not read the row counts of 'postgresql://me@127.0.0.1:1/name': ",
        ),
    ],
    ids=["empty", "not a server", "not a URL", "no database", "no server there"],
)
def test_bad_row_count_url_is_a_one_line_error(
    client: Client, previewed_plan: Plan, value: str, message: str
) -> None:
    response = client.post(url("preview", previewed_plan), {"database_url": value})

    errors = response.context["rows_form"].errors["database_url"]
    assert response.status_code == 200
    assert len(errors) == 1 and "\n" not in errors[0]
    assert errors[0].startswith(message) if message.endswith(": ") else errors[0] == message
    assert PASSWORD not in errors[0]
    assert "per million rows of the table each statement works on" in response.content.decode()
    assert not previewed_plan.jobs.exclude(task=Job.PREVIEW).exists()
