"""nenbib: one journal article described once, exactly, and exported to the citation formats."""

__version__ = "0.1.0"

__all__ = ["FORMATS", "NenbibError", "__version__", "export", "load_record", "validate_record"]

# Nothing is imported when the package loads (not even __future__): the `nenbib` command runs this
# file before nenbib.__main__.run can catch a Ctrl-C. FORMATS, NenbibError and the functions load when
# first asked for; the functions from nenbib._api, whose annotations name imported types, so that
# typing.get_type_hints resolves them (here they named types imported for type checkers only).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ._api import export, load_record, validate_record
    from .errors import NenbibError
    from .formats import FORMATS


_LAZY = {
    "NenbibError": ".errors",
    "FORMATS": ".formats",
    "export": "._api",
    "load_record": "._api",
    "validate_record": "._api",
}


def __getattr__(name: str) -> "Any":
    """The public names, imported on first use (PEP 562)."""
    if name not in _LAZY:
        raise AttributeError(f"module 'nenbib' has no attribute {name!r}")
    from importlib import import_module

    value = globals()[name] = getattr(import_module(_LAZY[name], __name__), name)
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
