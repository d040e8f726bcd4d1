"""Every table of the database in one place: importing this module registers them all in ``Base.metadata``.

Alembic's environment, the engine set-up and the tests import it; code that reads or writes a feature's rows
imports that feature's module from ``bot.store.tables``. Every change to a table ships with an Alembic
migration in ``migrations/versions``.
"""

from bot.store.base import Base
from bot.store.tables import (  # noqa: F401
    adoption,
    audit,
    conversations,
    feedback,
    knowledge,
    kpis,
    questions,
    roles,
    surveys,
    usage,
)

metadata = Base.metadata

__all__ = ["Base", "metadata"]
