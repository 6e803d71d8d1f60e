"""Quick exit by keyboard in a real browser: Shift pressed three times with nothing between
leaves (replacing the page, so Back does not return to it), and typing never does.

Typing is done as a keyboard does it: Shift held down for each capital and for each sign
that needs it (`!`, `@`, `_`, `(`...), 60 to 400 ms between keys from a seeded generator.
Playwright's ``keyboard.type()`` never presses Shift, so it could not catch the old bug
(three Shift presses within 1.5 s, whatever came between, left the site while someone typed
``P7B 5E1``). Every text field of search, sign-in, registration and the listing form is typed
into. Quick exit goes to /healthz on the same server (``live_site``).
"""

from __future__ import annotations

import random

import pytest

from tests.browser_fixtures import (
    add_member,
    live_site,
    needs_chromium,
    session_cookie,
)

pytestmark = [pytest.mark.browser, needs_chromium]

SHIFTED_SIGNS = set('~!@#$%^&*()_+{}|:"<>?')
TEXT_FIELDS = (
    "main input:is([type=text], [type=search], [type=email], [type=password], [type=tel],"
    " [type=url], :not([type])), main textarea"
)
# What a person would type in each field: capitals close together, shifted signs, and the
# strings of the issue (a postal code, a city, a unit's acronym, a generated password).
TYPED = {
    "q": "RCMP ICE unit",
    "near": "Thunder Bay, ON",
    "email": "Mo@Example.org",
    "password": "Xq7_RtM2-bZpK9wE",  # as the demo's generated passwords look
    "password_confirm": "Xq7_RtM2-bZpK9wE",
    "name": "Ada O'Neil",
    # The listing form has 22 text fields: short values, to keep the test under half a minute.
    "organization-name": "Lakehead YS",
    "organization-alternate_name": "LYS",
    "organization-description": "Beds, ON!",
    "organization-description_fr": "QC",
    "services-0-self_referral_min_age": "14",  # two digits at most
    "organization-website": "LYS.ca",
    "organization-email": "A@LYS",
    "organization-phone": "(807)",
    "services-0-name": "ICE",
    "services-0-description": "RCMP",
    "services-0-eligibility": "12+",
    "services-0-fees": "None",
    "services-0-intake_hours": "Mon",
    "locations-0-name": "HQ",
    "locations-0-address": "Red Rd",
    "locations-0-city": "Thunder Bay",
    "locations-0-postal_code": "P7B 5E1",
    "service_areas-0-region_name": "NW ON",
    "contacts-0-name": "Ada O",
    "contacts-0-role": "ED",
    "contacts-0-email": "A@LYS",
    "contacts-0-phone": "+1",
    "contacts-0-notes": "ICE!",
}
TYPED_ELSEWHERE = "NW ON"  # a field added later, not named above, is still typed into


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with live_site(tmp_path_factory.mktemp("exit") / "exit.sqlite3", add_member) as site:
        yield site


@pytest.fixture
def signed_in_page(browser, site):
    base, app, token = site
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([session_cookie(app, base, token)])
    yield context.new_page()
    context.close()


def type_like_a_person(page, text: str, rng: random.Random) -> None:
    """Type ``text`` into the focused field holding Shift for capitals and shifted signs."""
    for char in text:
        if char.isupper() or char in SHIFTED_SIGNS:
            page.keyboard.down("Shift")
            page.wait_for_timeout(rng.randint(30, 90))
            page.keyboard.press(char)
            page.keyboard.up("Shift")
        else:
            page.keyboard.press(char)
        page.wait_for_timeout(rng.randint(60, 400))


def _press_shift(page, times: int) -> None:
    for _ in range(times):
        page.keyboard.press("Shift")
        page.wait_for_timeout(120)


def _still_on(page, url: str) -> bool:
    page.wait_for_timeout(300)  # time for a navigation to start, had one been asked for
    return page.url == url


FORMS = [
    ("search", "/search", False),
    ("sign-in", "/auth/login", False),
    ("registration", "/auth/register", False),
    ("listing form", "/listings/new", True),
]


