"""contacts and accessibility: phones of services and locations, service email, website and
required documents, location accessibility features and note

Revision ID: 17b2c0de0002
Revises: 17d4c0de0004
Create Date: 2026-12-04 05:30:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "17b2c0de0002"
down_revision = "17d4c0de0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "phone",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("location_id", sa.Integer(), nullable=True),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("extension", sa.String(length=20), nullable=True),
        sa.Column("description", sa.String(length=200), nullable=True),
        sa.Column("type", sa.String(length=10), nullable=False),
        sa.Column("language", sa.String(length=60), nullable=True),
        sa.Column("hsds_id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "(service_id IS NULL) <> (location_id IS NULL)",
            name=op.f("ck_phone_phone_has_one_owner"),
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_phone_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_phone_service_id_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_phone")),
        sa.UniqueConstraint("hsds_id", name=op.f("uq_phone_hsds_id")),
    )
    op.create_index(op.f("ix_phone_location_id"), "phone", ["location_id"], unique=False)
    op.create_index(op.f("ix_phone_service_id"), "phone", ["service_id"], unique=False)
    with op.batch_alter_table("service") as batch:
        batch.add_column(sa.Column("email", sa.String(length=254), nullable=True))
        batch.add_column(sa.Column("website", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("required_documents", sa.Text(), nullable=True))
    with op.batch_alter_table("location") as batch:
        batch.add_column(sa.Column("accessibility", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("accessibility_note", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("location") as batch:
        batch.drop_column("accessibility_note")
        batch.drop_column("accessibility")
    with op.batch_alter_table("service") as batch:
        batch.drop_column("required_documents")
        batch.drop_column("website")
        batch.drop_column("email")
    op.drop_index(op.f("ix_phone_service_id"), table_name="phone")
    op.drop_index(op.f("ix_phone_location_id"), table_name="phone")
    op.drop_table("phone")
