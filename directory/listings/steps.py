"""The listing form by steps: about, services, locations, areas served, contacts, review.

Each step is the same ``ListingForm`` showing one part of the listing. Leaving a step (Next,
Back, a step of the index, Save draft) checks that step's formats and saves the whole draft:
the saved draft with this step's part replaced by what was posted (``merged``). So what was
typed is never lost between steps, and no JavaScript is needed. The review step shows what
would stop a submission, each linked to its step, and a preview; submitting checks the
whole saved draft as one ``ListingForm`` would (``whole_form``).

A post without a ``step`` is the whole form on one page (``?step=all``), as before steps.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from directory.listings.forms import ListingForm
from directory.listings.payload import ListingPayload, ServiceRow, form_object

ALL = "all"  # every section on one page
REVIEW = "review"


@dataclass(frozen=True)
class Step:
    slug: str
    title: Any  # a lazy string
    parts: tuple[str, ...]  # the payload's parts this step edits


STEPS: tuple[Step, ...] = (
    Step("about", _l("About the organization"), ("organization", "sectors")),
    Step("services", _l("Services"), ("services",)),
    Step("locations", _l("Locations"), ("locations",)),
    Step("areas", _l("Areas served"), ("service_areas",)),
    Step("contacts", _l("Referral contacts"), ("contacts",)),
    Step(REVIEW, _l("Review and submit"), ()),
)
BY_SLUG = {step.slug: step for step in STEPS}
FIRST = STEPS[0].slug


def step_named(slug: str | None) -> Step | None:
    """The step of a ``?step=`` value; None for the whole form (``all``) or an unknown one."""
    return BY_SLUG.get(slug or FIRST)


def neighbours(step: Step) -> tuple[Step | None, Step | None]:
    """The steps before and after ``step`` (None at either end)."""
    at = STEPS.index(step)
    before = STEPS[at - 1] if at > 0 else None
    after = STEPS[at + 1] if at + 1 < len(STEPS) else None
    return before, after


def index_of(step: Step) -> int:
    return STEPS.index(step)


def merged(
    saved: ListingPayload, posted: ListingPayload, step: Step, form: ListingForm
) -> ListingPayload:
    """The saved draft with ``step``'s parts replaced by what was posted on it.

    Services name their locations by position; when the locations step removes or reorders
    locations, each service's places follow their locations (``LocationBlock.origin`` says
    which saved location a block was), and a service offered everywhere stays so."""
    changes = {part: getattr(posted, part) for part in step.parts}
    if "locations" in step.parts:
        moved = _location_moves(form)
        changes["services"] = [_follow(service, moved) for service in saved.services]
    return dataclasses.replace(saved, **changes)


def _location_moves(form: ListingForm) -> dict[int, int]:
    """Saved location position → its position now, for each location block kept."""
    moves: dict[int, int] = {}
    kept = (entry.form for entry in form.locations if not entry.form.is_blank())
    for now, block in enumerate(kept):
        origin = str(block.origin.data or "")
        if origin.isdigit():
            moves[int(origin)] = now
    return moves


def _follow(service: ServiceRow, moves: dict[int, int]) -> ServiceRow:
    if service.offered_at is None:
        return service
    places = sorted(moves[at] for at in service.offered_at if at in moves)
    return dataclasses.replace(service, offered_at=places)


def step_form(saved: ListingPayload, **kwargs: Any) -> ListingForm:
    """The form of one step as first shown: filled from the saved draft, each location block
    knowing which saved location it is."""
    form = ListingForm(obj=form_object(saved), **kwargs)
    for position, entry in enumerate(form.locations):
        entry.form.origin.data = str(position) if position < len(saved.locations) else ""
    return form


def whole_form(saved: ListingPayload) -> ListingForm:
    """The whole saved draft as a ``ListingForm`` about to be submitted: its ``validate()``
    says what a review needs that the draft lacks. Not a posted form: no CSRF of its own
    (the post that asks for it had one)."""
    form = ListingForm(formdata=None, obj=form_object(saved), meta={"csrf": False})
    form.submit.data = True
    return form


def problems_by_step(items: list[tuple[str, str, str]]) -> Iterator[tuple[Step, str, str, str]]:
    """Each error of ``whole_form`` (field id, label, message) with the step that shows it."""
    for field_id, label, message in items:
        yield _step_of_field(field_id), field_id, label, message


def _step_of_field(field_id: str) -> Step:
    part = field_id.split("-", 1)[0]
    for step in STEPS:
        if part in step.parts:
            return step
    return STEPS[0]


def advice(saved: ListingPayload) -> list[tuple[Step, Any]]:
    """What a review does not need but the people searching do, each with its step."""
    found: list[tuple[Step, Any]] = []
    if not saved.services:
        found.append(
            (BY_SLUG["services"], _l("No service yet: people search by the services you offer."))
        )
    if not saved.locations and not saved.service_areas:
        found.append(
            (
                BY_SLUG["locations"],
                _l("No location or area served yet: a search near a place will not find you."),
            )
        )
    if not saved.contacts:
        found.append(
            (
                BY_SLUG["contacts"],
                _l("No referral contact yet: say whom professionals should call or write to."),
            )
        )
    return found
