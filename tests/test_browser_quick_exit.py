"""Quick exit in a real browser: the button and Shift ×3 replace the page, and Back does not
return to the directory."""

from __future__ import annotations

import pytest

from tests.browser_fixtures import live_site, needs_chromium

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
]


@pytest.fixture
def live_server(tmp_path):
    # Quick exit goes to /healthz: a neutral page on this same server, no outside request.
    with live_site(tmp_path / "exit.sqlite3") as (base, _, _):
        yield base


def _came_from_directory(page, live_server) -> None:
    page.goto(live_server + "/")
    page.goto(live_server + "/about")


def test_the_button_replaces_the_page_and_back_does_not_return(live_server, page):
    _came_from_directory(page, live_server)
    page.get_by_role("link", name="Quick exit").click()
    page.wait_for_url("**/healthz")
    page.go_back()
    # Back skips the replaced page: it lands on the page before it, never on /about.
    assert not page.url.endswith("/about")


def test_shift_three_times_leaves(live_server, page, requested_hosts):
    _came_from_directory(page, live_server)
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url("**/healthz")
    assert requested_hosts == {"127.0.0.1"}


def test_two_shifts_do_not(live_server, page):
    _came_from_directory(page, live_server)
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.wait_for_timeout(300)
    assert page.url.endswith("/about")


def test_the_privacy_note_is_on_every_page(live_server, page):
    page.goto(live_server + "/search")
    assert page.get_by_text("A private window leaves none").is_visible()
