"""service capacity: accepting / waitlist / full / unknown, places, when and by whom

Revision ID: 17d4c0de0004
Revises: 18a1d0be0001
Create Date: 2026-12-04 05:40:00.000000

"""

from alembic import op
import sqlalchemy as sa

from directory.models.types import UTCDateTime


# revision identifiers, used by Alembic.
revision = "17d4c0de0004"
down_revision = "18a1d0be0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "capacity_status", sa.String(length=10), server_default="unknown", nullable=False
            )
        )
        batch_op.add_column(sa.Column("capacity_places", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("capacity_updated_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("capacity_updated_by_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_service_capacity_updated_at"), ["capacity_updated_at"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_service_capacity_updated_by_id_user_account"),
            "user_account",
            ["capacity_updated_by_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_service_capacity_updated_by_id_user_account"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_service_capacity_updated_at"))
        batch_op.drop_column("capacity_updated_by_id")
        batch_op.drop_column("capacity_updated_at")
        batch_op.drop_column("capacity_places")
        batch_op.drop_column("capacity_status")
