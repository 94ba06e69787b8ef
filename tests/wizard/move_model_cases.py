"""The targets and plans the move_model tests build bundles for (no tests here)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.targets import CONTRIB_APPS, App, make_target

SHOP_MODELS = '''\
from django.db import models


class Category(models.Model):
    name = models.CharField(max_length=30)


class Tag(models.Model):
    name = models.CharField(max_length=30)


class Product(models.Model):
    """What the shop sells."""

    name = models.CharField(max_length=40, db_index=True)
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="products")
    tags = models.ManyToManyField(Tag, blank=True)
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Special(Product):
    discount = models.IntegerField(default=0)


class Review(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE)
    stars = models.IntegerField()
'''

ORDERS_MODELS = """\
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class Order(models.Model):
    number = models.CharField(max_length=20)
    products = models.ManyToManyField("shop.Product", related_name="orders")
    first = models.OneToOneField(
        "shop.Product", null=True, on_delete=models.SET_NULL, related_name="+"
    )


class Note(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    text = models.CharField(max_length=40)
"""


PLAIN_MODELS = """\
from django.db import models


class Author(models.Model):
    name = models.CharField(max_length=40, unique=True)
"""


def store(folder: Path) -> Path:
    return make_target(
        folder,
        apps=[App("shop", SHOP_MODELS), App("catalog", ""), App("orders", ORDERS_MODELS)],
        installed_apps=CONTRIB_APPS,
    )


def plain(folder: Path) -> Path:
    return make_target(folder, apps=[App("blog", PLAIN_MODELS), App("people", "")])


TARGETS: dict[str, Callable[[Path], Path]] = {"store": store, "plain": plain}
ALL = ("sqlite", "postgresql", "mysql")


@dataclass(frozen=True)
class Case:
    target: str
    plan: dict[str, Any]
    vendors: tuple[str, ...] = ("sqlite",)


def plan(model: str, to_app: str, table: str) -> dict[str, Any]:
    return {"kind": "move_model", "model": model, "to_app": to_app, "table": table}


CASES: dict[str, Case] = {
    "plain-keep": Case("plain", plan("blog.Author", "people", "keep")),
    # Incoming FKs from a third app, its own auto M2M, an M2M pointing at it, a multi-table child,
    # a one-to-one, a self FK, and generic relations through content types (orders.Note).
    "store-keep": Case("store", plan("shop.Product", "catalog", "keep"), vendors=ALL),
    "store-rename": Case("store", plan("shop.Product", "catalog", "rename"), vendors=ALL),
    # Online: each migration a short transaction with lock timeouts; the rename stated INSTANT.
    "store-rename-online": Case(
        "store", {**plan("shop.Product", "catalog", "rename"), "online": True}, vendors=ALL
    ),
}
