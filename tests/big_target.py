"""A generated shop of 40 apps, for the project page's tests, browser walk and benchmark.

    root = forty_apps_target(tmp_path)

Every app has a main model (a name, a timestamp and an owner: a foreign key to
``accounts.Account``, so that model has the most relations pointing at it), an entry model with
foreign keys to its app's main model and to the previous app's, and a note model; every third
main model has an auto-created M2M field to the previous app's. The project names itself in
``pyproject.toml`` ("shopfront"), as a packaged project does.
"""

from __future__ import annotations

from pathlib import Path

from tests.targets import App, make_target

WORDS = (
    "accounts addresses analytics audit billing blog bookings calendar carts catalog comments "
    "contacts coupons dashboard documents events exports faq feedback forums gallery imports "
    "inventory invoices jobs ledger media newsletter notifications orders pages payments polls "
    "reports reviews search shipping subscriptions tickets wishlists"
)
LABELS = tuple(WORDS.split())
PYPROJECT = '[project]\nname = "shopfront"\nversion = "1.0"\n'


def stem(label: str) -> str:
    """Return the main model's name of an app: its label in the singular, capitalized."""
    if label.endswith("ies"):
        label = label[:-3] + "y"
    elif label.endswith("sses"):
        label = label[:-2]
    elif label.endswith("s") and not label.endswith("ss"):
        label = label[:-1]
    return label.capitalize()


def models_source(position: int) -> str:
    label = LABELS[position]
    main = stem(label)
    previous = f"{LABELS[position - 1]}.{stem(LABELS[position - 1])}" if position else None
    owner = (
        "    owner = models.ForeignKey('accounts.Account', models.CASCADE, null=True, "
        f"related_name='owned_{label}')\n"
        if position
        else "    email = models.EmailField(unique=True)\n"
    )
    m2m = (
        f"    related = models.ManyToManyField({previous!r}, blank=True, "
        f"related_name='{label}_related')\n"
        if previous and position % 3 == 0
        else ""
    )
    link = (
        f"    previous = models.ForeignKey({previous!r}, models.SET_NULL, null=True, "
        f"related_name='{label}_entries')\n"
        if previous
        else ""
    )
    return (
        "from django.db import models\n\n\n"
        f"class {main}(models.Model):\n"
        "    name = models.CharField(max_length=100)\n"
        "    created = models.DateTimeField(auto_now_add=True)\n"
        f"{owner}{m2m}\n\n"
        f"class {main}Entry(models.Model):\n"
        f"    {label}_ref = models.ForeignKey({main}, models.CASCADE)\n"
        f"{link}"
        "    amount = models.DecimalField(max_digits=10, decimal_places=2, default=0)\n"
        "    position = models.PositiveIntegerField(default=0)\n\n\n"
        f"class {main}Note(models.Model):\n"
        f"    {label}_ref = models.ForeignKey({main}, models.CASCADE)\n"
        "    text = models.TextField(blank=True)\n"
    )


def forty_apps_target(tmp_path: Path) -> Path:
    """Write the 40-app project into ``tmp_path`` and return its root."""
    apps = [App(label, models_source(n)) for n, label in enumerate(LABELS)]
    return make_target(
        tmp_path,
        apps=apps,
        files={"pyproject.toml": PYPROJECT},
        installed_apps=(
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
        ),
        name="src",
    )
