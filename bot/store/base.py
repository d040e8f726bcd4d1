"""The declarative base every table derives from; `bot.store.schema` gathers the tables."""

from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass
