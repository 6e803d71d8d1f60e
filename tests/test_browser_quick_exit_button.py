"""The Quick exit button in a real browser: always on screen, in the same place signed in or
out, at every width and scroll position, covering neither the header's links nor a focused
field; the first Tab stop after the skip link; high contrast; it replaces the page, so Back
does not return to it; and the footer's safety tip says what Back can still bring back.

Set ``SCREENSHOT_DIR`` to keep a screenshot of each width, signed in and out, at the top of the
page and scrolled to the bottom. Quick exit goes to /healthz on the same server.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser_fixtures import (
    add_member,
    live_site,
    needs_chromium,
    session_cookie,
)

pytestmark = [pytest.mark.browser, needs_chromium]

WIDTHS = [320, 390, 768, 1280]
HEADER_CONTROLS = ".site-name, .site-nav a, .site-nav button"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with live_site(tmp_path_factory.mktemp("exit") / "exit.sqlite3", add_member) as site:
        yield site


def _open(browser, site, signed_in: bool, width: int = 1280, height: int = 800):
    base, app, token = site
    context = browser.new_context(viewport={"width": width, "height": height})
    if signed_in:
        context.add_cookies([session_cookie(app, base, token)])
    return context, context.new_page()


def _screenshot(page, name: str) -> None:
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"quick-exit-{name}.png"))


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def _where_it_is(page, width: int, state: str) -> tuple[dict, dict]:
    """The button's box at the top of a long page and scrolled to its bottom, checked to be
    on screen both times and clear of the header's links at the top."""
    page.goto(page.url)
    viewport = page.viewport_size
    assert page.evaluate("document.documentElement.scrollHeight") > viewport["height"] + 300
    button = page.locator("[data-quick-exit]")
    top = button.bounding_box()
    for control in page.locator(HEADER_CONTROLS).all():
        assert not _overlap(top, control.bounding_box()), (width, state, control.inner_text())
    _screenshot(page, f"{width}-{state}-top")
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_function("window.scrollY > 0")
    bottom = button.bounding_box()
    _screenshot(page, f"{width}-{state}-bottom")
    # Scrolled, it sits on a bar across the window: no text of the page shows beside it,
    # half-hidden (what is at the point is the bar, drawn by the body itself).
    for x in (2, bottom["x"] - 4):
        hit = page.evaluate(f"document.elementFromPoint({x}, {bottom['y'] + 4}).tagName")
        assert hit == "BODY", (width, state, x, hit)
    for box in (top, bottom):
        assert box["x"] >= 0 and box["y"] >= 0, (width, state, box)
        assert box["x"] + box["width"] <= viewport["width"], (width, state, box)
        assert box["y"] + box["height"] <= viewport["height"], (width, state, box)
    expect(button).to_be_visible()
    return top, bottom


@pytest.mark.parametrize("width", WIDTHS)
def test_the_button_stays_in_one_place_on_screen(site, browser, width):
    places = {}
    for state in ("signed-out", "signed-in"):
        context, page = _open(browser, site, state == "signed-in", width, height=700)
        page.goto(site[0] + "/about")
        places[state] = _where_it_is(page, width, state)
        context.close()
    top, bottom = places["signed-out"]
    assert top == bottom  # fixed: scrolling does not move it
    assert places["signed-in"] == places["signed-out"]


@pytest.mark.parametrize("signed_in", [False, True], ids=["signed-out", "signed-in"])
def test_it_is_the_first_tab_stop_after_the_skip_link(site, browser, signed_in):
    context, page = _open(browser, site, signed_in)
    page.goto(site[0] + "/search")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('[data-quick-exit]')")
    context.close()


def _rgb(colour: str) -> tuple[int, int, int]:
    channels = [float(part) for part in re.findall(r"[\d.]+", colour)]
    assert len(channels) == 3 or channels[3] == 1, f"not opaque: {colour}"
    return tuple(round(channel) for channel in channels[:3])


def _contrast(one: str, other: str) -> float:
    def luminance(colour: str) -> float:
        linear = [
            c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
            for c in (channel / 255 for channel in _rgb(colour))
        ]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_it_has_high_contrast_over_the_header_and_over_the_page(site, page):
    page.goto(site[0] + "/about")
    style = page.locator("[data-quick-exit]").evaluate(
        """button => {
            const own = getComputedStyle(button);
            return {
                text: own.color, fill: own.backgroundColor, border: own.borderTopColor,
                header: getComputedStyle(document.querySelector('.site-header')).backgroundColor,
                page: getComputedStyle(document.body).backgroundColor,
            };
        }"""
    )
    assert _contrast(style["text"], style["fill"]) >= 4.5  # WCAG AA for its label
    assert _contrast(style["fill"], style["page"]) >= 3  # stands out floating over the page
    assert _contrast(style["border"], style["header"]) >= 3  # and over the navy header


def test_a_field_focused_beneath_it_is_scrolled_clear(site, browser):
    context, page = _open(browser, site, signed_in=True, width=390, height=700)
    page.goto(site[0] + "/listings/new")
    website = page.get_by_label("Website")
    # Scrolled so that the field sits under the button; the field before it has focus.
    page.evaluate(
        "field => window.scrollBy(0, field.getBoundingClientRect().top - 20)",
        website.element_handle(),
    )
    before = page.get_by_label("Description in French")
    before.evaluate("field => field.focus({preventScroll: true})")
    button = page.locator("[data-quick-exit]")
    assert _overlap(website.bounding_box(), button.bounding_box())
    page.keyboard.press("Tab")
    assert website.evaluate("field => field === document.activeElement")
    under_the_bar = button.bounding_box()["y"] * 2 + button.bounding_box()["height"]
    assert website.bounding_box()["y"] >= under_the_bar
    context.close()


def test_the_button_replaces_the_page_and_back_does_not_return(site, page, requested_hosts):
    page.goto(site[0] + "/")
    page.goto(site[0] + "/about")
    page.get_by_role("link", name="Quick exit").click()
    page.wait_for_url("**/healthz")
    page.go_back()
    assert page.url == site[0] + "/"  # the page before /about: /about itself was replaced
    assert requested_hosts == {"127.0.0.1"}


def test_the_safety_tip_says_what_back_can_bring_back(site, page):
    page.goto(site[0] + "/search")
    tip = page.locator(".site-footer__privacy")
    expect(tip).to_be_visible()
    text = tip.inner_text()
    assert "Back button" in text and "can still bring back the pages of this site" in text
    assert "A private window keeps no history" in text
