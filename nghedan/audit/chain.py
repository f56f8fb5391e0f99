"""The seal of each entry and of the head: HMAC-SHA256 over a canonical JSON text.

An entry's seal covers its place in the chain (its number and the seal of the entry before
it) and everything it records, so an entry cannot be edited, removed, moved or added
without the key. The head's seal covers the number of entries and the last seal, so the
newest entries cannot be cut off either. Pure functions: the model, the verifier and the
migration that sealed the earlier entries use the same ones.
"""

import hashlib
import hmac
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64


def _canonical(value: dict[str, Any]) -> bytes:
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    ).encode()


def entry_seal(
    key: bytes,
    *,
    seq: int,
    prev_hash: str,
    at: datetime,
    actor_id: int | None,
    actor_label: str,
    action: str,
    target_type: str,
    target_id: str,
    data: Any,
) -> str:
    payload = _canonical(
        {
            "seq": seq,
            "prev": prev_hash,
            "at": at.astimezone(UTC).isoformat(),
            "actor": actor_id,
            "actor_label": actor_label,
            "action": action,
            "target": [target_type, target_id],
            "data": data,
        }
    )
    return hmac.new(key, b"entry\x00" + payload, hashlib.sha256).hexdigest()


def head_seal(key: bytes, *, entries: int, last_hash: str) -> str:
    payload = _canonical({"entries": entries, "last": last_hash})
    return hmac.new(key, b"head\x00" + payload, hashlib.sha256).hexdigest()


def seal_matches(expected: str, keys: list[bytes], seal: Callable[..., str]) -> bool:
    """Whether `seal(key)` gives `expected` under any of `keys` (the current one first)."""
    return any(hmac.compare_digest(seal(key), expected) for key in keys)
