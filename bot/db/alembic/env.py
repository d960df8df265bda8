"""Alembic's entry point: always handed an open connection by ``bot.db.migrate``, never a url."""

from alembic import context

from bot.db.schema import metadata

context.configure(
    connection=context.config.attributes["connection"],
    target_metadata=metadata,
    render_as_batch=True,
)
with context.begin_transaction():
    context.run_migrations()
