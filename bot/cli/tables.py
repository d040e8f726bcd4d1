"""How every table the CLI prints fits the width it has: a render hook on the consoles of bot/cli/common.py,
so each command's `Table(...)` gets it without asking.

Rich shares a narrow width out by wrapping every column, which at 80 columns leaves columns one word wide.
Here a column whose cells are all short (ids, dates, numbers, statuses) never wraps; when the columns that
do wrap would get fewer than MIN_TEXT characters each, the table is printed as one block per row instead,
a "header  value" line per column, which reads at any width. Output that is not a terminal has no width
limit (common.py), so each row stays on one line; other renderables (Markdown, panels) are kept to
READABLE columns there, as they would fill any width given."""

from __future__ import annotations

from rich.console import (
    Console,
    ConsoleOptions,
    ConsoleRenderable,
    RenderHook,
    RenderResult,
)
from rich.constrain import Constrain
from rich.measure import Measurement
from rich.table import Column, Table
from rich.text import Text

SHORT = 16  # a column whose every cell fits in this many characters is not wrapped
MIN_TEXT = 20  # a wrapped column narrower than this reads one word per line
READABLE = 100  # width of Markdown and other width-filling renderables on output without a width limit
UNLIMITED = 100_000


class FitTables(RenderHook):
    """``unlimited``: the console has no real width (output that is not a terminal)."""

    def __init__(self, unlimited: bool = False):
        self.unlimited = unlimited

    def process_renderables(self, renderables: list[ConsoleRenderable]) -> list[ConsoleRenderable]:
        return [self._fit(r) for r in renderables]

    def _fit(self, renderable: ConsoleRenderable) -> ConsoleRenderable:
        if isinstance(renderable, Table) and renderable.show_header and renderable.width is None:
            return FittedTable(renderable)
        if self.unlimited and not isinstance(renderable, Text | Table):
            return Constrain(renderable, READABLE)
        return renderable


class FittedTable:
    """A table drawn as a table when it reads at this width, else as one block per row."""

    def __init__(self, table: Table):
        self.table = table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        table = self.table
        widths = [_natural(console, options, column) for column in table.columns]
        for column, width in zip(table.columns, widths, strict=True):
            if width <= SHORT:
                column.no_wrap = True
        natural = Measurement.get(console, options.update_width(UNLIMITED), table).maximum
        wrapping = [w for w in widths if w > SHORT]
        room = options.max_width - (natural - sum(wrapping))  # what the wrapping columns share
        if natural <= options.max_width or (wrapping and room >= MIN_TEXT * len(wrapping)):
            yield table
        else:
            yield from _blocks(table)


def _natural(console: Console, options: ConsoleOptions, column: Column) -> int:
    """The column's width with nothing wrapped: its longest cell or header."""
    wide = options.update_width(UNLIMITED)
    return max((Measurement.get(console, wide, cell).maximum for cell in (column.header, *column.cells)), default=0)


def _blocks(table: Table) -> RenderResult:
    """The rows one after another, each a "header  value" line per non-empty cell, a blank line between."""
    if table.title:
        yield Text.from_markup(table.title, style="bold") if isinstance(table.title, str) else table.title
    headers = [" ".join(str(c.header).split()) for c in table.columns]
    cells = [list(c.cells) for c in table.columns]
    for row in range(table.row_count):
        block = Table.grid(padding=(0, 2))
        block.add_column(style="dim", no_wrap=True)
        block.add_column(overflow="fold")
        for header, column in zip(headers, cells, strict=True):
            cell = column[row] if row < len(column) else ""
            if cell not in ("", None):
                block.add_row(header, cell)
        yield block
        yield Text()
    if table.caption:
        yield Text.from_markup(table.caption, style="dim") if isinstance(table.caption, str) else table.caption
