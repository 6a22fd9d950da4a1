"""python -m nenbib, and the `nenbib` command (pyproject's [project.scripts])."""

import sys

TYPE_CHECKING = False  # typing is not imported here: what this module imports runs before run() can catch Ctrl-C
if TYPE_CHECKING:
    from typing import NoReturn


def run() -> None:
    """The command. A Ctrl-C while the CLI is still loading (click and nenbib.cli take tens of ms,
    before main() can catch one) ends as main() ends one: a line on stderr, exit 130, no traceback."""
    try:
        from nenbib.cli import main
    except Exception as e:
        if not caused_by_ctrl_c(e):
            raise
        _interrupted("nenbib: interrupted; no output file was changed")
    except KeyboardInterrupt:
        _interrupted("nenbib: interrupted; no output file was changed")
    try:
        main()
    except KeyboardInterrupt:  # in the instants before main() catches one, or after it has reported
        _interrupted("nenbib: interrupted")


def caused_by_ctrl_c(error: BaseException) -> bool:
    """Whether an error was raised because of a Ctrl-C: Python 3.11 turns a KeyboardInterrupt raised
    in a descriptor's __set_name__ (a class being made, as `import platform` makes one) into
    "RuntimeError: Error calling __set_name__", caused by it."""
    seen: set[int] = set()
    cause = error.__cause__ or error.__context__
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


def _interrupted(line: str) -> "NoReturn":
    """Exit 130 after one line on stderr, as nenbib.cli.main reports a Ctrl-C."""
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):  # no stderr, or a closed or full one: the status tells
        pass
    sys.exit(130)


if __name__ == "__main__":
    run()
