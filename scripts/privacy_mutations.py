"""Weaken each privacy rule in turn and check that the test suite notices.

Every mutation edits one line of ``directory/privacy.py`` or of a channel that uses it (a
confidential location at its exact point, a professionals-only contact shown to the public,
the unknown-city fallback, ...), runs the tests that should catch it, and puts the file back.
A mutation the tests miss is reported as SURVIVED and the script exits 1. The table it prints
is the one in docs/security.md ("Privacy rules, mutation-tested").

    .venv/bin/python scripts/privacy_mutations.py            # every mutation
    .venv/bin/python scripts/privacy_mutations.py P1 C3      # some of them
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mutation:
    key: str
    what: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]
    also: tuple[tuple[str, str, str], ...] = ()  # more (path, old, new) edits, made together

    @property
    def edits(self) -> tuple[tuple[str, str, str], ...]:
        return ((self.path, self.old, self.new), *self.also)


PROTECTED = "tests/test_protected_channels.py"
UNPLACED = "tests/test_unplaced_locations.py"
PRIVACY_TESTS = "tests/test_privacy_rules.py"
PROFESSIONALS_ONLY = "tests/test_professionals_only.py"
DUPLICATES = "tests/test_duplicates.py"

MUTATIONS = [
    # --- directory/privacy.py, one function at a time --------------------------------------
    Mutation(
        "P1",
        "public_point: a confidential location at its exact point instead of its city centre",
        "directory/privacy.py",
        "    if location.confidential or location.latitude is None or location.longitude is None:",
        "    if location.latitude is None or location.longitude is None:",
        (PROTECTED, "tests/test_search_page.py", "tests/test_search_engine.py", PRIVACY_TESTS),
    ),
    Mutation(
        "P2",
        "public_point: unknown city → real point rounded to 0.1° (the old ~10 km blur)",
        "directory/privacy.py",
        "        return city_centre(location.city, location.province_code)\n"
        "    return location.lat",
        "        return city_centre(location.city, location.province_code) or (\n"
        "            None if location.latitude is None or location.longitude is None\n"
        "            else (round(location.latitude, 1), round(location.longitude, 1)))\n"
        "    return location.lat",
        (UNPLACED,),
    ),
    Mutation(
        "P3",
        "public_location: a confidential location keeps name, address and postal code",
        "directory/privacy.py",
        "    return _location(location, withhold=location.confidential)",
        "    return _location(location, withhold=False)",
        (PROTECTED,),
    ),
    Mutation(
        "P4",
        "public_location: a confidential location keeps its coordinates (only those)",
        "directory/privacy.py",
        "    if withhold:\n        return withheld\n",
        "    if withhold:\n        return replace(\n"
        "            withheld, latitude=location.latitude, longitude=location.longitude\n"
        "        )\n",
        (PROTECTED,),
    ),
    Mutation(
        "P5",
        "public_contacts: professionals-only contacts included",
        "directory/privacy.py",
        "for c in organization.contacts if c.visibility == ContactVisibility.PUBLIC]",
        "for c in organization.contacts]",
        (PROTECTED, "tests/test_restricted_contacts.py"),
    ),
    Mutation(
        "P6",
        "restricted_contacts: any signed-in member is entitled (permission check dropped)",
        "directory/privacy.py",
        "    if viewer is None or not can_see_restricted_contacts(viewer, organization):",
        "    if viewer is None or not viewer.is_authenticated:",
        (PROTECTED, "tests/test_restricted_contacts.py"),
    ),
    Mutation(
        "P7",
        "restricted_contacts: everyone is entitled, anonymous visitors included",
        "directory/privacy.py",
        "    if viewer is None or not can_see_restricted_contacts(viewer, organization):",
        "    if False:",
        (PROTECTED, "tests/test_restricted_contacts.py"),
    ),
    Mutation(
        "P8",
        "PUBLIC_LISTINGS: unpublished listings in public queries",
        "directory/privacy.py",
        "PUBLISHED_LISTINGS = Organization.status == OrganizationStatus.PUBLISHED",
        "PUBLISHED_LISTINGS = Organization.status.is_not(None)",
        (PRIVACY_TESTS,),
    ),
    Mutation(
        "P9",
        "shortlist: an unpublished listing may be added (findable() dropped)",
        "directory/shortlist/services.py",
        "Organization.id == organization_id, findable())",
        "Organization.id == organization_id)",
        ("tests/test_shortlist.py", PRIVACY_TESTS),
    ),
    Mutation(
        "P10",
        "PUBLIC_LISTINGS: professionals-only listings in public queries",
        "directory/privacy.py",
        "PUBLIC_LISTINGS = sa.and_(PUBLISHED_LISTINGS, Organization.professionals_only.is_(False))",
        "PUBLIC_LISTINGS = PUBLISHED_LISTINGS",
        (PROFESSIONALS_ONLY,),
    ),
    Mutation(
        "P11",
        "may_see_listing: a professionals-only profile for every viewer",
        "directory/privacy.py",
        "    if not organization.professionals_only:\n        return True",
        "    if True:\n        return True",
        (PROFESSIONALS_ONLY,),
    ),
    Mutation(
        "P12",
        "finds_professionals_only: any signed-in account (vetting not checked)",
        "directory/privacy.py",
        "    return viewer is not None and can_find_professionals_only(viewer)",
        "    return viewer is not None and viewer.is_authenticated",
        (PROFESSIONALS_ONLY,),
    ),
    # --- The channels' calls into privacy.py ------------------------------------------------
    Mutation(
        "C1",
        "search index: a location's real point instead of public_point",
        "directory/search/documents.py",
        "        point = public_point(location)",
        "        point = (location.latitude, location.longitude)"
        " if location.latitude is not None else public_point(location)",
        ("tests/test_search_engine.py", "tests/test_search_page.py", UNPLACED),
    ),
    Mutation(
        "C2",
        "search results and map: a card keeps its real point",
        "directory/search/cards.py",
        "                public_point(row),",
        "                (row.latitude, row.longitude),",
        ("tests/test_search_page.py", PROTECTED, UNPLACED),
    ),
    Mutation(
        "C3",
        "partners panel: a confidential organization's panel measured from its real point",
        "directory/search/partners.py",
        "        point = public_point(location)",
        "        point = (location.latitude, location.longitude)",
        (PRIVACY_TESTS, "tests/test_search_page.py"),
    ),
    Mutation(
        "C4",
        "profile: professionals-only contacts shown as public ones",
        "directory/public/profiles.py",
        "        public_contacts=privacy.public_contacts(organization),",
        "        public_contacts=privacy.all_contacts(organization),",
        (PROTECTED, "tests/test_public.py"),
    ),
    Mutation(
        "C5",
        "profile: restricted contacts without the viewer's entitlement",
        "directory/public/profiles.py",
        "        restricted_contacts=privacy.restricted_contacts(viewer, organization),",
        "        restricted_contacts=[c for c in privacy.all_contacts(organization)"
        " if c.for_professionals],",
        (PROTECTED, "tests/test_restricted_contacts.py"),
    ),
    Mutation(
        "C6",
        "public_organization (profile, cards, partners, shortlist): locations in full",
        "directory/privacy.py",
        "        locations=[public_location(location) for location in organization.locations],",
        "        locations=[full_location(location) for location in organization.locations],",
        (PROTECTED,),
    ),
    Mutation(
        "C7",
        "shortlist sheet and CSV: restricted contacts for every viewer",
        "directory/shortlist/services.py",
        "    return public, privacy.restricted_contacts(viewer, organization)",
        "    return public, [c for c in privacy.all_contacts(organization) if c.for_professionals]",
        (PROTECTED, "tests/test_shortlist.py"),
    ),
    Mutation(
        "C8",
        "shortlist sheet and CSV: professionals-only contacts among the public ones",
        "directory/shortlist/services.py",
        "    public = privacy.public_contacts(organization)",
        "    public = privacy.all_contacts(organization)",
        (PROTECTED, "tests/test_shortlist.py"),
    ),
    Mutation(
        "C9",
        "/api/v1 organization: the caller's restricted contacts loaded and serialized",
        "directory/api/routes.py",
        "    profile = published_profile(slug)",
        '    profile = published_profile(slug, __import__("flask_login").current_user)',
        (PRIVACY_TESTS,),
        also=(
            (
                "directory/api/serializers.py",
                '        "referral_contacts": [contact(c) for c in profile.public_contacts],',
                '        "referral_contacts": [contact(c) for c in'
                " profile.public_contacts + profile.restricted_contacts],",
            ),
        ),
    ),
    Mutation(
        "C10",
        "HSDS API and export: every contact, always",
        "directory/hsds/serialize.py",
        "    return privacy.all_contacts(org) if include_restricted"
        " else privacy.public_contacts(org)",
        "    return privacy.all_contacts(org)",
        (PROTECTED, "tests/test_hsds_api.py", "tests/test_hsds_export.py"),
    ),
    Mutation(
        "C11",
        "HSDS API and export: every location in full, always",
        "directory/hsds/serialize.py",
        "    return privacy.full_location(loc) if include_restricted"
        " else privacy.public_location(loc)",
        "    return privacy.full_location(loc)",
        (PROTECTED, "tests/test_hsds_api.py", "tests/test_hsds_export.py"),
    ),
    Mutation(
        "C12",
        "HSDS service_at_location: the location in full",
        "directory/hsds/serialize.py",
        '        "location": location(privacy.public_location(loc), str(org.hsds_id)),',
        '        "location": location(privacy.full_location(loc), str(org.hsds_id)),',
        (PROTECTED, "tests/test_hsds_api.py"),
    ),
    Mutation(
        "C13",
        "HSDS proximity: a confidential location measured from its real point",
        "directory/hsds/queries.py",
        "        point = public_point(row)",
        "        point = (row.latitude, row.longitude) if row.latitude is not None"
        " else public_point(row)",
        ("tests/test_hsds_api.py", PRIVACY_TESTS, UNPLACED),
    ),
    Mutation(
        "C14",
        "sitemap: unpublished organizations listed",
        "directory/public/sitemap.py",
        "        .where(PUBLIC_LISTINGS)",
        "",
        (PRIVACY_TESTS, "tests/test_public.py"),
    ),
    Mutation(
        "C15",
        "profile and API: a radius named from a confidential location's real point",
        "directory/public/presenters.py",
        "    located = [public_location(location) for location in area.organization.locations]\n",
        "    real = __import__('types').SimpleNamespace\n"
        "    located = [\n"
        "        real(city=loc.city, point=(loc.latitude, loc.longitude))\n"
        "        for loc in area.organization.locations\n"
        "    ]\n",
        (PRIVACY_TESTS,),
    ),
    Mutation(
        "C16",
        "HSDS proximity: candidates boxed on real coordinates (confidential ones included)",
        "directory/hsds/queries.py",
        "    ).where(sa.or_(placed_by_city, in_box))",
        "    ).where(in_box)",
        (PRIVACY_TESTS,),
    ),
    Mutation(
        "C17",
        "search cards: the direct line reserved for professionals for any signed-in viewer",
        "directory/search/cards.py",
        "        contacts = privacy.restricted_contacts(viewer, organization)\n",
        "        contacts = [c for c in organization.contacts if c.visibility != 'public']\n",
        ("tests/test_search_cards.py",),
    ),
    Mutation(
        "C18",
        "search index: the professionals-only bit never set on a document",
        "directory/search/documents.py",
        "    flags = PROFESSIONALS_ONLY_BIT if org.professionals_only else 0",
        "    flags = 0",
        (PROFESSIONALS_ONLY,),
    ),
    Mutation(
        "C19",
        "search engine: the audience filter dropped (professionals-only for every viewer)",
        "directory/search/engine.py",
        "    if not query.professionals:\n        keep &=",
        "    if False:\n        keep &=",
        (PROFESSIONALS_ONLY,),
    ),
    Mutation(
        "C20",
        "search CSV: searched with professionals-only listings included",
        "directory/search/service.py",
        "    outcome, lookup = _run(params, options, professionals=False)",
        "    outcome, lookup = _run(params, options, professionals=True)",
        (PROFESSIONALS_ONLY,),
    ),
    Mutation(
        "C21",
        "profile: a published professionals-only listing loaded without may_see_listing",
        "directory/public/services.py",
        "    if organization is None or not may_see_listing(viewer, organization):",
        "    if organization is None:",
        (PROFESSIONALS_ONLY,),
    ),
    Mutation(
        "C22",
        "report page: a professionals-only listing named to anyone with its address",
        "directory/reports/services.py",
        "    if organization is None or not may_see_listing(viewer, organization):",
        "    if organization is None:",
        (PROFESSIONALS_ONLY,),
    ),
    Mutation(
        "C23",
        "claim page: a professionals-only listing named to any member with its id",
        "directory/claims/services.py",
        "    if not may_see_listing(user, organization):",
        "    if False:",
        (PROFESSIONALS_ONLY,),
    ),
    # --- Likely duplicates: what a stranger's submission may be matched on -------------------
    Mutation(
        "D1",
        "duplicates: confidential addresses matched (a submitter learns where a shelter is)",
        "directory/privacy.py",
        "MATCHABLE_LOCATIONS = Location.confidential.is_(False)",
        "MATCHABLE_LOCATIONS = sa.true()",
        (DUPLICATES,),
    ),
    Mutation(
        "D2",
        "duplicates: restricted contacts' phones matched (a private line named)",
        "directory/privacy.py",
        "MATCHABLE_CONTACTS = ReferralContact.visibility == ContactVisibility.PUBLIC",
        "MATCHABLE_CONTACTS = sa.true()",
        (DUPLICATES,),
    ),
    Mutation(
        "D3",
        "duplicates: a professionals-only listing named to the submitter of a lookalike",
        "directory/duplicates.py",
        "    return [match for match in matches if may_see_listing(viewer, match.organization)]",
        "    return matches",
        (DUPLICATES,),
    ),
]

# The same edits again, with only one channel's tests: each channel's own test catches them.
_BY_KEY = {mutation.key: mutation for mutation in MUTATIONS}
_CHANNEL_TESTS = {
    "C1": {
        "a": (
            "/api/v1 search",
            f"{UNPLACED}::test_search_serves_it_through_its_area_with_no_distance",
        ),
        "b": ("search CSV", f"{UNPLACED}::test_the_search_csv_gives_it_no_distance"),
        "c": (
            "partners panel",
            "tests/test_search_page.py::test_confidential_partner_is_measured_from_its_city_centre",
        ),
    },
    "C2": {"a": ("map", f"{UNPLACED}::test_the_map_has_no_marker_for_it")},
    "C7": {
        "a": (
            "shortlist sheet",
            f"{PROTECTED}::test_shortlist_sheet_and_csv_for_the_public[/shortlist/sheet?for=file]",
        ),
        "b": (
            "shortlist CSV",
            f"{PROTECTED}::test_shortlist_sheet_and_csv_for_the_public[/shortlist.csv]",
        ),
    },
    "C8": {
        "a": (
            "shortlist CSV",
            f"{PROTECTED}::test_shortlist_sheet_and_csv_for_the_public[/shortlist.csv]",
        )
    },
    "C10": {"a": ("HSDS export", f"{PROTECTED}::test_the_public_hsds_export")},
    "C11": {"a": ("HSDS export", f"{PROTECTED}::test_the_public_hsds_export")},
}
MUTATIONS += [
    replace(
        _BY_KEY[key],
        key=f"{key}{suffix}",
        what=f"{_BY_KEY[key].what} — {channel} only",
        tests=(test,),
    )
    for key, variants in _CHANNEL_TESTS.items()
    for suffix, (channel, test) in variants.items()
]


def run(mutation: Mutation) -> bool:
    """True when some test failed (the mutation was caught)."""
    originals = {}
    for name, old, _new in mutation.edits:
        path = ROOT / name
        text = originals.setdefault(path, path.read_text(encoding="utf-8"))
        if text.count(old) != 1:
            raise SystemExit(f"{mutation.key}: the line to mutate is not in {name} once")
    try:
        for name, old, new in mutation.edits:
            path = ROOT / name
            path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        result = subprocess.run(  # noqa: S603 - our own fixed arguments, no shell
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-x",
                "-p",
                "no:cacheprovider",
                "-m",
                "not stack",
                *mutation.tests,
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
    finally:
        for path, text in originals.items():
            path.write_text(text, encoding="utf-8")
    failed = [
        "`" + line.removeprefix("FAILED tests/").split(" - ")[0] + "`"
        for line in result.stdout.splitlines()
        if line.startswith("FAILED")
    ]
    print(f"| {mutation.key} | {mutation.what} | {', '.join(failed) or 'SURVIVED'} |", flush=True)
    return result.returncode != 0


def main(keys: list[str]) -> int:
    chosen = [m for m in MUTATIONS if not keys or m.key in keys]
    print("| # | Mutation | Caught by |\n|---|---|---|")
    survived = [m.key for m in chosen if not run(m)]
    if survived:
        print(f"SURVIVED: {', '.join(survived)}")
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
