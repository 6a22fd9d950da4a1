"""Regular expressions compiled when first used. Most of nenbib's patterns serve input that a given
run never sees (a reader's, a date form's, a DOI link's); compiled at import, they cost about 10 ms
of every start of the command (benchmarks/README.md), so modules define them with `lazy_re`."""

from __future__ import annotations

import re
from typing import Any, AnyStr, cast


class _LazyPattern:
    """Stands in for re.compile(pattern, flags): `pattern` and `flags` are there at once; asking
    for anything else compiles, once, and keeps what was asked for (a bound `match`, `sub`...), so
    later calls cost what a compiled pattern's do. Not for isinstance() or re.sub(pattern, ...)."""

    def __init__(self, pattern: str | bytes, flags: int) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[Any] | None = None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # copy, pickle and the like ask for dunders: not a pattern's
            raise AttributeError(name)
        compiled = self.__dict__["_compiled"]
        if compiled is None:
            compiled = self._compiled = re.compile(self.pattern, self.flags)
        value = getattr(compiled, name)
        setattr(self, name, value)
        return value


def lazy_re(pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """re.compile(pattern, flags), compiled on first use (see the module's docstring)."""
    return cast("re.Pattern[AnyStr]", _LazyPattern(pattern, flags))
