"""nenbib._regex.lazy_re: a pattern compiled when first used behaves as re.compile's."""

import copy
import re
import subprocess
import sys

from nenbib._regex import lazy_re


def test_a_lazy_pattern_matches_as_the_compiled_one():
    text = "pp. 389-405, 12-3"
    lazy, compiled = lazy_re(r"(?P<first>\d+)-(?P<last>\d+)"), re.compile(r"(?P<first>\d+)-(?P<last>\d+)")
    assert lazy.search(text).groupdict() == compiled.search(text).groupdict() == {"first": "389", "last": "405"}
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert lazy.sub(r"\g<last>", text) == compiled.sub(r"\g<last>", text) == "pp. 405, 3"
    assert lazy.fullmatch(text) is None and lazy.groupindex == {"first": 1, "last": 2}
    assert lazy.split(text) == compiled.split(text) and lazy.findall(text) == compiled.findall(text)


def test_flags_and_bytes_patterns_are_kept():
    assert lazy_re(r"doi:\s*", re.IGNORECASE).match("DOI: 10.1/x").group() == "DOI: "
    assert lazy_re(rb"% Encoding: (\S+)").search(b"% Encoding: Cp1252\n").group(1) == b"Cp1252"


def test_pattern_and_flags_are_there_without_compiling():
    lazy = lazy_re(r"a(b", re.IGNORECASE)  # not a valid expression: compiling it would raise
    assert (lazy.pattern, lazy.flags) == (r"a(b", re.IGNORECASE)
    combined = lazy_re(r"x|" + lazy_re(r"\d+").pattern)
    assert combined.fullmatch("42") and combined.fullmatch("x")


def test_a_lazy_pattern_compiles_once_and_keeps_the_method():
    lazy = lazy_re(r"\d+")
    assert lazy.match("1") and lazy.match is lazy.match  # the bound method is kept, not looked up again
    assert copy.copy(lazy).match("2")  # copy asks for dunders, which a lazy pattern does not fake


COMPILES_AT_IMPORT = """
import importlib, pkgutil, re, sys
import nenbib, nenbib.formats
compiled = []
real = re._compile
def spy(pattern, flags):
    frame = sys._getframe(1)
    while frame and frame.f_globals.get("__name__") == "re":  # re.compile, re.sub and the like
        frame = frame.f_back
    at_top = frame and frame.f_code.co_name in ("<module>", "<listcomp>", "<genexpr>", "<dictcomp>", "<setcomp>")
    if at_top and frame.f_globals.get("__name__", "").startswith("nenbib"):
        compiled.append(f"{frame.f_globals['__name__']}:{frame.f_lineno}")
    return real(pattern, flags)
re._compile = spy
for package in (nenbib, nenbib.formats):
    for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        importlib.import_module(info.name)
print("\\n".join(compiled))
"""


def test_no_module_of_nenbib_compiles_a_pattern_when_imported():
    """Module-level patterns are lazy_re's: none is compiled before it is used."""
    result = subprocess.run([sys.executable, "-c", COMPILES_AT_IMPORT], capture_output=True, text=True, check=True)
    assert result.stdout.split() == []


def test_every_lazy_pattern_of_nenbib_compiles():
    """A lazy pattern's syntax error would show only when first used: each one the modules define is compiled here."""
    import importlib
    import pkgutil

    import nenbib
    import nenbib.formats
    from nenbib._regex import _LazyPattern

    found = []
    for package in (nenbib, nenbib.formats):
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            for name, value in vars(importlib.import_module(info.name)).items():
                values = value if isinstance(value, (list, tuple)) else (value,)
                found += [(info.name, name, v) for v in values if isinstance(v, _LazyPattern)]
    assert len(found) > 100
    for module, name, lazy in found:
        try:
            re.compile(lazy.pattern, lazy.flags)
        except re.error as e:  # pragma: no cover - the failure message
            raise AssertionError(f"{module}.{name}: {e}") from None
