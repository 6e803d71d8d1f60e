"""user account kind: "professional" or "organization", chosen at registration

Existing accounts (demo sign-ins, accounts made with `flask users create`) become
"professional" through the server default; it says nothing about permissions.

Revision ID: 0bb0d56fd891
Revises: 55286bdfd619
Create Date: 2026-11-26 02:07:58.691125

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0bb0d56fd891'
down_revision = '55286bdfd619'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('account_kind', sa.String(length=20), server_default='professional', nullable=False))


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('account_kind')
