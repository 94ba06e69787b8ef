"""Loading a target: Target.resolve, and the snapshot of real projects (examples and temp ones)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.targets import PLACES_MODELS, App, make_target
from wizard.errors import TargetError
from wizard.snapshot import Snapshot
from wizard.target import Target, load_target, settings_from_manage

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"

CUSTOM_USER_MODELS = """\
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models


class Member(AbstractUser):
    nickname = models.CharField(max_length=50, blank=True)


class Team(models.Model):
    name = models.CharField(max_length=50)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="teams")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, to_field="username", related_name="owned_teams"
    )
"""

CATALOG_MODELS = """\
from django.db import models


class Product(models.Model):
    name = models.CharField(max_length=50)
"""

PEOPLE_MODELS = """\
import uuid

from django.db import models


class Person(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=50)
    friends = models.ManyToManyField("self", blank=True)
    follows = models.ManyToManyField("self", symmetrical=False, related_name="followers")
"""

OLD_DJANGO_MODELS = """\
from django.db import models
from django.db.models import Q


class Note(models.Model):
    title = models.CharField(max_length=50)
    rank = models.IntegerField(default=0)
    links = models.ManyToManyField("self", blank=True)

    class Meta:
        constraints = [models.CheckConstraint(check=Q(rank__gte=0), name="note_rank_positive")]
