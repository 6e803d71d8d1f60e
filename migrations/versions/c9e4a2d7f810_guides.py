"""guides: sector guides, duty to report, their revisions, user_account.guide_editor

Revision ID: c9e4a2d7f810
Revises: a7c2e9f4b1d6
Create Date: 2026-12-03 08:00:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "c9e4a2d7f810"
down_revision = "a7c2e9f4b1d6"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "guide",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("sector_id", sa.Integer(), nullable=True),
        sa.Column("province_code", sa.String(length=2), nullable=True),
        sa.Column("sections", sa.JSON(), nullable=False),
        sa.Column("refer_sectors", sa.JSON(), nullable=False),
        sa.Column("sample", sa.Boolean(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sector_id"], ["taxonomy_term.id"], name=op.f("fk_guide_sector_id_taxonomy_term"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["province_code"], ["province.code"], name=op.f("fk_guide_province_code_province"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guide")),
        sa.UniqueConstraint("slug", name=op.f("uq_guide_slug")),
        sa.UniqueConstraint("sector_id", name=op.f("uq_guide_sector_id")),
        sa.UniqueConstraint("province_code", name=op.f("uq_guide_province_code")),
    )
    op.create_index(op.f("ix_guide_kind"), "guide", ["kind"], unique=False)
    op.create_table(
        "guide_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guide_id", sa.Integer(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("moderator_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["guide_id"], ["guide.id"], name=op.f("fk_guide_revision_guide_id_guide"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"], ["user_account.id"],
            name=op.f("fk_guide_revision_submitted_by_id_user_account"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["moderator_id"], ["user_account.id"],
            name=op.f("fk_guide_revision_moderator_id_user_account"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guide_revision")),
    )
    op.create_index(op.f("ix_guide_revision_guide_id"), "guide_revision", ["guide_id"])
    op.create_index(op.f("ix_guide_revision_status"), "guide_revision", ["status"])
    op.create_index(
        op.f("ix_guide_revision_submitted_by_id"), "guide_revision", ["submitted_by_id"]
    )
    op.create_table(
        "guide_revision_author",
        sa.Column("guide_revision_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["guide_revision_id"], ["guide_revision.id"],
            name=op.f("fk_guide_revision_author_guide_revision_id_guide_revision"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"],
            name=op.f("fk_guide_revision_author_user_id_user_account"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "guide_revision_id", "user_id", name=op.f("pk_guide_revision_author")
        ),
    )
    op.create_index(
        op.f("ix_guide_revision_author_user_id"), "guide_revision_author", ["user_id"]
    )
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("guide_editor", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("guide_editor")
    op.drop_index(op.f("ix_guide_revision_author_user_id"), table_name="guide_revision_author")
    op.drop_table("guide_revision_author")
    op.drop_index(op.f("ix_guide_revision_submitted_by_id"), table_name="guide_revision")
    op.drop_index(op.f("ix_guide_revision_status"), table_name="guide_revision")
    op.drop_index(op.f("ix_guide_revision_guide_id"), table_name="guide_revision")
    op.drop_table("guide_revision")
    op.drop_index(op.f("ix_guide_kind"), table_name="guide")
    op.drop_table("guide")
