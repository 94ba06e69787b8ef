"""Rows keyed by a model's root content type follow it when it gains a parent, and come back.

Wagtail records revisions, workflow states and its reference index by ``base_content_type``: the
content type of the object's topmost concrete model. The model is that topmost model before the
bundle and its new parent after it; without a step of its own, every revision recorded before
would no longer be found. A small app of our own declares such a field, as Wagtail's models do.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.targets import App, make_target
from wizard.bundle import build_bundle, write_files
from wizard.childproc import copy_target
from wizard.target import Target

SHOP = """\
from django.db import models


class Product(models.Model):
    name = models.CharField(max_length=20)
"""
HISTORY = """\
from django.contrib.contenttypes.models import ContentType
from django.db import models


class Revision(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    base_content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(max_length=255)


class Reference(models.Model):
    base_content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+"
    )
    to_content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")


class Bookmark(models.Model):
    to_content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
"""
SEED = """\
from django.contrib.contenttypes.models import ContentType
from history.models import Revision
from shop.models import Product
p = Product.objects.create(name="kettle")
product = ContentType.objects.get_for_model(Product)
other = ContentType.objects.get_for_model(Revision)
Revision.objects.create(content_type=product, base_content_type=product, object_id=str(p.pk))
Revision.objects.create(content_type=other, base_content_type=other, object_id="1")
from history.models import Bookmark, Reference
Reference.objects.create(base_content_type=other, to_content_type=product)
Bookmark.objects.create(to_content_type=product)
"""
READ = """\
import json
from django.db import connection
with connection.cursor() as c:
    c.execute(
        "SELECT r.id, b.app_label, b.model FROM history_revision r"
        " JOIN django_content_type b ON b.id = r.base_content_type_id ORDER BY r.id"
    )
    rows = [list(row) for row in c.fetchall()]
    c.execute(
        "SELECT t.model FROM history_reference r"
        " JOIN django_content_type t ON t.id = r.to_content_type_id"
        " UNION ALL SELECT t.model FROM history_bookmark b"
        " JOIN django_content_type t ON t.id = b.to_content_type_id"
    )
    print(json.dumps(rows + [row[0] for row in c.fetchall()]))
"""


def manage(root: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    proc = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


def test_revisions_follow_the_model_to_its_new_parent_and_back(tmp_path: Path) -> None:
    root = make_target(
        tmp_path,
        apps=[App("shop", SHOP), App("history", HISTORY)],
    )
    bundle = build_bundle(
        Target.resolve(root),
        {"kind": "new_parent", "model": "shop.Product", "parent": "Item", "move_fields": ["name"]},
        vendors=("sqlite",),
    )
    follow = bundle.migrations[-1]
    assert follow.name == "0005_product_content_type_follows_item"
    source = bundle.files[follow.path].decode()
    assert "('history', '0001_initial')" in source and "('contenttypes'," in source
    copy = copy_target(root, tmp_path / "copy")
    manage(copy, "migrate", "-v", "0")
    manage(copy, "shell", "-c", SEED)
    write_files(copy, bundle.files)
    subprocess.run(
        ["patch", "-p1", "--batch", "--silent"], input=bundle.files["models.patch"], cwd=copy,
        check=True,
    )  # fmt: skip
    manage(copy, "migrate", "-v", "0")
    assert json.loads(manage(copy, "shell", "-c", READ).splitlines()[-1]) == [
        [1, "shop", "item"],
        [2, "history", "revision"],
        "item",  # the reference's target, beside a root content type
        "product",  # a bookmark's: no root content type beside it, so not one
    ]
    manage(copy, "migrate", "shop", "0001", "-v", "0")
    assert json.loads(manage(copy, "shell", "-c", READ).splitlines()[-1]) == [
        [1, "shop", "product"],
        [2, "history", "revision"],
        "product",
        "product",
    ]
