"""Sector guides, as the public reads them: the list, each sector's guide in English and
French, the duty to report of the reader's province (chosen by place), Refer links that carry
the place, the sample-text banner, and no law named without its source."""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from directory.models import Guide
from directory.taxonomy import PROVINCES, SECTORS
from tests.guide_helpers import (
    FRENCH,
    SAMPLE,
    SAMPLE_FR,
    demo_guides,  # noqa: F401  (the fixture `guides`)
    text_of,
)
from tests.listing_helpers import page_text


def test_the_list_names_every_sector_and_links_each_guide(client, guides):
    response = client.get("/guides")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and SAMPLE in page_text(response)
    for slug, english, _french in SECTORS:
        assert f'href="/guides/{slug}"' in html and english.replace("&", "&amp;") in html


@pytest.mark.parametrize("slug", [slug for slug, *_ in SECTORS])
def test_every_sector_guide_in_english_and_french(client, guides, slug):
    english = text_of(client, f"/guides/{slug}")
    for heading in ("Recognize", "Respond", "Refer", "Duty to report", SAMPLE):
        assert heading in english
    assert "Children cannot consent to their own exploitation" in english
    assert "laws-lois.justice.gc.ca" in client.get(f"/guides/{slug}").get_data(as_text=True)
    french = text_of(client, f"/guides/{slug}", headers=FRENCH)
    for heading in ("Reconnaître", "Intervenir", "Orienter", SAMPLE_FR):
        assert heading in french
    assert "Un enfant ne peut pas consentir à sa propre exploitation" in french


@pytest.mark.parametrize(
    ("place", "province"),
    [
        ("Thunder Bay, ON", "Ontario"),
        ("Rimouski", "Quebec"),
        ("R3C 4T3", "Manitoba"),
        ("Iqaluit", "Nunavut"),
    ],
)
def test_duty_to_report_follows_the_readers_place(client, guides, place, province):
    text = text_of(client, "/guides/health-care", query_string={"near": place})
    assert f"Duty to report: {province}" in text
    others = [name for _code, name, _fr in PROVINCES if name != province]
    assert not any(f"Duty to report: {name}" in text for name in others)


def test_a_province_can_be_chosen_without_a_place(client, guides):
    response = client.get("/guides/education", query_string={"province": "bc"})
    assert "Duty to report: British Columbia" in page_text(response)
    assert "https://www.bclaws.gov.bc.ca/" in response.get_data(as_text=True)


def test_refer_links_search_each_sector_near_the_place(client, guides):
    html = client.get("/guides/health-care?near=Thunder+Bay,+ON").get_data(as_text=True)
    links = [
        urlsplit(html_lib.unescape(href))
        for href in re.findall(r'href="(/(?:search|response)\?[^"]*)"', html)
    ]
    searches = {parse_qs(url.query)["sector"][0]: parse_qs(url.query) for url in links[:-1]}
    assert set(searches) == {"child-protection", "victim-services", "mental-health", "policing"}
    assert all(query["near"] == ["Thunder Bay, ON"] for query in searches.values())
    card = links[-1]
    assert card.path == "/response" and parse_qs(card.query) == {"near": ["Thunder Bay, ON"]}
    assert "Local response card for Thunder Bay, ON" in page_text(html)


def test_without_a_place_the_guide_asks_for_one(client, guides):
    text = text_of(client, "/guides/policing")
    assert "Where do you work?" in text
    assert "Give your place above to see what the law asks where you work." in text
    assert "Local response card" not in text


def test_an_unknown_place_is_a_clear_message_not_an_error(client, guides):
    response = client.get("/guides/policing?near=Qwxzzyv")
    assert response.status_code == 400
    assert "We could not find “Qwxzzyv”" in page_text(response)
    response = client.get("/guides/policing?province=ZZ")
    assert response.status_code == 400 and "Choose a province" in page_text(response)
    assert client.get("/guides/no-such-sector").status_code == 404


def test_duty_to_report_lists_all_thirteen(client, guides):
    text = text_of(client, "/guides/duty-to-report")
    for _code, english, _french in PROVINCES:
        assert english in text
    assert SAMPLE in text
    assert "1-833-900-1010" in text
    french = text_of(client, "/guides/duty-to-report", headers=FRENCH)
    assert "Nouveau-Brunswick" in french and SAMPLE_FR in french


def test_a_provincial_law_is_only_named_with_its_source(db, guides):
    """No invented facts: a duty to report names an act only when it cites its page."""
    for guide in db.session.scalars(sa.select(Guide).where(Guide.kind == "duty")):
        section = guide.sections["duty"]
        if " Act" in section["en"]:
            assert "](https://" in section["sources"] and "to be confirmed" in section["en"]
        else:
            assert "to be added by people of this sector" in section["en"]


def test_the_sitemap_lists_every_sector_guide(client, guides):
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    assert "/guides</loc>" in sitemap and "/guides/duty-to-report</loc>" in sitemap
    assert all(f"/guides/{slug}</loc>" in sitemap for slug, *_ in SECTORS)
