"""What a moderator weighs before verifying a professional, set beside the decision.

The request says who they are (organization, role, work email, a note); this adds what the
directory itself can tell about it: the work email's domain, whether it is a webmail or an
internet provider's address (which proves no employment), whether a listed organization's
website is on that domain, and whether an organization of that name is listed. These are
hints for a person, not a decision: a small agency may use a provider's address, a
department's site may sit on another domain.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from directory.email_domains import PERSONAL_MAIL_DOMAINS, domain_of, host_of, on_domain
from directory.extensions import db
from directory.models import Organization, OrganizationStatus, VettingRequest

MATCHES_SHOWN = 5


@dataclass(frozen=True)
class Evidence:
    domain: str
    personal_mail: bool
    same_domain_as_account: bool
    website_matches: list[Organization]
    name_matches: list[Organization]


def evidence_for(request: VettingRequest) -> Evidence:
    domain = domain_of(request.work_email)
    published = Organization.status == OrganizationStatus.PUBLISHED
    website_matches: list[Organization] = []
    if domain and domain not in PERSONAL_MAIL_DOMAINS:
        # The page is rare (one request at a time): a LIKE over the websites is fine here.
        root = domain.split(".")[-2] if domain.count(".") else domain
        candidates = db.session.scalars(
            sa.select(Organization)
            .where(published, sa.func.lower(Organization.website).contains(root, autoescape=True))
            .order_by(Organization.name)
        )
        website_matches = [
            org for org in candidates if on_domain(host_of(org.website or ""), domain)
        ][:MATCHES_SHOWN]
    name = request.organization_name.strip().lower()
    name_matches = list(
        db.session.scalars(
            sa.select(Organization)
            .where(published, sa.func.lower(Organization.name) == name)
            .order_by(Organization.name)
            .limit(MATCHES_SHOWN)
        )
    )
    return Evidence(
        domain=domain,
        personal_mail=domain in PERSONAL_MAIL_DOMAINS,
        same_domain_as_account=domain_of(request.user.email) == domain,
        website_matches=website_matches,
        name_matches=name_matches,
    )
