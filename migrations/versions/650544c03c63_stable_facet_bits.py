"""stable facet bits: each taxonomy term and province keeps its bit of the search masks

Until now a term's bit was its position in its vocabulary's list, so reordering a list
silently changed what the masks already in the index meant. ``bit`` is given once and never
changed; ``position`` is display order only. The backfill copies today's positions, which are
the bits every existing index was built with, so no reindex is needed.

Revision ID: 650544c03c63
Revises: a4c7e2b9d1f0
Create Date: 2026-12-02 12:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '650544c03c63'
down_revision = 'a4c7e2b9d1f0'
branch_labels = None
depends_on = None


def upgrade():
    for table in ('taxonomy_term', 'province'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('bit', sa.Integer(), nullable=True))
        op.execute(f"UPDATE {table} SET bit = position")
    with op.batch_alter_table('taxonomy_term', schema=None) as batch_op:
        batch_op.alter_column('bit', existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint('uq_taxonomy_term_vocabulary_bit', ['vocabulary', 'bit'])
    with op.batch_alter_table('province', schema=None) as batch_op:
        batch_op.alter_column('bit', existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_province_bit'), ['bit'])


def downgrade():
    with op.batch_alter_table('province', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_province_bit'), type_='unique')
        batch_op.drop_column('bit')
    with op.batch_alter_table('taxonomy_term', schema=None) as batch_op:
        batch_op.drop_constraint('uq_taxonomy_term_vocabulary_bit', type_='unique')
        batch_op.drop_column('bit')
