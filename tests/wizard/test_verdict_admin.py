"""The verdict keeps Django's checks on admin classes of the changed models."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.targets import CONTRIB_APPS, make_target
from wizard.errors import PlanError
from wizard.target import Target
from wizard.verdict import check_plan

MODELS = """\
from django.db import models


class Tag(models.Model):
    name = models.CharField(max_length=20)


class Post(models.Model):
    title = models.CharField(max_length=20)
    tags = models.ManyToManyField(Tag)
"""

ADMIN_SETTINGS = """\
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
"""

# After `through=`, Django's admin refuses to list the field (admin.E013), and migrate with it.
ADMIN_PY = """\
from django.contrib import admin

from core.models import Post


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    fields = ["title", "tags"]
    filter_horizontal = ["tags"]
"""


def test_admin_listing_the_field_refuses_the_plan_with_the_fix(tmp_path: Path) -> None:
    root = make_target(
        tmp_path,
        models_py=MODELS,
        installed_apps=[
            *CONTRIB_APPS,
            "django.contrib.admin",
            "django.contrib.messages",
            "django.contrib.sessions",
        ],
        settings_extra=ADMIN_SETTINGS,
        files={"core/admin.py": ADMIN_PY},
    )
    plan = {"kind": "m2m_through", "field": "core.Post.tags", "through": "PostTag"}
    with pytest.raises(PlanError) as info:
        check_plan(Target.resolve(root), plan)
    assert str(info.value) == (
        "After this change Django's checks fail (admin.E013 on core.admin.PostAdmin: The value of "
        "'fields' cannot include the ManyToManyField 'tags', because that field manually "
        "specifies a relationship model.; admin.E013 on core.admin.PostAdmin: The value of "
        "'filter_horizontal[0]' cannot include the ManyToManyField 'tags', because that field "
        "manually specifies a relationship model.); change the admin class each admin message "
        "names: take the field out of the option it quotes (a field with a through model is "
        "edited with an inline of that model), then make the plan again."
    )
