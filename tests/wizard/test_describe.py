"""The text tree `inspect_project` prints, compared whole."""

from __future__ import annotations

from pathlib import Path

from tests.targets import PLACES_MODELS, make_target
from wizard.describe import snapshot_tree
from wizard.snapshot import Snapshot
from wizard.target import load_target

BLOG = Path(__file__).resolve().parents[2] / "examples" / "blog"

BLOG_TREE = """\
Project {root!r}
  settings blog_site.settings, Django {django}, Python {python}, database sqlite
app admin (django.contrib.admin; installed, read only; 3 migrations, latest \
0003_logentry_add_action_flag_choices; models LogEntry)
app auth (django.contrib.auth; installed, read only; 12 migrations, latest \
0012_alter_user_first_name_max_length; models Permission, Group, User)
app contenttypes (django.contrib.contenttypes; installed, read only; 2 migrations, latest \
0002_remove_content_type_name; models ContentType)
app sessions (django.contrib.sessions; installed, read only; 1 migration, latest 0001_initial; \
models Session)
app messages (django.contrib.messages; installed, read only; no migrations)
app staticfiles (django.contrib.staticfiles; installed, read only; no migrations)
app core (core, folder core; own app; 2 migrations, latest \
0002_remove_post_category_post_categories)
  model core.Category (table core_category)
    pk id: BigAutoField column id integer
    field name: CharField column name varchar(100) unique
    field slug: SlugField column slug varchar(50) unique
    <- core.Post_categories.category (M2M table of core.Post.categories; \
core_post_categories.category_id)
  model core.Post (table core_post)
    pk id: BigAutoField column id integer
    field title: CharField column title varchar(200)
    field body: TextField column body text
    field published: DateTimeField column published datetime null
    m2m categories -> core.Category (auto-created; table core_post_categories; columns post_id, \
category_id; through pk BigAutoField; related_name 'posts')
    <- core.Post_categories.post (M2M table of core.Post.categories; core_post_categories.post_id)
"""

PLACES_TREE = """\
Project {root!r}
  settings target_site.settings, Django {django}, Python {python}, database sqlite
  warning: The models of 'core' have changes that are not in migrations yet; run makemigrations \
first, because the wizard's migrations assume models and migrations agree.
app auth (django.contrib.auth; installed, read only; 12 migrations, latest \
0012_alter_user_first_name_max_length; models Permission, Group, User)
app contenttypes (django.contrib.contenttypes; installed, read only; 2 migrations, latest \
0002_remove_content_type_name; models ContentType)
app core (core, folder core; own app; 1 migration, latest 0001_initial)
  model core.Tag (table core_tag)
    pk id: BigAutoField column id integer
    field label: CharField column label varchar(20)
    field group: CharField column group varchar(20)
    unique together group, label
    <- core.Tagging.tag (M2M table of core.Place.tags; core_tagging.tag_id)
  model core.Place (table core_place; abstract bases core.models.Stamped)
    pk id: BigAutoField column id integer
    field created: DateTimeField column created datetime
    field code: CharField column code varchar(10) unique
    field name: CharField column name varchar(50) default
    ordering name, -code
    index place_name_idx on created, name
    index place_lower_name_idx on name
    constraint place_unique_x_name (UniqueConstraint) on code, name where ...
    constraint place_named (CheckConstraint) on code, name where ...
    m2m tags -> core.Tag (through core.Tagging; table core_tagging; columns place_id, tag_id; \
through pk BigAutoField; related_name 'places')
    <- core.Tagging.place (M2M table of core.Place.tags; core_tagging.place_id)
    <- core.Restaurant.place_ptr (OneToOneField; core_restaurant.place_ptr_id)
    <- core.Visit.place (ForeignKey; core_visit.place_id)
    <- core.Legacy.place (ForeignKey; legacy_rows.place_code to code)
  model core.Tagging (table core_tagging)
    pk id: BigAutoField column id integer
    field place: ForeignKey -> core.Place column place_id bigint
    field tag: ForeignKey -> core.Tag column tag_id bigint
    field weight: IntegerField column weight integer default
  model core.Restaurant (table core_restaurant; inherits core.Place; abstract bases \
core.models.Stamped)
    pk place_ptr: OneToOneField -> core.Place column place_ptr_id bigint parent link
    field seats: PositiveIntegerField column seats integer unsigned null
    ordering name, -code
  model core.PlaceProxy (table core_place; inherits core.Place; abstract bases \
core.models.Stamped; proxy)
    pk id: BigAutoField column id integer
    ordering name, -code
    <- core.Visit.place (ForeignKey; core_visit.place_id)
  model core.Visit (table core_visit)
    pk id: BigAutoField column id integer
    field place: ForeignKey -> core.PlaceProxy column place_id bigint null
  model core.Legacy (table legacy_rows; unmanaged)
    pk id: BigAutoField column id integer
    field place: ForeignKey -> core.Place to code column place_code varchar(10)
  model core.Note (table core_note)
    pk id: BigAutoField column id integer
"""


def expected(template: str, snapshot: Snapshot) -> str:
    return template.format(
        root=str(snapshot.target.root),
        django=snapshot.django_version,
        python=snapshot.python_version,
    )


def test_blog_tree() -> None:
    snapshot = load_target(BLOG)
    assert snapshot_tree(snapshot) == expected(BLOG_TREE, snapshot)


def test_tree_shows_flags_indexes_relations_and_warnings(tmp_path: Path) -> None:
    root = make_target(tmp_path, models_py=PLACES_MODELS)
    models_py = root / "core" / "models.py"
    models_py.write_text(models_py.read_text() + "\n\nclass Note(models.Model):\n    pass\n")
    snapshot = load_target(root)
    assert snapshot_tree(snapshot) == expected(PLACES_TREE, snapshot)
