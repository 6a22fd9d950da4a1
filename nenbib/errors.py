"""The one error hierarchy: every failure the user can cause is a NenbibError."""

from __future__ import annotations

from typing import Any


class NenbibError(Exception):
    """A problem with input, output or usage, reported as one line."""

    exit_code = 1

    def __init__(self, message: str, filename: str | None = None, where: str | None = None, rule: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.filename = filename
        self.where = where
        self.rule = rule
        self.warnings: list[str] = []  # a reader's notes that may say why (nenbib import, convert)

    def __reduce__(self) -> tuple[Any, ...]:
        # Picklable whatever a subclass's __init__ takes: worker processes send errors back (nenbib.parallel).
        return _restore, (type(self), self.__dict__)

    def __str__(self) -> str:
        parts = [p for p in (self.filename, self.where) if p]
        text = ": ".join([*parts, self.message])
        return f"{text} [{self.rule}]" if self.rule else text


class InputError(NenbibError):
    """A file could not be read or parsed."""


class ValidationError(NenbibError):
    """A record broke the schema or a semantic rule; carries every problem."""

    def __init__(self, problems: list, filename: str | None = None) -> None:  # list[Problem]
        self.problems = problems
        first = problems[0]
        super().__init__(first.message, filename or first.file, "/" if first.pointer == "" else first.pointer, first.rule)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class OutputError(NenbibError):
    """An output file could not be written."""


class UsageError(NenbibError):
    """The command was called the wrong way."""

    exit_code = 2


def _restore(cls: type[NenbibError], state: dict[str, Any]) -> NenbibError:
    error = cls.__new__(cls)
    Exception.__init__(error, state["message"])
    error.__dict__.update(state)
    return error
