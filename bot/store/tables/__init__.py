"""The tables, one module per feature; `bot.store.schema` imports them all."""
