"""The targets and plans the m2m_through tests build bundles for (no tests here).

Each case is a real project under a temporary folder (tests/targets.py) and a plan; bundles are
built once per session and shared by the apply, expected-file and determinism tests.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.targets import App, make_target

ROOT = Path(__file__).resolve().parents[2]
BLOG = ROOT / "examples" / "blog"

PEOPLE_MODELS = """\
import uuid

from django.db import models


class Tag(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=50)


class Person(models.Model):
    name = models.CharField(max_length=50)
    # Symmetrical M2M to self: the auto table has from_person / to_person.
    friends = models.ManyToManyField("self", blank=True)
    follows = models.ManyToManyField("self", symmetrical=False, related_name="followers")


class Item(models.Model):
    title = models.CharField(max_length=50)
    tags = models.ManyToManyField(Tag, db_table="legacy_item_tags", related_name="items")
    labels = models.ManyToManyField(
        Tag,
        related_name="labelled",  # the reverse accessor
        blank=True,
        limit_choices_to={"name__startswith": "l"},
    )
"""

ACCOUNTS_MODELS = """\
from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    pass
"""

TEAMS_MODELS = """\
from django.conf import settings
from django.db import models


class Author(models.Model):
    name = models.CharField(max_length=50)


class Team(models.Model):
    name = models.CharField(max_length=50)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="teams", blank=True
    )
"""

LIBRARY_MODELS = """\
from django.db import models

from teams.models import Author


class Book(models.Model):
    title = models.CharField(max_length=50)
    authors = models.ManyToManyField(Author, related_name="books")
"""

LEGACY_INIT = """\
from .category import Category
from .post import Post

__all__ = ["Category", "Post"]
"""
LEGACY_CATEGORY = """\
from django.db import models


class Category(models.Model):
    name = models.CharField(max_length=50)
"""
LEGACY_POST = """\
from django.db import models

from .category import Category


class Post(models.Model):
    title = models.CharField(max_length=50)

    # Written long ago, before DEFAULT_AUTO_FIELD existed.
    categories = models.ManyToManyField(
        Category,
        related_name="posts",
    )
