"""Generated migrations depend on the latest state of every app that points at the changed model."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.targets import App, make_target
from wizard.bundle import build_bundle
from wizard.target import Target

PEOPLE_MODELS = """\
from django.db import models


class Person(models.Model):
    name = models.CharField(max_length=20)
    friends = models.ManyToManyField("self")
    blog_link = models.ForeignKey(
        "blog.BlogPeopleRelationship", models.SET_NULL, null=True, related_name="+"
    )
"""

BLOG_MODELS = """\
from django.db import models


class BlogPeopleRelationship(models.Model):
    person = models.ForeignKey("people.Person", models.CASCADE)
"""

PK = "models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')"

# people's latest migration follows blog's first one, which points at people.Person; blog then
# renames its model (and table) in a migration people's latest does not know about, so the
# state of a migration that follows people's latest alone has the old model and table.
MIGRATIONS = {
    "people/migrations/0001_initial.py": f"""\
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="Person",
            fields=[
                ("id", {PK}),
                ("name", models.CharField(max_length=20)),
                ("friends", models.ManyToManyField(to="people.person")),
            ],
        ),
    ]
""",
    "blog/migrations/0001_initial.py": f"""\
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = [("people", "0001_initial")]
    operations = [
        migrations.CreateModel(
            name="Link",
            fields=[
                ("id", {PK}),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, to="people.person"
                    ),
                ),
            ],
        ),
    ]
""",
    "people/migrations/0002_person_blog_link.py": """\
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("blog", "0001_initial"), ("people", "0001_initial")]
    operations = [
        migrations.AddField(
            model_name="person",
            name="blog_link",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="blog.link",
            ),
        ),
    ]
""",
    "blog/migrations/0002_rename_link_blogpeoplerelationship.py": """\
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("blog", "0001_initial"), ("people", "0002_person_blog_link")]
    operations = [migrations.RenameModel("Link", "BlogPeopleRelationship")]
""",
}
BLOG_LEAF = "        ('blog', '0002_rename_link_blogpeoplerelationship'),\n"
PEOPLE_LEAF = "        ('people', '0002_person_blog_link'),\n"


@pytest.fixture(scope="module")
def two_apps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_target(
        tmp_path_factory.mktemp("two-apps"),
        apps=[
            App("people", PEOPLE_MODELS, migrations=False),
            App("blog", BLOG_MODELS, migrations=False),
        ],
        files=MIGRATIONS,
    )
    return root


def test_new_parent_depends_on_the_apps_pointing_at_the_model(two_apps: Path, vendor: str) -> None:
    plan = {"kind": "new_parent", "model": "people.Person", "parent": "Party", "move_fields": []}
    bundle = build_bundle(Target.resolve(two_apps), plan, vendors=(vendor,))
    first, *others = bundle.migrations
    # MigrationWriter writes dependencies sorted, so the bytes stay the same run after run.
    assert first.source.split("dependencies = [\n", 1)[1].startswith(
        BLOG_LEAF + PEOPLE_LEAF + "    ]"
    )
    assert all(BLOG_LEAF not in migration.source for migration in others)
    assert bundle.preview(vendor).available


def test_m2m_through_depends_on_the_apps_pointing_at_the_model(two_apps: Path, vendor: str) -> None:
    plan = {"kind": "m2m_through", "field": "people.Person.friends", "through": "Friendship"}
    bundle = build_bundle(Target.resolve(two_apps), plan, vendors=(vendor,))
    [migration] = bundle.migrations
    assert migration.source.split("dependencies = [\n", 1)[1].startswith(
        BLOG_LEAF + PEOPLE_LEAF + "    ]"
    )
