"""Which roles open which dashboard page: the one table the pages' guards and the navigation both read.
Admins open every page (bot.roles.service.RoleService.allows)."""

from __future__ import annotations

from bot.roles.service import ADMIN, HR, MANAGER

ADOPTION = (MANAGER, HR)
KPIS = (MANAGER, HR)
SURVEYS = (HR,)
AUDITS = (MANAGER,)  # managers see their own audits, admins all
KNOWLEDGE = (ADMIN,)
