"""The registry of counting methods: ``METHODS`` maps each CLI name to a :class:`Method`."""
from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from workbench.core.errors import ValidationError

#: What a method's ballots look like (also the name of the document key holding them).
BALLOT_KINDS = {
    "ranking": "a list of items, best first; a nested list is a group of tied items",
    "approval": "a list of the approved items",
    "score": "an object item -> score",
    "dots": "an object item -> number of dots",
    "comparison": "a pair [winner, loser]",
}


@dataclass(frozen=True)
class Method:
    """One registered counting method.

    ``function(items, ballots, **params) -> Result`` counts; ``parse(items, ballots, **params)``
    runs the same input checks without counting (it is what :func:`validate` calls);
    ``params`` maps each keyword parameter to its default.
    """

    name: str
    function: Callable[..., Any]
    parse: Callable[..., Any]
    ballot_kind: str
    params: Mapping[str, Any]

    @property
    def summary(self) -> str:
        """The first line of the method's docstring."""
        return (self.function.__doc__ or "").strip().splitlines()[0]

    def __call__(self, items, ballots, **params):
        return self.function(items, ballots, **params)

    def check_params(self, params: Mapping[str, Any] | None) -> dict[str, Any]:
        """Return the defaults updated with ``params``; raise ValidationError for unknown names."""
        params = dict(params or {})
        unknown = sorted(set(params) - set(self.params))
        if unknown:
            takes = ", ".join(repr(p) for p in self.params) or "none"
            raise ValidationError(
                f"method {self.name!r} has no parameter {unknown[0]!r} (it takes: {takes})"
            )
        return {**self.params, **params}


METHODS: dict[str, Method] = {}


def register(name: str, *, ballot_kind: str, parse: Callable[..., Any]):
    """Decorator: register a counting function under its CLI ``name``.

    The function's keyword-only parameters (with their defaults) become the method's params.
    """
    if ballot_kind not in BALLOT_KINDS:
        raise ValueError(f"unknown ballot kind {ballot_kind!r}")

    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        signature = inspect.signature(function)
        params = {
            p.name: p.default
            for p in signature.parameters.values()
            if p.kind is inspect.Parameter.KEYWORD_ONLY
        }
        METHODS[name] = Method(name, function, parse, ballot_kind, MappingProxyType(params))
        function.method_name = name
        return function

    return decorate


def get_method(name: str) -> Method:
    """Return the registered method called ``name``; raise ValidationError if there is none."""
    try:
        return METHODS[name]
    except (KeyError, TypeError):
        known = ", ".join(sorted(METHODS))
        raise ValidationError(f"unknown method {name!r} (known: {known})") from None
