"""The workbench's exceptions: one family, caught at each boundary (CLI, screen)."""
from __future__ import annotations


class WorkbenchError(Exception):
    """Base class: anything the workbench refuses to do, with a message a person can act on."""


class ValidationError(WorkbenchError, ValueError):
    """Input that breaks a rule: a malformed file, a form value out of range, a forged ballot."""


class NotFound(WorkbenchError, LookupError):
    """A thing asked for by id, number or code does not exist."""


class RuleError(WorkbenchError, ValueError):
    """An action the current state does not allow (phase closed, ballot already cast, …)."""
