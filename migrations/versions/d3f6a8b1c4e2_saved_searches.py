"""saved searches and their alert log

Revision ID: d3f6a8b1c4e2
Revises: b5e8d2c7a913
Create Date: 2026-12-03 08:50:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "d3f6a8b1c4e2"
down_revision = "b5e8d2c7a913"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "saved_search",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("query", sa.String(length=2000), nullable=False),
        sa.Column("alerts", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_alerted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_saved_search_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_search")),
    )
    op.create_index(op.f("ix_saved_search_user_id"), "saved_search", ["user_id"], unique=False)
    op.create_table(
        "saved_search_alert",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("saved_search_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["saved_search_id"], ["saved_search.id"],
            name=op.f("fk_saved_search_alert_saved_search_id_saved_search"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organization.id"],
            name=op.f("fk_saved_search_alert_organization_id_organization"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["revision_id"], ["revision.id"],
            name=op.f("fk_saved_search_alert_revision_id_revision"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_search_alert")),
        sa.UniqueConstraint(
            "saved_search_id", "revision_id",
            name=op.f("uq_saved_search_alert_saved_search_id"),
        ),
    )
    op.create_index(
        op.f("ix_saved_search_alert_saved_search_id"), "saved_search_alert", ["saved_search_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_saved_search_alert_organization_id"), "saved_search_alert", ["organization_id"],
        unique=False,
    )


def downgrade():
    op.drop_index(op.f("ix_saved_search_alert_organization_id"), table_name="saved_search_alert")
    op.drop_index(op.f("ix_saved_search_alert_saved_search_id"), table_name="saved_search_alert")
    op.drop_table("saved_search_alert")
    op.drop_index(op.f("ix_saved_search_user_id"), table_name="saved_search")
    op.drop_table("saved_search")