"""


# Models named like attributes every Django model has: the auto-created tables name their foreign
# keys `check`, `save`, ..., which Django forbids on a declared model (models.E020 and friends).
RESERVED_NAMES = ("Check", "Save", "Delete", "Clean", "Pk")
RESERVED_MODELS = (
    "from django.db import models\n\n\nclass Tag(models.Model):\n"
    "    name = models.CharField(max_length=50)\n"
    + "".join(
        f"\n\nclass {name}(models.Model):\n    title = models.CharField(max_length=50)\n"
        "    tags = models.ManyToManyField(Tag, blank=True)\n"
        for name in RESERVED_NAMES
    )
)
# The app keeps AutoField while the project moved on to BigAutoField: the auto-created tables are
# made from the migration state, which only sees settings.DEFAULT_AUTO_FIELD, so their ids are
# bigint on PostgreSQL and MariaDB while the models loaded in memory say AutoField.
RESERVED_APPS_PY = """\
from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    default_auto_field = "django.db.models.AutoField"
"""


def reserved_target(folder: Path) -> Path:
    return make_target(
        folder,
        models_py=RESERVED_MODELS,
        settings_extra='DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"\n',
        files={"core/apps.py": RESERVED_APPS_PY},
        name="reserved",
    )


def people_target(folder: Path) -> Path:
    return make_target(folder, models_py=PEOPLE_MODELS, name="people")


def teams_target(folder: Path) -> Path:
    return make_target(
        folder,
        apps=[
            App("accounts", ACCOUNTS_MODELS),
            App("teams", TEAMS_MODELS),
            App("library", LIBRARY_MODELS),
        ],
        settings_extra='AUTH_USER_MODEL = "accounts.User"\n',
        name="teams",
    )


def legacy_target(folder: Path) -> Path:
    """A project on AutoField whose models live in a models/ package."""
    root = make_target(
        folder,
        models_py="",
        settings_extra='DEFAULT_AUTO_FIELD = "django.db.models.AutoField"\n',
        files={
            "core/models/__init__.py": LEGACY_INIT,
            "core/models/category.py": LEGACY_CATEGORY,
            "core/models/post.py": LEGACY_POST,
        },
        name="legacy",
    )
    (root / "core" / "models.py").unlink()
    return root


def blog_target(folder: Path) -> Path:
    root = folder / "blog"
    shutil.copytree(BLOG, root, ignore=shutil.ignore_patterns("*.sqlite3", "__pycache__"))
    return root


TARGETS: dict[str, Callable[[Path], Path]] = {
    "blog": blog_target,
    "people": people_target,
    "teams": teams_target,
    "legacy": legacy_target,
    "reserved": reserved_target,
}


@dataclass(frozen=True)
class Case:
    """A plan for one of the TARGETS, and what applying its bundle must show."""

    target: str
    plan: dict[str, Any]
    # Values the existing rows must hold in each extra field ("<set>": anything but NULL).
    extra_values: dict[str, str] = field(default_factory=dict)
    # Values a new through row needs (fields without a default).
    through_defaults: dict[str, Any] = field(default_factory=dict)
    seed_command: str | None = None
    vendors: tuple[str, ...] = ("sqlite",)  # previewed when building (the blog: all three)

    @property
    def app(self) -> str:
        return str(self.plan["field"]).split(".")[0]


def plan(field_label: str, through: str, **extra: Any) -> dict[str, Any]:
    return {"kind": "m2m_through", "field": field_label, "through": through, **extra}


CASES: dict[str, Case] = {
    "blog-rename-extra": Case(
        "blog",
        plan(
            "core.Post.categories",
            "PostCategory",
            table="rename",
            extra_fields=[
                {
                    "name": "date_created",
                    "type": "DateField",
                    "options": {"auto_now_add": True},
                    "backfill": "2024-01-01",
                }
            ],
        ),
        extra_values={"date_created": "2024-01-01"},
        seed_command="seed_demo",
        vendors=("sqlite", "postgresql", "mysql"),
    ),
    "blog-keep": Case(
        "blog", plan("core.Post.categories", "PostCategory", table="keep"), seed_command="seed_demo"
    ),
    # Online: the table keeps its name (the default then), the column is added the instant way,
    # in one short transaction with a lock timeout.
    "blog-online-extra": Case(
        "blog",
        {
            **plan(
                "core.Post.categories",
                "PostCategory",
                extra_fields=[
                    {"name": "weight", "type": "IntegerField", "options": {"default": 1}}
                ],
            ),
            "online": True,
        },
        extra_values={"weight": "1"},
        seed_command="seed_demo",
    ),
    "self-symmetrical": Case("people", plan("core.Person.friends", "Friendship")),
    "self-asymmetrical-keep": Case("people", plan("core.Person.follows", "Follow", table="keep")),
    "custom-db-table-keep": Case("people", plan("core.Item.tags", "ItemTag", table="keep")),
    "custom-db-table-rename": Case("people", plan("core.Item.tags", "ItemTag")),
    "uuid-target-extra-fields": Case(
        "people",
        plan(
            "core.Item.labels",
            "ItemLabel",
            extra_fields=[
                {
                    "name": "added",
                    "type": "DateTimeField",
                    "options": {"auto_now_add": True},
                    "backfill": "now",
                },
                {
                    "name": "note",
                    "type": "CharField",
                    "options": {"max_length": 20, "default": "x"},
                },
                {"name": "weight", "type": "IntegerField", "options": {"null": True}},
                {"name": "pinned", "type": "BooleanField", "options": {}, "backfill": True},
            ],
        ),
        extra_values={"added": "<set>", "note": "x", "weight": "None", "pinned": "True"},
        through_defaults={"pinned": False},
    ),
    "swappable-user": Case("teams", plan("teams.Team.members", "Membership")),
    "other-app-target": Case("teams", plan("library.Book.authors", "Authorship")),
    "reserved-name-app-autofield": Case(
        "reserved",
        plan(
            "core.Check.tags",
            "CheckTag",
            extra_fields=[
                {"name": "position", "type": "PositiveIntegerField", "options": {}, "backfill": 0}
            ],
        ),
        extra_values={"position": "0"},
        through_defaults={"position": 1},
        vendors=("sqlite", "postgresql", "mysql"),
    ),
    "autofield-models-package": Case(
        "legacy",
        plan(
            "core.Post.categories",
            "PostCategory",
            extra_fields=[
                {"name": "position", "type": "PositiveIntegerField", "options": {}, "backfill": 0}
            ],
        ),
        extra_values={"position": "0"},
        through_defaults={"position": 1},
    ),
}
