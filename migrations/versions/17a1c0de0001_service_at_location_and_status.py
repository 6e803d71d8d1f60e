"""service_at_location and service.status: where a service is offered, and whether it runs

Every existing service is offered at every location of its organization (what the listing
meant until now), and is active.

Revision ID: 17a1c0de0001
Revises: 17b2c0de0002
Create Date: 2026-12-04 05:30:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "17a1c0de0001"
down_revision = "17b2c0de0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "service_at_location",
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_service_at_location_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_service_at_location_service_id_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("service_id", "location_id", name=op.f("pk_service_at_location")),
    )
    op.create_index(
        op.f("ix_service_at_location_location_id"),
        "service_at_location",
        ["location_id"],
        unique=False,
    )
    op.execute(
        "INSERT INTO service_at_location (service_id, location_id) "
        "SELECT service.id, location.id FROM service "
        "JOIN location ON location.organization_id = service.organization_id"
    )
    with op.batch_alter_table("service") as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=20), server_default="active", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("service") as batch_op:
        batch_op.drop_column("status")
    op.drop_index(op.f("ix_service_at_location_location_id"), table_name="service_at_location")
    op.drop_table("service_at_location")
