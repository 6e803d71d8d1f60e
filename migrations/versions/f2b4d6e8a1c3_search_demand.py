"""search_demand: searches that found nothing, counted by month and filters only

Revision ID: f2b4d6e8a1c3
Revises: e7a9c3d5b2f1
Create Date: 2026-12-03 09:00:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "f2b4d6e8a1c3"
down_revision = "e7a9c3d5b2f1"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "search_demand",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("sector", sa.String(length=400), nullable=False),
        sa.Column("service", sa.String(length=400), nullable=False),
        sa.Column("population", sa.String(length=400), nullable=False),
        sa.Column("province", sa.String(length=60), nullable=False),
        sa.Column("region", sa.String(length=120), nullable=False),
        sa.Column("searches", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_demand")),
        sa.UniqueConstraint(
            "month", "sector", "service", "population", "province", "region",
            name="uq_search_demand_key",
        ),
    )
    op.create_index(op.f("ix_search_demand_month"), "search_demand", ["month"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_search_demand_month"), table_name="search_demand")
    op.drop_table("search_demand")
