"""The site serves its own CSS and JS: vendored Bootstrap, and htmx from django-htmx."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import django_htmx
import pytest
from django.contrib.staticfiles import finders
from django.template import Context, Template

ROOT = Path(__file__).resolve().parent.parent
BOOTSTRAP_DIR = ROOT / "static" / "vendor" / "bootstrap"
BANNER = re.compile(r"Bootstrap +v(\S+) \(https://getbootstrap\.com/\)")
# A <script src=...> or <link href=...> that leaves the site.
EXTERNAL_ASSET = re.compile(r"<(script|link)\b[^>]*\b(src|href)=[\"']?(https?:)?//", re.IGNORECASE)
# A CSS url()/@import or a JS import that leaves the site.
EXTERNAL_IMPORT = re.compile(
    r"(url\(|@import|\bfrom|\bimport\(?)\s*[\"']?(https?:)?//", re.IGNORECASE
)


def load_vendor_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "vendor_static", ROOT / "scripts/vendor_static.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bootstrap_version_file_matches_vendor_script() -> None:
    pinned = load_vendor_script().BOOTSTRAP_VERSION

    assert (BOOTSTRAP_DIR / "VERSION").read_text().strip() == pinned


@pytest.mark.parametrize("name", ["bootstrap.min.css", "bootstrap.bundle.min.js"])
def test_bootstrap_banner_matches_vendor_script(name: str) -> None:
    banner = BANNER.search((BOOTSTRAP_DIR / name).read_text()[:500])

    assert banner is not None
    assert banner.group(1) == load_vendor_script().BOOTSTRAP_VERSION


@pytest.mark.parametrize("name", ["bootstrap.min.css", "bootstrap.bundle.min.js"])
def test_bootstrap_found_by_staticfiles(name: str) -> None:
    assert finders.find(f"vendor/bootstrap/{name}") == str(BOOTSTRAP_DIR / name)


def test_django_htmx_ships_htmx() -> None:
    shipped = Path(django_htmx.__file__).parent / "static" / "django_htmx" / "htmx-2.min.js"

    assert shipped.is_file()
    assert finders.find("django_htmx/htmx-2.min.js") == str(shipped)


def test_htmx_script_tag_points_at_local_static() -> None:
    html = Template("{% load django_htmx %}{% htmx_script %}").render(Context())

    assert '<script src="/static/django_htmx/htmx-2.min.js" defer></script>' in html
    assert "//" not in html


def test_templates_load_no_assets_from_other_sites() -> None:
    pages = [*ROOT.glob("templates/**/*.html"), *ROOT.glob("wizard_ui/**/*.html")]

    offenders = [str(p.relative_to(ROOT)) for p in pages if EXTERNAL_ASSET.search(p.read_text())]

    assert offenders == []


def test_own_static_files_import_nothing_from_other_sites() -> None:
    own = [p for p in (ROOT / "static").rglob("*.[cj]s") if "vendor" not in p.parts]

    offenders = [str(p.relative_to(ROOT)) for p in own if EXTERNAL_IMPORT.search(p.read_text())]

    assert offenders == []
