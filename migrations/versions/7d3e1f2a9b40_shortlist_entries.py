"""shortlist entries: the organizations a signed-in user keeps for a referral sheet

One row per (user, organization), removed with either. Signed-out shortlists live in the
session and join these rows at sign-in.

Revision ID: 7d3e1f2a9b40
Revises: 4af0f08d42ed
Create Date: 2026-11-26 04:40:00.000000

"""
from alembic import op
import sqlalchemy as sa

import directory.models.types


# revision identifiers, used by Alembic.
revision = '7d3e1f2a9b40'
down_revision = '4af0f08d42ed'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('shortlist_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('added_at', directory.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_shortlist_entry_organization_id_organization'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_shortlist_entry_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shortlist_entry')),
    sa.UniqueConstraint('user_id', 'organization_id', name=op.f('uq_shortlist_entry_user_id'))
    )
    with op.batch_alter_table('shortlist_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shortlist_entry_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shortlist_entry_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('shortlist_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shortlist_entry_user_id'))
        batch_op.drop_index(batch_op.f('ix_shortlist_entry_organization_id'))

    op.drop_table('shortlist_entry')
