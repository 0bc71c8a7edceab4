"""Errors raised by personify. Every one names the offending input so callers can fix it."""

from __future__ import annotations


class PersonifyError(Exception):
    """Base class for all personify errors."""


class InvalidInputError(PersonifyError, ValueError):
    """The caller passed something personify cannot store or answer (empty text, bad k, ...)."""


class UnknownUserError(PersonifyError, KeyError):
    """A read named a user that has nothing stored."""

    def __init__(self, user_id: str) -> None:
        super().__init__(user_id)
        self.user_id = user_id

    def __str__(self) -> str:
        return f"unknown user {self.user_id!r}: nothing has been observed for this user"


class UnknownMemoryError(PersonifyError, KeyError):
    """A memory id that does not exist for this user (or belongs to another user)."""

    def __init__(self, user_id: str, memory_id: str) -> None:
        super().__init__(memory_id)
        self.user_id = user_id
        self.memory_id = memory_id

    def __str__(self) -> str:
        return f"user {self.user_id!r} has no memory {self.memory_id!r}"


class ImportFileError(InvalidInputError):
    """A JSONL import had bad lines; nothing from the file was stored."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        self.problems = problems
        listed = "; ".join(f"line {n}: {msg}" for n, msg in problems[:10])
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        super().__init__(f"{len(problems)} bad line(s), nothing imported: {listed}{more}")


class ConflictError(PersonifyError):
    """Another writer changed the user between read and write; the caller retries."""


class EmbedderMismatchError(PersonifyError):
    """The store was built with another embedder; mixing vector spaces would corrupt recall."""
