"""The workbench's exceptions: one family, caught at each boundary (CLI, screen).

A refusal a participant can meet is raised with a message id and named arguments,
``RuleError(N_("contribution is %(n)d characters long; the limit is %(limit)d"), n=1200, limit=1000)``:
``str(error)`` is the English text with the arguments filled (CLI, logs), and a screen shows
:func:`workbench.core.i18n.refusal` (the text in the reader's language).
"""
from __future__ import annotations

from workbench.core.i18n import MessageId


class WorkbenchError(Exception):
    """Base class: anything the workbench refuses to do, with a message a person can act on.

    ``msgid`` is the message id (or None: a plain English message), ``params`` its arguments.

    >>> from workbench.core.i18n import N_
    >>> str(WorkbenchError(N_("a comment has at most %(n)d characters"), n=5))
    'a comment has at most 5 characters'
    """

    def __init__(self, *args, **params):
        self.msgid: str | None = None
        self.params: dict = params
        if len(args) == 1 and (isinstance(args[0], MessageId) or params):
            self.msgid = str(args[0])
            args = (self.msgid % params if params else self.msgid,)
        super().__init__(*args)


class ValidationError(WorkbenchError, ValueError):
    """Input that breaks a rule: a malformed file, a form value out of range, a forged ballot."""


class NotFound(WorkbenchError, LookupError):
    """A thing asked for by id, number or code does not exist."""


class RuleError(WorkbenchError, ValueError):
    """An action the current state does not allow (phase closed, ballot already cast, …)."""
