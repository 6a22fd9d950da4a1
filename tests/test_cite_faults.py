"""`nenbib cite` with a style citeproc-py cannot render: one stderr line naming the style, exit 1, never a traceback."""

from __future__ import annotations

import pytest

from nenbib import cite

from conftest import RECORD_PATH
from conftest import run_cli as run

# Shipped styles that citeproc-py fails on while sorting the bibliography (a text-case on a name
# part: "'str' object has no attribute 'words'" / "... 'capitalize_first'"); that failure was
# outside the handler that makes citeproc-py's failures one line, so the CLI said "internal error".
SORT_FAILURES = ["transversalites", "universitat-basel-deutsche-sprachwissenschaft"]


def one_error_line(err: str) -> str:
    assert err.count("\n") == 1 and "internal error" not in err and "Traceback" not in err, err
    return err


@pytest.mark.parametrize("style", SORT_FAILURES)
def test_a_style_citeproc_fails_on_while_sorting_is_one_error(capsys, style):
    code, out, err = run(capsys, "cite", "--style", style, RECORD_PATH)
    assert code == 1 and out == ""
    assert one_error_line(err).startswith(f"nenbib: error: {style}: citeproc-py failed on this style: AttributeError:")


@pytest.mark.parametrize("style", SORT_FAILURES)
def test_entry_formatter_gives_no_entry_for_such_a_style(record, style):
    # The HTML page's path: the record has no entry, no exception.
    assert cite.entry_formatter(style, ("html", "text"), single=True)(record) is None
    assert cite.entry_formatter(style, ("html", "text"))(record) is None
