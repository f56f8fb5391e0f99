"""The keys of the audit log, kept outside the database.

The chain is sealed with HMAC-SHA256 under a key derived (HKDF-SHA256) from
`NGHEDAN_AUDIT_KEY`, or, where that is unset, from the secret key; each use has its own
label, so the chain key, the key of pseudonyms and every other key made from the same
secret are unrelated. Someone who can write to the database but does not hold the secret
cannot re-seal entries they changed, removed or added.

Earlier secrets (`NGHEDAN_AUDIT_KEY_FALLBACKS`, and `NGHEDAN_SECRET_KEY_FALLBACKS` while the
chain key comes from the secret key) still verify the entries sealed under them; new
entries are always sealed under the current one.
"""

import hashlib
import hmac
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

SALT = b"nghedan.audit"
CHAIN = b"audit-chain-v1"
PSEUDONYM = b"audit-pseudonym-v1"
# A dedicated key shorter than this is refused at start-up (audit/checks.py).
MIN_KEY_LENGTH = 32


@lru_cache(maxsize=16)
def _derive(material: str, label: bytes) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=SALT, info=label)
    return hkdf.derive(material.encode())


def _current_material() -> str:
    return settings.NGHEDAN_AUDIT_KEY or settings.SECRET_KEY


def _older_materials() -> list[str]:
    older = list(settings.NGHEDAN_AUDIT_KEY_FALLBACKS)
    if not settings.NGHEDAN_AUDIT_KEY:
        older += list(settings.SECRET_KEY_FALLBACKS)
    return older


def chain_key() -> bytes:
    """The key that seals new entries and the head."""
    return _derive(_current_material(), CHAIN)


def chain_keys() -> list[bytes]:
    """Every key an entry may have been sealed under, the current one first."""
    keys = [chain_key()]
    for material in _older_materials():
        key = _derive(material, CHAIN)
        if key not in keys:
            keys.append(key)
    return keys


def pseudonym(*, scope_label: str, scope_pk: object, user_pk: object) -> str:
    """A stable stand-in for a user acting on one object (a petition): the same person on
    the same petition gets the same pseudonym, on another petition another one, and
    without the key nobody can tell whose it is."""
    message = f"{scope_label}:{scope_pk}:{user_pk}".encode()
    digest = hmac.new(_derive(_current_material(), PSEUDONYM), message, hashlib.sha256)
    return f"pseudonym:{digest.hexdigest()[:24]}"