@pytest.mark.parametrize(("name", "path", "signed_in"), FORMS, ids=[f[0] for f in FORMS])
def test_typing_into_every_field_never_exits(site, page, signed_in_page, name, path, signed_in):
    base = site[0]
    page = signed_in_page if signed_in else page
    page.goto(base + path)
    url = page.url
    assert url == base + path  # the form itself, not a redirect
    navigations = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))
    fields = page.locator(TEXT_FIELDS)
    assert fields.count() >= 2, name
    rng = random.Random(f"quick-exit {name}")
    for index in range(fields.count()):
        field = fields.nth(index)
        text = TYPED.get(field.get_attribute("name"), TYPED_ELSEWHERE)
        field.click()
        type_like_a_person(page, text, rng)
        assert field.input_value() == text, field.get_attribute("name")
    assert _still_on(page, url)
    assert navigations == []


def _came_from_directory(page, base: str) -> None:
    page.goto(base + "/")
    page.goto(base + "/about")


def test_shift_three_times_leaves_and_back_does_not_return(site, page, requested_hosts):
    _came_from_directory(page, site[0])
    _press_shift(page, 3)
    page.wait_for_url("**/healthz")
    page.go_back()
    # The exit replaced /about: Back lands on the page before it.
    assert page.url == site[0] + "/"
    assert requested_hosts == {"127.0.0.1"}


def test_shift_three_times_works_with_focus_in_a_text_field(site, page):
    page.goto(site[0] + "/search")
    page.get_by_label("Keywords").click()
    type_like_a_person(page, "Youth shelter", random.Random(3))
    _press_shift(page, 3)
    page.wait_for_url("**/healthz")


def test_two_shifts_do_not(site, page):
    _came_from_directory(page, site[0])
    _press_shift(page, 2)
    assert _still_on(page, site[0] + "/about")


def test_any_other_key_between_shift_presses_starts_the_count_again(site, page):
    _came_from_directory(page, site[0])
    _press_shift(page, 2)
    page.keyboard.press("Tab")
    _press_shift(page, 2)
    assert _still_on(page, site[0] + "/about")
    _press_shift(page, 1)  # three in a row now
    page.wait_for_url("**/healthz")


def test_a_held_shift_is_one_press_and_releasing_it_none(site, page):
    _came_from_directory(page, site[0])
    for _ in range(5):  # held down: the keyboard repeats the keydown
        page.keyboard.down("Shift")
        page.wait_for_timeout(40)
    page.keyboard.up("Shift")
    _press_shift(page, 1)
    assert _still_on(page, site[0] + "/about")
    _press_shift(page, 1)  # the held one, this one and that one
    page.wait_for_url("**/healthz")


def test_shift_presses_too_far_apart_do_not_add_up(site, page):
    _came_from_directory(page, site[0])
    _press_shift(page, 2)
    page.wait_for_timeout(2300)  # longer than the 2 s allowed between presses
    _press_shift(page, 1)
    assert _still_on(page, site[0] + "/about")


@pytest.mark.parametrize("modifier", ["Alt", "Control"])
def test_shift_with_alt_or_control_held_does_not_count(site, page, modifier):
    # Alt+Shift (or Ctrl+Shift) switches the keyboard layout on Windows: tapped again and
    # again by someone typing in English and French.
    _came_from_directory(page, site[0])
    page.keyboard.down(modifier)
    _press_shift(page, 3)
    page.keyboard.up(modifier)
    assert _still_on(page, site[0] + "/about")


def test_shift_clicks_do_not_count(site, page):
    # Shift+click extends a text selection: three of them are not a request to leave.
    _came_from_directory(page, site[0])
    box = page.locator("main p").first.bounding_box()
    for offset in (10, 60, 110):
        page.keyboard.down("Shift")
        page.mouse.click(box["x"] + offset, box["y"] + 5)
        page.keyboard.up("Shift")
        page.wait_for_timeout(150)
    assert _still_on(page, site[0] + "/about")
