"""The public guide pages: the list, one sector's guide, and every duty to report."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from directory.guides import bp, services
from directory.guides.content import needs_review, shown_sections
from directory.guides.links import response_card_url, sector_search_url
from directory.guides.place import reader_place
from directory.models import GuideKind


@bp.get("/guides")
def index() -> str:
    return render_template(
        "guides/index.html",
        sectors=services.sectors(),
        guides=services.guides_by_slug(),
        needs_review=needs_review,
    )


@bp.get("/guides/duty-to-report")
def duty_to_report() -> str:
    guides = services.guides_by_slug()
    duties = [
        (province, guides.get(services.duty_slug(province.code)))
        for province in services.provinces()
    ]
    return render_template(
        "guides/duty_to_report.html",
        duties=[(p, g, shown_sections(g) if g and g.is_published else []) for p, g in duties],
    )


@bp.get("/guides/<sector_slug>")
def guide(sector_slug: str) -> ResponseReturnValue:
    found = services.find_guide(sector_slug)
    if found is not None and found.province_code is not None:  # one province's duty to report
        anchor = found.province_code.lower()
        return redirect(url_for("guides.duty_to_report", _anchor=anchor))
    if found is None or found.kind != GuideKind.SECTOR or found.sector is None:
        abort(404, description=_("There is no guide for this sector."))
    place = reader_place(request.args.get("near"), request.args.get("province"))
    duty = services.find_guide(services.duty_slug(place.province)) if place.province else None
    names = {sector.slug: sector for sector in services.sectors()}
    refer = [names[s] for s in found.refer_sectors if s in names]
    near = place.near if place.problem is None else ""
    page = render_template(
        "guides/guide.html",
        guide=found,
        sector=found.sector,
        sections=shown_sections(found) if found.is_published else [],
        place=place,
        provinces=services.provinces(),
        duty=duty,
        duty_sections=shown_sections(duty) if duty and duty.is_published else [],
        refer_links=[(s, sector_search_url(s.slug, near)) for s in refer],
        response_card=response_card_url(near) if near else None,
    )
    return page, 400 if place.problem else 200
