"""Template helpers: server-side syntax highlighting and small formatting filters."""

from __future__ import annotations

import functools
import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from pygments import highlight as pygments_highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name

register = template.Library()

FORMATTER = HtmlFormatter(cssclass="hl", wrapcode=True)
# Made when the app starts, not during someone's first request (lexers import lazily).
LEXERS = {
    name: get_lexer_by_name(name, stripnl=False) for name in ("python", "sql", "diff", "text")
}


@register.filter
def highlight(source: str | None, language: str) -> SafeString:
    """Return ``source`` as highlighted HTML (Pygments, on the server: no script needed)."""
    return mark_safe(_highlighted(source or "", language))


@functools.lru_cache(maxsize=512)
def _highlighted(source: str, language: str) -> str:
    return str(pygments_highlight(source, LEXERS.get(language, LEXERS["text"]), FORMATTER))


# What the pages highlight, by key of the job's result: (key, language).
HIGHLIGHTED = {
    "source": "python",
    "migration_class": "python",
    "schema_diff": "diff",
    "patch": "diff",
    "sql": "sql",
    "text": "sql",
}


def warm_highlighting(data: object) -> None:
    """Highlight every piece of a job's result now, in the job's thread, not in a request."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "statements":
                continue  # shown only joined, as "text"
            if isinstance(value, str) and key in HIGHLIGHTED:
                _highlighted(value, HIGHLIGHTED[key])
            else:
                warm_highlighting(value)
    elif isinstance(data, list):
        for item in data:
            warm_highlighting(item)


@register.filter
def filesize(size: int) -> str:
    """Return ``size`` bytes in words (1.4 kB)."""
    if size < 1000:
        return f"{size} bytes"
    return f"{size / 1000:.1f} kB"


@register.filter
def seconds(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.1f} s" if value >= 1 else f"{value * 1000:.0f} ms"


INLINE_CODE = re.compile(r"`([^`]+)`")
STRONG = re.compile(r"\*\*([^*]+)\*\*")


@register.filter
def inline_code(text: str | None) -> SafeString:
    """Return ``text`` escaped, with Markdown's `code` spans as <code> and **strong** spans as
    <strong> (the engine writes both, for the bundle's README too)."""
    escaped = str(escape(text or ""))
    return mark_safe(
        STRONG.sub(r"<strong>\1</strong>", INLINE_CODE.sub(r"<code>\1</code>", escaped))
    )
