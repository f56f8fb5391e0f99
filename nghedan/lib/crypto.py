"""Personal data encrypted at rest (Fernet, AES-128-CBC + HMAC)."""

import base64
import hashlib
import hmac
import secrets
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import models


@lru_cache(maxsize=4)
def _fernet(key_material: str) -> Fernet:
    digest = hashlib.sha256(f"nghedan-field-encryption:{key_material}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _current() -> Fernet:
    return _fernet(settings.FIELD_ENCRYPTION_KEY or settings.SECRET_KEY)


def encrypt(value: str) -> str:
    return _current().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _current().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError(
            "cannot decrypt a protected field: wrong NGHEDAN_FIELD_ENCRYPTION_KEY"
        ) from exc


class EncryptedTextField(models.TextField):
    """Stores ciphertext; Python code sees plain text. Not searchable by design."""

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(value)


def new_secret(nbytes: int = 12) -> str:
    return secrets.token_urlsafe(nbytes)


def secret_digest(secret: str) -> str:
    """Keyed digest of a high-entropy secret: enough, and fast, for lookup and comparison."""
    key = (settings.SECRET_KEY + ":petition-secret").encode()
    return hmac.new(key, secret.strip().encode(), hashlib.sha256).hexdigest()


def secret_matches(secret: str, digest: str) -> bool:
    return bool(digest) and hmac.compare_digest(secret_digest(secret), digest)
