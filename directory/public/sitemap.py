"""``/sitemap.xml`` and ``/robots.txt``: what search engines may list.

Only public pages: the home, search, coverage and about pages, the sector guides (one per
sector, and the duty to report) and every published organization's profile, with the date it
last changed. Nothing else about an organization
(no contact, no address) is in the sitemap.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.sax.saxutils import escape

import sqlalchemy as sa
from flask import Response

from directory.auth.mail import absolute_url
from directory.extensions import db
from directory.models import Organization, TaxonomyTerm, Vocabulary
from directory.privacy import PUBLIC_LISTINGS
from directory.public import bp

_BATCH = 1000


def _entries() -> Iterator[str]:
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    for endpoint in ("public.home", "public.search", "public.coverage", "public.about"):
        yield f"  <url><loc>{escape(absolute_url(endpoint))}</loc></url>\n"
    for endpoint in ("guides.index", "guides.duty_to_report", "partnerships.index"):
        yield f"  <url><loc>{escape(absolute_url(endpoint))}</loc></url>\n"
    sectors = sa.select(TaxonomyTerm.slug).where(TaxonomyTerm.vocabulary == Vocabulary.SECTOR)
    for slug in db.session.scalars(sectors.order_by(TaxonomyTerm.position)):
        loc = escape(absolute_url("guides.guide", sector_slug=slug))
        yield f"  <url><loc>{loc}</loc></url>\n"
    rows = db.session.execute(
        sa.select(Organization.slug, Organization.updated_at)
        .where(PUBLIC_LISTINGS)
        .order_by(Organization.id)
        .execution_options(yield_per=_BATCH)
    )
    for slug, updated_at in rows:
        loc = escape(absolute_url("public.organization", slug=slug))
        lastmod = f"<lastmod>{updated_at.date().isoformat()}</lastmod>" if updated_at else ""
        yield f"  <url><loc>{loc}</loc>{lastmod}</url>\n"
    yield "</urlset>\n"


@bp.get("/sitemap.xml")
def sitemap() -> Response:
    # Built whole: a streamed body would outlive the request's database session.
    return Response("".join(_entries()), mimetype="application/xml")


@bp.get("/robots.txt")
def robots() -> Response:
    body = (
        "User-agent: *\n"
        "Disallow: /auth/\nDisallow: /account/\nDisallow: /listings/\nDisallow: /moderation/\n"
        "Disallow: /admin/\nDisallow: /shortlist\n"
        f"Sitemap: {absolute_url('public.sitemap')}\n"
    )
    return Response(body, mimetype="text/plain")
