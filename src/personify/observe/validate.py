"""The checks every public entry runs before anything changes: one place, one wording.

The library (``Personify``/``User``), the CLI, the HTTP API, the MCP tools, the proxy and import
all call these, so a value refused by one is refused by all, with an
:class:`~personify.errors.InvalidInputError` that names the field.

What is refused here would otherwise fail late, after state has moved: a lone surrogate
cannot be encoded as UTF-8 (SQLite raises, the tokenizer raises, a JSON response cannot be
sent), PostgreSQL refuses NUL, a NaN or a ``set`` in metadata breaks every later read or
response, and an id with a line separator, DEL or a trailing space names a user nobody can
address again. Messages show offending values through :func:`show`, which escapes them, so
an error can always be printed and sent.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from personify.errors import InvalidInputError
from personify.models import as_utc

MAX_ID = 256
"""Characters in a user, session, memory or tool id."""
MAX_JSON_DEPTH = 32
"""Nesting of metadata and tool arguments (deeper structures are refused, not recursed)."""
_ID_FORBIDDEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp", "Co", "Cn"})
"""Control, format (bidi, zero-width), surrogate, line/paragraph separator, private, unassigned."""


def show(value: Any, limit: int = 60) -> str:
    """``repr`` of a value for an error message: escaped (no raw surrogates or controls) and
    short, so the message itself can always be printed, logged and sent as UTF-8 JSON."""
    shown = repr(value).encode("utf-8", "backslashreplace").decode("utf-8")
    return shown if len(shown) <= limit else shown[: limit - 1] + "\u2026"


def _surrogate(value: str) -> int | None:
    """Index of the first lone surrogate (text that is not valid Unicode), else None."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        return exc.start
    return None


def _clean(value: str, field: str) -> None:
    at = _surrogate(value)
    if at is not None:
        raise InvalidInputError(
            f"{field} contains a lone surrogate ({show(value[at])}) at position {at}: "
            "not valid Unicode text (bytes that were not UTF-8?)"
        )
    if "\x00" in value:
        raise InvalidInputError(f"{field} contains a NUL character")


def text(value: Any, field: str, *, max_chars: int | None = None, allow_empty: bool = False) -> str:
    """Free text (a turn, a query, a comment): a string of valid Unicode without NUL.

    Messages read "<field> <what is wrong>", the field as the caller named it."""
    if not isinstance(value, str):
        raise InvalidInputError(f"{field} must be a string, got {type(value).__name__}")
    _clean(value, field)
    if not allow_empty and not value.strip():
        raise InvalidInputError(f"{field} is empty")
    if max_chars is not None and len(value) > max_chars:
        raise InvalidInputError(
            f"{field} is {len(value)} characters; the limit is {max_chars} "
            "(PERSONIFY_MAX_TEXT_CHARS)"
        )
    return value


def optional_text(value: Any, field: str, **kwargs: Any) -> str | None:
    return None if value is None else text(value, field, **kwargs)


def identifier(value: Any, field: str, max_chars: int = MAX_ID) -> str:
    """An id (user, session, memory, tool): non-empty, bounded, no surrounding whitespace and
    no control, format or separator characters, so it prints and compares as it looks."""
    if not isinstance(value, str):
        raise InvalidInputError(f"{field} must be a string, got {type(value).__name__}")
    _clean(value, field)
    if not value.strip():
        raise InvalidInputError(f"{field} must be a non-empty string")
    if len(value) > max_chars:
        raise InvalidInputError(f"{field} is {len(value)} characters; the limit is {max_chars}")
    if value != value.strip():
        raise InvalidInputError(f"{field} {show(value)} has leading or trailing whitespace")
    for ch in value:
        if unicodedata.category(ch) in _ID_FORBIDDEN:
            raise InvalidInputError(
                f"{field} {show(value)} contains the control character U+{ord(ch):04X}"
            )
    return value


def optional_identifier(value: Any, field: str) -> str | None:
    return None if value is None else identifier(value, field)


def check_user_id(user_id: Any) -> str:
    """A user id as every entry point accepts it."""
    return identifier(user_id, "user id")


def identifiers(value: Any, field: str) -> list[str]:
    """A list of ids (memory ids a feedback names)."""
    items = sequence(value, field)
    return [identifier(item, f"{field}.{i}") for i, item in enumerate(items)]


