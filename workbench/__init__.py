"""planning-workbench: participatory planning in Jupyter and Voila."""
from __future__ import annotations

from workbench.core.errors import NotFound, RuleError, ValidationError, WorkbenchError

__all__ = ["WorkbenchError", "ValidationError", "NotFound", "RuleError"]
__version__ = "0.1.0"
