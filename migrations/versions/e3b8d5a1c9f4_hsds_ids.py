"""HSDS ids: a stable UUID on every exported row, and unmapped HSDS attributes

Existing rows get ``uuid5(namespace, "<table>:<id>")`` (reproducible); new rows a random
UUID; imported rows keep their source's id. See docs/hsds.md.

Revision ID: e3b8d5a1c9f4
Revises: b2f7c9d41e03
Create Date: 2026-11-26 04:30:00.000000

"""
import uuid

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e3b8d5a1c9f4'
down_revision = 'b2f7c9d41e03'
branch_labels = None
depends_on = None

# Same value as directory.hsds.ids.NAMESPACE (copied: a migration must not change with the app).
NAMESPACE = uuid.UUID("6f0b8f7e-3c1d-5b8a-9e2f-4d6c7a1b2e90")
TABLES = ("organization", "service", "location", "service_area", "referral_contact")
WITH_ATTRIBUTES = ("organization", "service")
BATCH = 5000


def _backfill(table_name: str) -> None:
    conn = op.get_bind()
    table = sa.table(table_name, sa.column("id", sa.Integer), sa.column("hsds_id", sa.Uuid))
    update = (
        table.update()
        .where(table.c.id == sa.bindparam("row_id"))
        .values(hsds_id=sa.bindparam("new_id"))
    )
    last = 0
    while True:
        ids = conn.scalars(
            sa.select(table.c.id).where(table.c.id > last).order_by(table.c.id).limit(BATCH)
        ).all()
        if not ids:
            return
        conn.execute(
            update,
            [{"row_id": i, "new_id": uuid.uuid5(NAMESPACE, f"{table_name}:{i}")} for i in ids],
        )
        last = ids[-1]


def upgrade():
    for table_name in TABLES:
        with op.batch_alter_table(table_name, schema=None) as batch_op:
            batch_op.add_column(sa.Column('hsds_id', sa.Uuid(), nullable=True))
            if table_name in WITH_ATTRIBUTES:
                batch_op.add_column(sa.Column('hsds_attributes', sa.JSON(), nullable=True))
        _backfill(table_name)
        with op.batch_alter_table(table_name, schema=None) as batch_op:
            batch_op.alter_column('hsds_id', existing_type=sa.Uuid(), nullable=False)
            batch_op.create_unique_constraint(batch_op.f(f'uq_{table_name}_hsds_id'), ['hsds_id'])


def downgrade():
    for table_name in reversed(TABLES):
        with op.batch_alter_table(table_name, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'uq_{table_name}_hsds_id'), type_='unique')
            if table_name in WITH_ATTRIBUTES:
                batch_op.drop_column('hsds_attributes')
            batch_op.drop_column('hsds_id')
