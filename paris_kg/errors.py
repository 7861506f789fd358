"""Typed errors raised inside the library; the CLI turns each into one line and an exit code.

The library never prints or exits: it raises one of these, and ``paris_kg.cli`` converts it
to a ``click.ClickException`` with the matching exit status.
"""
from __future__ import annotations



class ParisKGError(Exception):
    """Base class; ``exit_code`` is what the CLI exits with."""

    exit_code = 1


class InputError(ParisKGError):
    """A source file or argument cannot be read at all (bad Turtle, bad SPARQL, unknown name)."""

    exit_code = 2


class NotBuiltError(ParisKGError):
    """A command needs ``dist/`` and it has not been built yet."""

    exit_code = 1


class Violation(tuple):
    """One failed SHACL constraint or QC check, ready to print as ``focus — path — message``.

    A bare tuple subclass (sortable, hashable) rather than a namedtuple, to keep
    ``collections`` off the start-up path of ``paris-kg query``.
    """

    __slots__ = ()

    def __new__(cls, focus: str, path: str, message: str):
        return tuple.__new__(cls, (focus, path, message))

    focus = property(lambda self: self[0])
    path = property(lambda self: self[1])
    message = property(lambda self: self[2])

    def __str__(self) -> str:
        return f"{self.focus} \u2014 {self.path or '-'} \u2014 {self.message}"


class ValidationError(ParisKGError):
    """The graph parsed but breaks SHACL shapes or QC checks."""

    exit_code = 1

    def __init__(self, violations: list[Violation]):
        self.violations = sorted(set(violations))
        super().__init__(f"{len(self.violations)} validation violation(s)")
