"""two-factor: the secret being set up waits on the server, not in the session cookie

Revision ID: d8e1a6c3f257
Revises: 650544c03c63
Create Date: 2026-12-02 12:40:00

"""
from alembic import op
import sqlalchemy as sa

import directory.models.types


# revision identifiers, used by Alembic.
revision = 'd8e1a6c3f257'
down_revision = '650544c03c63'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('totp_pending_secret', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('totp_pending_since', directory.models.types.UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('totp_pending_since')
        batch_op.drop_column('totp_pending_secret')
