"""referral pathways: who a service takes referrals from, and what a referral is like

Each service gains its referral pathway: the sectors it accepts referrals from (the
``service_referral_sector`` link to sector terms), self-referral and from what age, warm
handoff, usual first response time, no police involvement required, and what the referrer
should have ready. The search document gains ``referral_from_mask`` (sector bits); documents
written before lack it and the two new flag bits, so the index format goes to 3 and
``flask search reindex --if-outdated`` rebuilds (an empty index is current already).

Revision ID: b8d4f1a6c2e0
Revises: c9e4a2d7f810
Create Date: 2026-12-03 08:10:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "b8d4f1a6c2e0"
down_revision = "c9e4a2d7f810"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("self_referral", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("self_referral_min_age", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("warm_handoff", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("first_response", sa.String(length=20), nullable=True))
        batch_op.add_column(
            sa.Column(
                "no_police_required", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )
        batch_op.add_column(sa.Column("referrer_checklist", sa.Text(), nullable=True))
    op.create_table(
        "service_referral_sector",
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("term_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["service_id"], ["service.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["term_id"], ["taxonomy_term.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("service_id", "term_id"),
    )
    with op.batch_alter_table("service_referral_sector", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_service_referral_sector_term_id"), ["term_id"], unique=False
        )
    with op.batch_alter_table("search_document", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("referral_from_mask", sa.BigInteger(), server_default="0", nullable=False)
        )
    # Documents written before lack the pathway; with none, there is nothing to rebuild.
    op.execute(
        "UPDATE search_state SET index_format = 3 WHERE NOT EXISTS (SELECT 1 FROM search_document)"
    )


def downgrade():
    with op.batch_alter_table("search_document", schema=None) as batch_op:
        batch_op.drop_column("referral_from_mask")
    with op.batch_alter_table("service_referral_sector", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_referral_sector_term_id"))
    op.drop_table("service_referral_sector")
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.drop_column("referrer_checklist")
        batch_op.drop_column("no_police_required")
        batch_op.drop_column("first_response")
        batch_op.drop_column("warm_handoff")
        batch_op.drop_column("self_referral_min_age")
        batch_op.drop_column("self_referral")
