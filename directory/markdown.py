"""Descriptions may use a little Markdown (paragraphs, lists, emphasis, links).

Rendered by markdown-it-py with raw HTML off (typed HTML shows as text), then cleaned by
nh3 with a short allow-list: whatever the renderer lets through, only these tags, only an
``href`` on links, only http(s), mailto and tel addresses, and ``rel="nofollow noopener
noreferrer"`` on every link. ``javascript:`` and ``data:`` links never survive.
"""

from __future__ import annotations

import html
from functools import cache, lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}


@cache
def _renderer() -> MarkdownIt:
    # One parser per process: configuration, not state. Headings and images are off: a
    # description is a few paragraphs, not a page.
    return MarkdownIt("commonmark", {"html": False, "breaks": True}).disable(
        ["heading", "lheading", "image", "table", "fence", "code", "hr"], ignoreInvalid=True
    )


def render_markdown(text: str | None) -> Markup:
    if not text:
        return Markup("")
    rendered = _renderer().render(text)
    cleaned = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="nofollow noopener noreferrer",
    )
    return Markup(cleaned)  # noqa: S704  # nosec B704 - cleaned by nh3 just above


@lru_cache(maxsize=4096)
def plain_text(text: str | None) -> str:
    """The words without the Markdown (for summaries); the template escapes them.

    Remembered (a pure function of the text): a search page shows twenty summaries, and
    the same organizations come up again and again."""
    if not text:
        return ""
    stripped = nh3.clean(_renderer().render(text), tags=set())
    return " ".join(html.unescape(stripped).split())
