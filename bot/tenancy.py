"""Which Slack workspace's data a request may see and change.

A multi-workspace (OAuth) install serves several companies or teams from one database: each workspace's
surveys, KPIs, OKRs, nudges, usage, feedback and knowledge gaps are its own. A request from Slack carries its
workspace (team id; the enterprise id for an org-wide install); the CLI names it with ``--team``. A
single-workspace install (a bot token) has one workspace, so it sees every row, including rows written before
a team id was recorded. Repositories filter with ``Tenant.where``; services check rows with ``Tenant.owns``."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, true

from bot.errors import UserError


@dataclass(frozen=True)
class Tenant:
    team_id: str | None = None  # None: a single-workspace install, every row

    def where(self, column) -> ColumnElement[bool]:
        """The filter a query over ``column`` (a table's team id column) takes."""
        return true() if self.team_id is None else column == self.team_id

    def owns(self, team_id: str | None) -> bool:
        return self.team_id is None or team_id == self.team_id

    def owner(self, written_in: str | None) -> str | None:
        """The workspace a new row belongs to: the tenant's, or (a single-workspace install, every row) the
        workspace it was written in, when known."""
        return self.team_id or written_in

    @property
    def key(self) -> str:
        """The team id to store in a NOT NULL column ('' in a single-workspace install)."""
        return self.team_id or ""


EVERY_ROW = Tenant(None)


def tenant_of(multi_workspace: bool, team_id: str | None, enterprise_id: str | None = None) -> Tenant:
    """The tenant of a Slack request (``context.team_id``, ``context.enterprise_id``)."""
    if not multi_workspace:
        return EVERY_ROW
    workspace = team_id or enterprise_id
    if not workspace:
        raise UserError("This request names no Slack workspace, so I can't tell whose data it is about.")
    return Tenant(workspace)


def cli_tenant(multi_workspace: bool, team: str | None) -> Tenant:
    """The tenant of a CLI command's ``--team`` option: required when the app serves several workspaces."""
    if not multi_workspace:
        return EVERY_ROW
    if not team:
        raise UserError("The app uses OAuth and serves several workspaces: give --team T… (the Slack workspace).")
    if not team.isascii() or not team.isalnum() or not team[0] in "TE":
        raise UserError(f"--team {team!r} is not a Slack workspace id (T… or, for an org-wide install, E…).")
    return Tenant(team)
