"""duplicate_key: what a published listing can be recognised by, to find likely duplicates

The table starts empty; the search index format goes up with it (INDEX_FORMAT), so
``flask search reindex --if-outdated`` (run by ``make run`` and ``make serve`` after the
upgrade) fills it with the index.

Revision ID: 18a1d0be0001
Revises: f2b4d6e8a1c3
Create Date: 2026-12-04 05:40:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "18a1d0be0001"
down_revision = "f2b4d6e8a1c3"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "duplicate_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_duplicate_key_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duplicate_key")),
    )
    op.create_index("ix_duplicate_key_kind_value", "duplicate_key", ["kind", "value"])
    op.create_index(
        op.f("ix_duplicate_key_organization_id"), "duplicate_key", ["organization_id"]
    )


def downgrade():
    op.drop_index(op.f("ix_duplicate_key_organization_id"), table_name="duplicate_key")
    op.drop_index("ix_duplicate_key_kind_value", table_name="duplicate_key")
    op.drop_table("duplicate_key")