def sequence(value: Any, field: str) -> list[Any]:
    """A list or tuple (not a string, mapping or one-shot iterator that a retry would lose)."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, list | tuple):
        raise InvalidInputError(f"{field} must be a list, got {type(value).__name__}")
    return list(value)


def texts(value: Any, field: str, **kwargs: Any) -> list[str]:
    """A non-empty list of non-empty texts (plan steps, options)."""
    items = sequence(value, field)
    if not items:
        raise InvalidInputError(f"{field} must not be empty")
    return [text(item, f"{field}.{i}", **kwargs) for i, item in enumerate(items)]


def number(value: Any, field: str, lo: float | None = None, hi: float | None = None) -> float:
    """A finite real number within [lo, hi] (bool is not a number here)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInputError(f"{field} must be a number, got {type(value).__name__}")
    try:
        result = float(value)
    except OverflowError:
        raise InvalidInputError(f"{field} {show(value)} is too large") from None
    if not math.isfinite(result):
        raise InvalidInputError(f"{field} must be a finite number, got {result}")
    if (lo is not None and result < lo) or (hi is not None and result > hi):
        raise InvalidInputError(f"{field} must be from {lo:g} to {hi:g}, got {show(value)}")
    return result


def integer(value: Any, field: str, lo: int | None = None, hi: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInputError(f"{field} must be an integer, got {type(value).__name__}")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        bounds = f"from {lo} to {hi}" if hi is not None else f"at least {lo}"
        raise InvalidInputError(f"{field} must be an integer {bounds}, got {show(value)}")
    return value


def optional_integer(value: Any, field: str, lo: int | None = None, hi: int | None = None):
    return None if value is None else integer(value, field, lo, hi)


def boolean(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidInputError(f"{field} must be true or false, got {type(value).__name__}")
    return value


def timestamp(value: Any, field: str) -> datetime | None:
    """A datetime, or an ISO 8601 string for one (naive means UTC); returned in UTC.

    Strings are accepted because every interface but Python hands times over as text."""
    if value is None:
        return None
    if isinstance(value, str):
        _clean(value, field)
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise InvalidInputError(
                f"{field} {show(value)} is not an ISO 8601 time (e.g. 2024-05-01T12:00:00Z)"
            ) from None
    if not isinstance(value, datetime):
        raise InvalidInputError(
            f"{field} must be a datetime or an ISO 8601 string, got {type(value).__name__}"
        )
    try:
        return as_utc(value)
    except (OverflowError, ValueError):
        raise InvalidInputError(f"{field} {show(value)} is out of range in UTC") from None


def json_object(value: Any, field: str) -> dict[str, Any]:
    """Metadata or tool arguments: a JSON object that stores and reads back unchanged."""
    if not isinstance(value, Mapping):
        raise InvalidInputError(f"{field} must be a JSON object, got {type(value).__name__}")
    json_value(value, field)
    return dict(value)


def json_value(value: Any, field: str, depth: int = 0) -> Any:
    """Only what JSON carries: objects with string keys, lists, strings (valid Unicode,
    no NUL), finite numbers, booleans and null. Sets, bytes, datetimes and NaN are refused
    (they either fail to serialize or come back as something else)."""
    if depth > MAX_JSON_DEPTH:
        raise InvalidInputError(f"{field} is nested deeper than {MAX_JSON_DEPTH} levels")
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        _clean(value, field)
    elif isinstance(value, int):
        pass
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidInputError(f"{field} is {value}, not a finite number")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise InvalidInputError(f"{field} has a key {show(key)} that is not a string")
            _clean(key, f"{field} key {show(key)}")
            json_value(item, f"{field}.{show(key, 30).strip(chr(39))}", depth + 1)
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            json_value(item, f"{field}.{i}", depth + 1)
    else:
        raise InvalidInputError(
            f"{field} is a {type(value).__name__}, which is not JSON "
            "(use objects, lists, strings, finite numbers, true/false or null)"
        )
    return value


def kinds(value: Any, field: str = "kinds") -> Iterable[str] | None:
    """Memory kinds as given (one name or a list); names are checked by ``MemoryFilter.of``."""
    if value is None:
        return None
    if isinstance(value, str):
        items = [value]
    else:
        items = list(value) if isinstance(value, set | frozenset) else sequence(value, field)
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise InvalidInputError(f"{field}.{i} must be a memory kind name")
        _clean(item, f"{field}.{i}")
    return items
