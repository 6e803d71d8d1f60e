"""four eyes: revision authors and invitations

``revision_author`` remembers everyone who created, saved or submitted a revision (none of
them may decide on it), filled here from ``submitted_by_id`` and the ``listing.create`` /
``listing.save`` audit events. ``invitation`` keeps owners' invitations so that one can be
revoked; links sent before this revision carry no invitation id and stop working.

Revision ID: 500429d73700
Revises: d8e1a6c3f257
Create Date: 2026-12-02 12:29:19.187650

"""
from alembic import op
import sqlalchemy as sa

import directory.models.types


# revision identifiers, used by Alembic.
revision = '500429d73700'
down_revision = 'd8e1a6c3f257'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', directory.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('accepted_at', directory.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', directory.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['invited_by_id'], ['user_account.id'], name=op.f('fk_invitation_invited_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_invitation_organization_id_organization'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation'))
    )
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_organization_id'), ['organization_id'], unique=False)

    op.create_table('revision_author',
    sa.Column('revision_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['revision_id'], ['revision.id'], name=op.f('fk_revision_author_revision_id_revision'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_revision_author_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('revision_id', 'user_id', name=op.f('pk_revision_author'))
    )
    with op.batch_alter_table('revision_author', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_revision_author_user_id'), ['user_id'], unique=False)

    _backfill_revision_authors()


def _backfill_revision_authors():
    bind = op.get_bind()
    revision_t = sa.table('revision', sa.column('id'), sa.column('submitted_by_id'))
    audit_t = sa.table(
        'audit_event', sa.column('actor_id'), sa.column('action'), sa.column('details', sa.JSON)
    )
    author_t = sa.table('revision_author', sa.column('revision_id'), sa.column('user_id'))
    users = set(bind.scalars(sa.text('SELECT id FROM user_account')))
    revisions = set(bind.scalars(sa.select(revision_t.c.id)))
    pairs = {
        (rid, uid)
        for rid, uid in bind.execute(sa.select(revision_t.c.id, revision_t.c.submitted_by_id))
        if uid is not None
    }
    events = bind.execute(
        sa.select(audit_t.c.actor_id, audit_t.c.details).where(
            audit_t.c.action.in_(['listing.create', 'listing.save']),
            audit_t.c.actor_id.is_not(None),
        )
    )
    for actor_id, details in events:
        revision_id = (details or {}).get('revision_id')
        if revision_id in revisions and actor_id in users:
            pairs.add((revision_id, actor_id))
    if pairs:
        op.bulk_insert(author_t, [{'revision_id': r, 'user_id': u} for r, u in sorted(pairs)])


def downgrade():
    with op.batch_alter_table('revision_author', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_revision_author_user_id'))

    op.drop_table('revision_author')
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitation_organization_id'))

    op.drop_table('invitation')
