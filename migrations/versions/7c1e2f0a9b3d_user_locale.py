"""user locale: the language a person chose ("en" or "fr"), for pages and mail

Existing accounts get NULL: no choice yet, so their pages follow the browser and mail to them
the language of whoever acts, until they use the language switch (docs/i18n.md).

Revision ID: 7c1e2f0a9b3d
Revises: 7d3e1f2a9b40
Create Date: 2026-11-26 04:35:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7c1e2f0a9b3d'
down_revision = '7d3e1f2a9b40'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('locale', sa.String(length=8), nullable=True))


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('locale')