"""


def incoming_of(snapshot: Snapshot, label: str) -> dict[str, dict[str, object]]:
    model = snapshot.model(label)
    assert model is not None
    return {f"{r.model}.{r.field}": vars(r) for r in model.incoming}


# Target.resolve: the cheap checks that need no process ---------------------------------------


def test_resolve_missing_folder_raises(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    with pytest.raises(TargetError) as info:
        Target.resolve(missing)
    assert str(info.value) == (
        f"The folder {str(missing)!r} does not exist; give the folder that holds manage.py."
    )


def test_resolve_file_instead_of_folder_raises(tmp_path: Path) -> None:
    manage = tmp_path / "manage.py"
    manage.write_text("")
    with pytest.raises(TargetError) as info:
        Target.resolve(manage)
    assert str(info.value) == f"{str(manage)!r} is a file; give the folder that holds manage.py."


def test_resolve_folder_without_manage_py_raises(tmp_path: Path) -> None:
    with pytest.raises(TargetError) as info:
        Target.resolve(tmp_path)
    assert str(info.value) == (
        f"There is no manage.py in {str(tmp_path)!r}; give the project's root folder "
        "(the one that holds manage.py)."
    )


def test_resolve_manage_py_without_django_raises(tmp_path: Path) -> None:
    (tmp_path / "manage.py").write_text("print('a flask app')\n")
    with pytest.raises(TargetError) as info:
        Target.resolve(tmp_path)
    assert str(info.value) == (
        f"{str(tmp_path / 'manage.py')!r} does not set DJANGO_SETTINGS_MODULE, so this does not "
        "look like a Django project; pass --settings with the settings module "
        "(for example mysite.settings)."
    )


def test_resolve_settings_path_instead_of_module_raises(tmp_path: Path) -> None:
    (tmp_path / "manage.py").write_text("")
    with pytest.raises(TargetError) as info:
        Target.resolve(tmp_path, settings="mysite/settings.py")
    assert str(info.value) == (
        "The settings module 'mysite/settings.py' is not a dotted module name; pass it as Python "
        "imports it (for example mysite.settings, not mysite/settings.py)."
    )


def test_resolve_missing_python_raises(tmp_path: Path) -> None:
    (tmp_path / "manage.py").write_text("")
    with pytest.raises(TargetError) as info:
        Target.resolve(tmp_path, settings="x.settings", python=str(tmp_path / "bin" / "python"))
    assert str(info.value) == (
        f"The interpreter {str(tmp_path / 'bin' / 'python')!r} does not exist or is not "
        "executable; pass --python the target's own python "
        "(for example /path/to/project/.venv/bin/python)."
    )


def test_resolve_negative_timeout_raises(tmp_path: Path) -> None:
    (tmp_path / "manage.py").write_text("")
    with pytest.raises(TargetError) as info:
        Target.resolve(tmp_path, settings="x.settings", timeout=-1)
    assert str(info.value) == (
        "The timeout -1 is not a positive number of seconds; pass for example 60."
    )


def test_resolve_defaults_to_manage_py_settings_and_own_python(tmp_path: Path) -> None:
    root = make_target(tmp_path)
    target = Target.resolve(root)
    assert target == Target(root, "target_site.settings", sys.executable)
    assert target.timeout is None


@pytest.mark.parametrize(
    "source",
    [
        'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")',
        'os.environ["DJANGO_SETTINGS_MODULE"] = "mysite.settings"',
        'environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")',
    ],
)
def test_settings_from_manage_finds_module(tmp_path: Path, source: str) -> None:
    manage = tmp_path / "manage.py"
    manage.write_text(f"import os\nfrom os import environ\n\ndef main():\n    {source}\n")
    assert settings_from_manage(manage) == "mysite.settings"


# The examples -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def blog() -> Snapshot:
    return load_target(EXAMPLES / "blog")


@pytest.fixture(scope="module")
def fleet() -> Snapshot:
    return load_target(EXAMPLES / "fleet")


def test_blog_example_loads(blog: Snapshot) -> None:
    assert blog.target.settings == "blog_site.settings"
    assert blog.django_version.startswith("5.2.")
    assert blog.vendor == "sqlite"
    assert [a.label for a in blog.own_apps()] == ["core"]
    core = blog.app("core")
    assert core is not None
    assert (core.name, core.path, core.own) == ("core", "core", True)
    assert (core.migrations_module, core.migrations_path) == ("core.migrations", "core/migrations")
    assert core.leaf == "0002_remove_post_category_post_categories"
    auth = blog.app("auth")
    assert auth is not None and not auth.own and Path(auth.path).is_absolute()
    assert blog.warnings == []


def test_blog_example_m2m_field(blog: Snapshot) -> None:
    [m2m] = blog.m2m_fields(auto_only=True)
    assert m2m.label == "core.Post.categories"
    assert (m2m.target, m2m.through, m2m.table) == (
        "core.Category",
        "core.Post_categories",
        "core_post_categories",
    )
    assert (m2m.source_column, m2m.target_column) == ("post_id", "category_id")
    assert (m2m.symmetrical, m2m.related_name, m2m.reverse_accessor) == (False, "posts", "posts")
    assert m2m.through_pk_class == "BigAutoField"
    assert incoming_of(blog, "core.Category")["core.Post_categories.category"]["m2m_field"] == (
        "core.Post.categories"
    )


def test_blog_example_fields(blog: Snapshot) -> None:
    post = blog.model("core.post")
    assert post is not None
    assert (post.table, post.pk.class_name, post.pk.column, post.pk.db_type) == (
        "core_post",
        "BigAutoField",
        "id",
        "integer",
    )
    published = post.field("published")
    assert published is not None and published.null and not published.has_default
    assert post.source_file == "core/models.py"


def test_fleet_example_loads(fleet: Snapshot) -> None:
    [m2m] = fleet.m2m_fields()
    assert m2m.label == "part1.Plane.pilots"
    assert (m2m.target, m2m.table, m2m.to_swappable_user) == (
        "auth.User",
        "part1_plane_pilots",
        True,
    )
    assert (m2m.source_column, m2m.target_column) == ("plane_id", "user_id")
    plane_in = incoming_of(fleet, "part1.Plane")
    assert plane_in["part1.ParkingBay.plane"]["kind"] == "ForeignKey"
    assert plane_in["part1.ParkingBay.plane"]["m2m_table"] is False
    assert plane_in["part1.Plane_pilots.plane"]["m2m_table"] is True
    bay = fleet.model("part1.ParkingBay")
    assert bay is not None
    plane = bay.field("plane")
    assert plane is not None
    assert (plane.related_model, plane.column, plane.on_delete) == (
        "part1.Plane",
        "plane_id",
        "CASCADE",
    )
    assert incoming_of(fleet, "auth.User")["part1.Plane_pilots.user"]["table"] == (
        "part1_plane_pilots"
    )


# Temporary targets --------------------------------------------------------------------------


def test_custom_user_model_loads(tmp_path: Path) -> None:
    root = make_target(
        tmp_path,
        apps=[App("accounts", CUSTOM_USER_MODELS)],
        settings_extra='AUTH_USER_MODEL = "accounts.Member"\n',
    )
    snapshot = load_target(root)
    assert snapshot.auth_user_model == "accounts.Member"
    assert snapshot.model("auth.User") is None  # swapped out
    member = snapshot.model("accounts.Member")
    assert member is not None
    assert member.abstract_bases[0] == "django.contrib.auth.models.AbstractUser"
    username = member.field("username")
    assert username is not None
    assert username.declared_in == "django.contrib.auth.models.AbstractUser"
    groups = next(m for m in member.m2m if m.name == "groups")
    assert (groups.table, groups.declared_in) == (
        "accounts_member_groups",
        "django.contrib.auth.models.PermissionsMixin",
    )
    team = snapshot.model("accounts.Team")
    assert team is not None
    [members] = team.m2m
    assert (members.target, members.to_swappable_user, members.target_column) == (
        "accounts.Member",
        True,
        "member_id",
    )
    owner = team.field("owner")
    assert owner is not None and (owner.to_field, owner.related_model) == (
        "username",
        "accounts.Member",
    )
    owner_in = incoming_of(snapshot, "accounts.Member")["accounts.Team.owner"]
    assert (owner_in["to_field"], owner_in["target_column"]) == ("username", "username")


def test_app_label_that_differs_from_module_loads(tmp_path: Path) -> None:
    root = make_target(tmp_path, apps=[App("shop.catalog", CATALOG_MODELS, label="products")])
    snapshot = load_target(root)
    app = snapshot.app("products")
    assert app is not None
    assert (app.name, app.path, app.own, app.leaves) == (
        "shop.catalog",
        "shop/catalog",
        True,
        ["0001_initial"],
    )
    assert (app.migrations_module, app.migrations_path) == (
        "shop.catalog.migrations",
        "shop/catalog/migrations",
    )
    product = snapshot.model("products.Product")
    assert product is not None
    assert (product.table, product.module, product.source_file) == (
        "products_product",
        "shop.catalog.models",
        "shop/catalog/models.py",
    )


def test_uuid_pk_and_self_referential_m2m_load(tmp_path: Path) -> None:
    snapshot = load_target(make_target(tmp_path, models_py=PEOPLE_MODELS))
    person = snapshot.model("core.Person")
    assert person is not None
    assert (person.pk.class_name, person.pk.column, person.pk.db_type, person.pk.has_default) == (
        "UUIDField",
        "id",
        "char(32)",
        True,
    )
    friends, follows = person.m2m
    assert (friends.target, friends.symmetrical, friends.related_name) == (
        "core.Person",
        True,
        None,
    )
    assert friends.reverse_accessor is None
    assert (friends.table, friends.source_column, friends.target_column) == (
        "core_person_friends",
        "from_person_id",
        "to_person_id",
    )
    assert (follows.symmetrical, follows.related_name, follows.reverse_accessor) == (
        False,
        "followers",
        "followers",
    )
    assert follows.through_pk_class == "BigAutoField"
    assert sorted(incoming_of(snapshot, "core.Person")) == [
        "core.Person_follows.from_person",
        "core.Person_follows.to_person",
        "core.Person_friends.from_person",
        "core.Person_friends.to_person",
    ]


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    return load_target(make_target(tmp_path_factory.mktemp("places"), models_py=PLACES_MODELS))


def test_abstract_base_ordering_indexes_and_constraints_load(places: Snapshot) -> None:
    place = places.model("core.Place")
    assert place is not None
    assert place.abstract_bases == ["core.models.Stamped"]
    created = place.field("created")
    assert created is not None and created.declared_in == "core.models.Stamped"
    assert place.ordering == ["name", "-code"]
    name = place.field("name")
    assert name is not None and name.has_default and not name.unique
    code = place.field("code")
    assert code is not None and code.unique
    assert [(i["name"], i["fields"], i["expressions"], i["references"]) for i in place.indexes] == [
        ("place_name_idx", ["name", "-created"], False, ["created", "name"]),
        ("place_lower_name_idx", [], True, ["name"]),
    ]
    assert [(c["name"], c["kind"], c["condition"], c["references"]) for c in place.constraints] == [
        ("place_unique_x_name", "UniqueConstraint", True, ["code", "name"]),
        ("place_named", "CheckConstraint", True, ["code", "name"]),
    ]
    tag = places.model("core.Tag")
    assert tag is not None and tag.unique_together == [["group", "label"]]


def test_parents_proxy_and_unmanaged_load(places: Snapshot) -> None:
    restaurant = places.model("core.Restaurant")
    assert restaurant is not None
    assert restaurant.parents == ["core.Place"]
    assert (restaurant.pk.name, restaurant.pk.class_name, restaurant.pk.column) == (
        "place_ptr",
        "OneToOneField",
        "place_ptr_id",
    )
    assert restaurant.pk.parent_link and restaurant.pk.related_model == "core.Place"
    assert [f.name for f in restaurant.fields] == ["place_ptr", "seats"]
    assert restaurant.all_concrete_fields == ["id", "created", "code", "name", "place_ptr", "seats"]
    proxy = places.model("core.PlaceProxy")
    assert proxy is not None
    assert (proxy.proxy, proxy.concrete_model, proxy.table) == (True, "core.Place", "core_place")
    legacy = places.model("core.Legacy")
    assert legacy is not None and (legacy.managed, legacy.table) == (False, "legacy_rows")


def test_explicit_through_and_incoming_relations_load(places: Snapshot) -> None:
    place = places.model("core.Place")
    assert place is not None
    [tags] = place.m2m
    assert (tags.auto_created, tags.through, tags.table, tags.related_name) == (
        False,
        "core.Tagging",
        "core_tagging",
        "places",
    )
    assert (tags.source_column, tags.target_column, tags.through_pk_class) == (
        "place_id",
        "tag_id",
        "BigAutoField",
    )
    assert places.m2m_fields(auto_only=True) == []
    incoming = incoming_of(places, "core.Place")
    assert sorted(incoming) == [
        "core.Legacy.place",
        "core.Restaurant.place_ptr",
        "core.Tagging.place",
        "core.Visit.place",
    ]
    assert incoming["core.Restaurant.place_ptr"]["parent_link"] is True
    assert incoming["core.Restaurant.place_ptr"]["kind"] == "OneToOneField"
    legacy = incoming["core.Legacy.place"]
    assert (legacy["column"], legacy["to_field"], legacy["target_column"]) == (
        "place_code",
        "code",
        "code",
    )
    tagging = incoming["core.Tagging.place"]
    assert (tagging["m2m_table"], tagging["auto_created"], tagging["m2m_field"]) == (
        True,
        False,
        "core.Place.tags",
    )
    assert incoming["core.Visit.place"]["target_model"] == "core.PlaceProxy"
    assert list(incoming_of(places, "core.PlaceProxy")) == ["core.Visit.place"]


def test_models_ahead_of_migrations_warn(tmp_path: Path) -> None:
    root = make_target(tmp_path, models_py=CATALOG_MODELS)
    models_py = root / "core" / "models.py"
    models_py.write_text(
        models_py.read_text() + "    price = models.IntegerField(null=True)\n", encoding="utf-8"
    )
    snapshot = load_target(root)
    assert snapshot.pending_changes == [
        {"app_label": "core", "operation": "Add field price to product"}
    ]
    assert snapshot.warnings == [
        "The models of 'core' have changes that are not in migrations yet; run makemigrations "
        "first, because the wizard's migrations assume models and migrations agree."
    ]


def test_pending_not_null_field_warns_instead_of_exiting(tmp_path: Path) -> None:
    # Django's non-interactive questioner calls sys.exit(3) on a NOT NULL addition.
    root = make_target(tmp_path, models_py=CATALOG_MODELS)
    models_py = root / "core" / "models.py"
    models_py.write_text(
        models_py.read_text() + "    price = models.IntegerField()\n", encoding="utf-8"
    )
    snapshot = load_target(root)
    assert snapshot.pending_changes == [
        {"app_label": "core", "operation": "Add field price to product"}
    ]


def test_app_without_migrations_warns(tmp_path: Path) -> None:
    root = make_target(
        tmp_path, models_py=CATALOG_MODELS, files={"core/migrations/__init__.py": ""}
    )
    (root / "core" / "migrations" / "0001_initial.py").unlink()
    (root / "core" / "migrations" / "__init__.py").unlink()
    (root / "core" / "migrations").rmdir()
    snapshot = load_target(root)
    assert snapshot.pending_changes == []
    assert snapshot.warnings == [
        "App 'core' has models but no migrations; run makemigrations core first, because the "
        "wizard's migrations follow the app's latest."
    ]


def test_conflicting_migrations_warn(tmp_path: Path) -> None:
    empty = (
        "from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n"
        "    dependencies = [('core', '0001_initial')]\n    operations = []\n"
    )
    root = make_target(tmp_path, models_py=CATALOG_MODELS)
    for name in ("0002_a", "0002_b"):
        (root / "core" / "migrations" / f"{name}.py").write_text(empty)
    snapshot = load_target(root)
    assert snapshot.warnings == [
        "App 'core' has conflicting migrations (0002_a, 0002_b); run makemigrations --merge first."
    ]


def test_caller_environment_reaches_target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MW_TEST_AUTO_FIELD", "django.db.models.SmallAutoField")
    root = make_target(
        tmp_path,
        models_py=CATALOG_MODELS,
        settings_extra='import os\nDEFAULT_AUTO_FIELD = os.environ["MW_TEST_AUTO_FIELD"]\n',
    )
    snapshot = load_target(root)
    assert snapshot.default_auto_field == "django.db.models.SmallAutoField"
    product = snapshot.model("core.Product")
    assert product is not None and product.pk.class_name == "SmallAutoField"


@pytest.mark.slow
def test_target_with_its_own_django_42_loads(tmp_path: Path, django42_python: str) -> None:
    root = make_target(tmp_path, models_py=OLD_DJANGO_MODELS, python=django42_python)
    snapshot = load_target(root, python=django42_python)
    assert snapshot.django_version.startswith("4.2.")
    assert snapshot.target.python == django42_python
    assert snapshot.python_executable == django42_python
    assert snapshot.warnings == []
    note = snapshot.model("core.Note")
    assert note is not None
    assert [(c["kind"], c["references"]) for c in note.constraints] == [
        ("CheckConstraint", ["rank"])
    ]
    [links] = note.m2m
    assert (links.symmetrical, links.table, links.source_column) == (
        True,
        "core_note_links",
        "from_note_id",
    )
    rank = note.field("rank")
    assert rank is not None and rank.has_default and not rank.has_db_default


@pytest.mark.parametrize(
    ("engine", "vendor", "pk_type"),
    [
        ("django.db.backends.postgresql", "postgresql", "bigint"),
        ("django.db.backends.mysql", "mysql", None),  # its types need the server's version
    ],
)
def test_loading_never_connects_to_the_database(
    tmp_path: Path, engine: str, vendor: str, pk_type: str | None
) -> None:
    # Port 1 answers nobody: any connection attempt would fail or hang.
    root = make_target(tmp_path, models_py=CATALOG_MODELS)
    settings = root / "target_site" / "settings.py"
    settings.write_text(
        settings.read_text()
        + f"DATABASES = {{'default': {{'ENGINE': {engine!r}, 'NAME': 'x', 'HOST': '10.255.255.1', "
        "'PORT': '1'}}\n"
    )
    snapshot = load_target(root, timeout=30)
    assert snapshot.vendor == vendor
    product = snapshot.model("core.Product")
    assert product is not None and product.pk.db_type == pk_type


def test_own_code_imported_from_the_original_folder_is_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A src layout found through PYTHONPATH (or an editable install) imports from the original.
    root = make_target(tmp_path, apps=[App("shop", CATALOG_MODELS)])
    (root / "src").mkdir()
    (root / "shop").rename(root / "src" / "shop")
    monkeypatch.setenv("PYTHONPATH", str(root / "src"))
    snapshot = load_target(root)
    app = snapshot.app("shop")
    assert app is not None
    assert (app.own, app.path, app.migrations_path, app.leaves) == (
        True,
        "src/shop",
        "src/shop/migrations",
        ["0001_initial"],
    )


def test_installed_apps_pending_changes_do_not_warn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An app outside the project (like one in site-packages) whose migrations lag its models.
    library = tmp_path / "lib"
    for relative, text in {
        "vendored/__init__.py": "",
        "vendored/models.py": CATALOG_MODELS,
        "vendored/migrations/__init__.py": "",
        "vendored/migrations/0001_initial.py": (
            "from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n"
            "    initial = True\n    operations = []\n"
        ),
    }.items():
        (library / relative).parent.mkdir(parents=True, exist_ok=True)
        (library / relative).write_text(text)
    monkeypatch.setenv("PYTHONPATH", str(library))
    root = make_target(tmp_path, models_py=CATALOG_MODELS)
    settings = root / "target_site" / "settings.py"
    settings.write_text(settings.read_text() + 'INSTALLED_APPS += ["vendored"]\n')
    snapshot = load_target(root)
    vendored = snapshot.app("vendored")
    assert vendored is not None and not vendored.own
    assert snapshot.pending_changes == [
        {"app_label": "vendored", "operation": "Create model Product"}
    ]
    assert snapshot.warnings == []
