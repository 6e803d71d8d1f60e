"""Keeping the search index in step with the listings.

Every commit that touched an organization or one of its parts reindexes that organization in
the same transaction (``register_index_hooks``), so edits, approvals and imports need no extra
call. Bulk loaders that bypass the ORM (the synthetic generator) call
``directory.search.bulk.rebuild_index``.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction, UOWTransaction, selectinload
from sqlalchemy.orm.interfaces import LoaderOption

from directory.duplicates import write_keys
from directory.models import (
    Location,
    Organization,
    OrganizationStatus,
    ReferralContact,
    Service,
    ServiceArea,
)
from directory.search.backends import backend_for
from directory.search.documents import build_entry
from directory.search.facets import load_facet_bits
from directory.search.mirror import record_changes

REINDEX_KEY = "search_reindex_ids"
_PARTS = (Service, Location, ServiceArea, ReferralContact)


def _load_options() -> tuple[LoaderOption, ...]:
    return (
        selectinload(Organization.sectors),
        selectinload(Organization.locations),
        selectinload(Organization.service_areas),
        selectinload(Organization.services).selectinload(Service.types),
        selectinload(Organization.services).selectinload(Service.populations),
        selectinload(Organization.services).selectinload(Service.languages),
    )


def reindex(session: Session, organization_ids: Iterable[int]) -> None:
    """Rewrite the index rows of these organizations (removing unpublished or deleted ones)."""
    ids = sorted(set(organization_ids))
    if not ids:
        return
    backend = backend_for(session)
    stmt = (
        sa.select(Organization)
        .where(Organization.id.in_(ids), Organization.status == OrganizationStatus.PUBLISHED)
        .options(*_load_options())
    )
    bits = load_facet_bits(session)
    entries = [build_entry(org, bits) for org in session.scalars(stmt)]
    backend.delete(session, ids)
    backend.write(session, entries)
    write_keys(session, ids)  # likely-duplicate keys follow the index (directory/duplicates.py)
    record_changes(session, ids)


def _organization_id(obj: object) -> int | None:
    if isinstance(obj, Organization):
        return obj.id
    if isinstance(obj, _PARTS):
        return obj.organization_id or (obj.organization.id if obj.organization else None)
    return None


def _remember_touched(session: Session, flush_context: UOWTransaction) -> None:
    """After a flush ids are assigned, and new/dirty/deleted still say what changed."""
    touched = session.info.setdefault(REINDEX_KEY, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        org_id = _organization_id(obj)
        if org_id is not None:
            touched.add(org_id)


def _reindex_before_commit(session: Session) -> None:
    session.flush()
    touched = session.info.pop(REINDEX_KEY, None)
    if touched:
        reindex(session, touched)


def _forget_on_rollback(session: Session, previous_transaction: SessionTransaction) -> None:
    session.info.pop(REINDEX_KEY, None)


def register_index_hooks() -> None:
    """Listen on every ORM session (idempotent)."""
    if not event.contains(Session, "after_flush", _remember_touched):
        event.listen(Session, "after_flush", _remember_touched)
        event.listen(Session, "before_commit", _reindex_before_commit)
        event.listen(Session, "after_soft_rollback", _forget_on_rollback)
