"""Personal data encrypted at rest (Fernet, AES-128-CBC + HMAC), with key rotation.

The keys are `settings.FIELD_ENCRYPTION_KEYS` (NGHEDAN_FIELD_KEYS): the first encrypts,
every one decrypts, so an old key stays readable while `nghedan keys rotate` moves each
value under the new one. Unset, the key is derived from the site secret (and its
fallbacks); the built-in secret every installation shared before it had its own is read
too, only to decrypt data written under it until it is rotated away.
"""

import base64
import hashlib
import hmac
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models, transaction
from django.db.models.functions import Cast

from nghedan.lib.secret_key import LEGACY_BUILT_IN


@lru_cache(maxsize=16)
def _fernet(key_material: str) -> Fernet:
    digest = hashlib.sha256(f"nghedan-field-encryption:{key_material}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def field_keys() -> tuple[str, ...]:
    """The key material in use: the current key first, then the old ones still read."""
    if settings.FIELD_ENCRYPTION_KEYS:
        return tuple(settings.FIELD_ENCRYPTION_KEYS)
    keys = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS, LEGACY_BUILT_IN]
    return tuple(dict.fromkeys(keys))


@lru_cache(maxsize=8)
def _keyring(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([_fernet(key) for key in keys])


def encrypt(value: str) -> str:
    return _keyring(field_keys()).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _keyring(field_keys()).decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError(
            "cannot decrypt a protected field: none of NGHEDAN_FIELD_KEYS opens it"
        ) from exc


def is_current(token: str) -> bool:
    """True when the value is encrypted under the current (first) key."""
    try:
        _fernet(field_keys()[0]).decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def new_field_key() -> str:
    """A fresh key for NGHEDAN_FIELD_KEYS: 256 random bits, no commas."""
    return secrets.token_urlsafe(32)


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


# --- rotation -----------------------------------------------------------------------


@dataclass
class FieldCount:
    """What a rotation found in one encrypted column."""

    field: str  # app_label.Model.field
    checked: int = 0  # rows with a value
    old: int = 0  # under an old key (re-encrypted under the current one when writing)
    current: int = 0  # already under the current key
    unreadable: int = 0  # no key opens it: left as it is


def encrypted_fields() -> list[tuple[type[models.Model], list[EncryptedTextField]]]:
    """Every model with encrypted columns, and those columns, in a stable order."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        fields = [
            field
            for field in model._meta.concrete_fields
            if isinstance(field, EncryptedTextField) and field.model is model
        ]
        if fields:
            found.append((model, fields))
    return sorted(found, key=lambda item: item[0]._meta.label)


def field_keys_rotate(
    *,
    batch_size: int = 500,
    write: bool = True,
    progress: Callable[[FieldCount], None] | None = None,
) -> list[FieldCount]:
    """Re-encrypt under the current key every encrypted value that is not under it yet.

    Rows go in primary-key order, one transaction (rows locked) per batch, so a run that
    stops part way has kept what it did, and running again goes on where it stopped: values
    already under the current key are only counted. `write=False` counts without writing.
    """
    counts: list[FieldCount] = []
    keyring = _keyring(field_keys())
    for model, fields in encrypted_fields():
        model_counts = {
            field.name: FieldCount(field=f"{model._meta.label}.{field.name}") for field in fields
        }
        raw = {f"_raw_{field.name}": Cast(field.name, models.TextField()) for field in fields}
        last = None
        while True:
            with transaction.atomic():
                rows = model._base_manager.order_by("pk")
                if last is not None:
                    rows = rows.filter(pk__gt=last)
                if write:
                    rows = rows.select_for_update()
                batch = list(rows.annotate(**raw).values_list("pk", *raw)[:batch_size])
                for pk, *tokens in batch:
                    plain = {}
                    for field, token in zip(fields, tokens, strict=True):
                        count = model_counts[field.name]
                        if token in (None, ""):
                            continue
                        count.checked += 1
                        if is_current(token):
                            count.current += 1
                            continue
                        try:
                            plain[field.name] = keyring.decrypt(token.encode()).decode()
                        except InvalidToken:
                            count.unreadable += 1
                            continue
                        count.old += 1
                    if plain and write:
                        # The field encrypts what it saves, under the current key.
                        model._base_manager.filter(pk=pk).update(**plain)
            if not batch:
                break
            last = batch[-1][0]
            if progress is not None:
                for count in model_counts.values():
                    progress(count)
        counts.extend(model_counts.values())
    return counts


# --- digests of secrets ---------------------------------------------------------------


def new_secret(nbytes: int = 12) -> str:
    return secrets.token_urlsafe(nbytes)


# A petition's tracking secret is copied from a phone, written on paper at a reception
# desk and read aloud over the hotline: capitals and digits without look-alikes (no 0/O,
# 1/I/L), in groups of four. 16 characters of 31 carry 79 bits.
READABLE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
READABLE_GROUP = 4


def new_readable_secret(groups: int = 4) -> str:
    """"7KQM-R2XD-93HF-PNVA": what a petitioner is given to follow their petition."""
    return "-".join(
        "".join(secrets.choice(READABLE_ALPHABET) for _ in range(READABLE_GROUP))
        for _ in range(groups)
    )


def readable_secret_key(text: str) -> str:
    """The form a readable secret is digested in: capitals (full-width ones folded),
    without the spaces, dashes and dots people type between the groups."""
    key = unicodedata.normalize("NFKC", text or "").upper()
    return "".join(ch for ch in key if ch not in " -._\t\u00a0")


def _digest(key: str, secret: str) -> str:
    return hmac.new(
        (key + ":petition-secret").encode(), secret.strip().encode(), hashlib.sha256
    ).hexdigest()


def secret_digest(secret: str) -> str:
    """Keyed digest of a high-entropy secret: enough, and fast, for lookup and comparison."""
    return _digest(settings.SECRET_KEY, secret)


def secret_matches(secret: str, digest: str) -> bool:
    """Also under the earlier site secrets, so that a petitioner's secret still opens their
    petition after the site secret changed (the secret itself is random: a digest keyed
    with a known key does not help anyone guess it)."""
    if not digest:
        return False
    keys = dict.fromkeys([settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS, LEGACY_BUILT_IN])
    return any(hmac.compare_digest(_digest(key, secret), digest) for key in keys)
