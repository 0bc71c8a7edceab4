"""Tenants: each tenant's users live in their own namespace, the same for every interface.

The server scopes the user ids in its URLs by the tenant of the API key; the CLI does the same
with ``--tenant`` (or ``PERSONIFY_TENANT``), so ``personify --tenant acme profile maya`` shows
the user the dashboard shows as ``maya`` to acme's keys. Without a tenant the CLI and the
library address stored ids as they are (``acme::maya``), which no API key can reach.
"""

from __future__ import annotations

import re

from personify.errors import InvalidInputError
from personify.observe.validate import check_user_id

SEPARATOR = "::"
TENANT = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")


def check_tenant(tenant: str) -> str:
    """Tenant names never contain the separator, so no tenant can reach into another."""
    if not isinstance(tenant, str) or not TENANT.match(tenant):
        raise InvalidInputError(
            f"tenant {tenant!r} must be 1-63 lowercase letters, digits, '-' or '_'"
        )
    return tenant


def scoped(tenant: str | None, user_id: str) -> str:
    """The stored id of ``user_id`` within ``tenant`` (``user_id`` itself without one). The
    tenant's own id is checked on its own: "acme:: bob" would pass as a whole."""
    if tenant is None:
        return user_id
    return f"{check_tenant(tenant)}{SEPARATOR}{check_user_id(user_id)}"


def unscoped(tenant: str | None, stored_id: str) -> str | None:
    """The tenant's own name for a stored id, or None when the id is another tenant's."""
    if tenant is None:
        return stored_id
    prefix = f"{tenant}{SEPARATOR}"
    return stored_id[len(prefix) :] if stored_id.startswith(prefix) else None
