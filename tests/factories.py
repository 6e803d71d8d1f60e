"""factory_boy factories writing to the real test database."""

from __future__ import annotations

from datetime import UTC, datetime

import factory
import sqlalchemy as sa
from slugify import slugify

from directory.extensions import db
from directory.models import (
    ContactVisibility,
    ListingSource,
    Location,
    Membership,
    MembershipRole,
    MembershipStatus,
    Organization,
    OrganizationStatus,
    ReferralContact,
    Role,
    Service,
    ServiceArea,
    TaxonomyTerm,
    User,
)

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # the factory's staff accounts' TOTP key


def term(vocabulary: str, slug: str) -> TaxonomyTerm:
    """A seeded taxonomy term by vocabulary and slug."""
    stmt = sa.select(TaxonomyTerm).filter_by(vocabulary=vocabulary, slug=slug)
    return db.session.execute(stmt).scalar_one()


class BaseFactory(factory.alchemy.SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "flush"


class UserFactory(BaseFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    name = factory.Sequence(lambda n: f"Test User {n}")
    role = Role.MEMBER
    # Hash of "correct horse battery staple" with cheap parameters, made once.
    password_hash = factory.LazyFunction(
        lambda: __import__("directory.auth.passwords", fromlist=["x"]).hash_password(
            "correct horse battery staple"
        )
    )
    email_confirmed_at = factory.LazyFunction(lambda: datetime.now(UTC))
    # Moderators and administrators must use two-factor sign-in: theirs is set up with
    # TOTP_SECRET (tests/auth_helpers.py signs them in with its current code).
    totp_secret = factory.LazyAttribute(
        lambda user: TOTP_SECRET if user.role in (Role.MODERATOR, Role.ADMIN) else None
    )
    totp_enabled_at = factory.LazyAttribute(
        lambda user: datetime.now(UTC) if user.totp_secret else None
    )


class MembershipFactory(BaseFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory("tests.factories.OrganizationFactory")
    role = MembershipRole.EDITOR
    status = MembershipStatus.ACTIVE


class OrganizationFactory(BaseFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Test Organization {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    description = "Supports children and youth affected by sexual exploitation."
    status = OrganizationStatus.PUBLISHED
    source = ListingSource.SUBMITTED
    verified_at = factory.LazyFunction(lambda: datetime.now(UTC))
    last_reviewed_at = factory.LazyFunction(lambda: datetime.now(UTC))


class ServiceFactory(BaseFactory):
    class Meta:
        model = Service

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    description = "Counselling for youth."

    @factory.post_generation
    def locations(self, create, extracted, **kwargs):
        """Offered at every location its organization has so far (the form's default), or
        at the ``locations=[...]`` given."""
        self.locations = list(self.organization.locations if extracted is None else extracted)


class LocationFactory(BaseFactory):
    class Meta:
        model = Location

    organization = factory.SubFactory(OrganizationFactory)
    name = "Main office"
    address = "100 Example Street"
    city = "Thunder Bay"
    province_code = "ON"
    postal_code = "P7B 1A1"
    latitude = 48.3809
    longitude = -89.2477
    confidential = False

    @factory.post_generation
    def services(self, create, extracted, **kwargs):
        """Every service its organization has so far is offered here too (the default), or
        the ``services=[...]`` given."""
        self.services = list(self.organization.services if extracted is None else extracted)


class ServiceAreaFactory(BaseFactory):
    class Meta:
        model = ServiceArea

    organization = factory.SubFactory(OrganizationFactory)
    kind = "province"
    province_code = "ON"


class ReferralContactFactory(BaseFactory):
    class Meta:
        model = ReferralContact

    organization = factory.SubFactory(OrganizationFactory)
    name = "Intake coordinator"
    role = "Intake"
    email = "intake@example.org"
    phone = "+1 807-555-0100"
    visibility = ContactVisibility.PUBLIC
