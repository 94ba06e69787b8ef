"""Small targets with the shapes a survey of public projects (wagtail's bakerydemo,
openwisp-users) found: a many-to-many relation that is not a ManyToManyField (django-taggit),
a ManyToManyField subclass from another module (modelcluster), an admin that lists an M2M field.
"""

from __future__ import annotations

from pathlib import Path

from tests.targets import make_target

# Shaped like django-taggit's TaggableManager: a RelatedField that says many_to_many = True,
# whose rows live in an ordinary model, and that has none of ManyToManyField's table methods.
TAGGING_PY = """\
from django.db.models.fields.related import ManyToManyRel, RelatedField, lazy_related_operation


class TagManager(RelatedField):
    many_to_many = True
    many_to_one = False
    one_to_many = False
    one_to_one = False

    def __init__(self, to=None, through=None, **kwargs):
        kwargs["rel"] = ManyToManyRel(self, to, through=through)
        kwargs["null"] = True
        kwargs["serialize"] = False
        kwargs.setdefault("blank", True)
        super().__init__(**kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        del kwargs["null"], kwargs["serialize"]
        for key, value in (("to", self.remote_field.model), ("through", self.remote_field.through)):
            kwargs[key] = value if isinstance(value, str) else value._meta.label_lower
        return name, path, args, kwargs

    def contribute_to_class(self, cls, name, private_only=False):
        self.set_attributes_from_name(name)
        self.model = cls
        self.opts = cls._meta
        cls._meta.add_field(self)
        if not cls._meta.abstract:

            def resolve(model, to, through, field):
                field.remote_field.model = to
                field.remote_field.through = through

            lazy_related_operation(
                resolve, cls, self.remote_field.model, self.remote_field.through, field=self
            )

    def get_internal_type(self):
        return "ManyToManyField"

    def db_type(self, connection):
        return None
"""

# Shaped like modelcluster's ParentalManyToManyField: a ManyToManyField subclass in a module of
# its own, which migrations import.
CLUSTER_PY = """\
from django.db import models


class ParentalManyToManyField(models.ManyToManyField):
    pass
"""

TAGGED_MODELS = """\
from django.db import models

from core.cluster import ParentalManyToManyField
from core.tagging import TagManager


class Tag(models.Model):
    name = models.CharField(max_length=20)


class TaggedPost(models.Model):
    tag = models.ForeignKey(Tag, models.CASCADE, related_name="+")
    content_object = models.ForeignKey("Post", models.CASCADE, related_name="+")


class Post(models.Model):
    title = models.CharField(max_length=20)
    tags = TagManager(to=Tag, through=TaggedPost)
    readers = ParentalManyToManyField(Tag, related_name="read_posts")
"""


def tagged_target(folder: Path) -> Path:
    """Return a target whose Post has a taggit-like ``tags`` and a modelcluster-like M2M."""
    return make_target(
        folder,
        models_py=TAGGED_MODELS,
        files={"core/tagging.py": TAGGING_PY, "core/cluster.py": CLUSTER_PY},
    )
