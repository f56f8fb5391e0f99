"""The installation's own secret when NGHEDAN_SECRET_KEY is not set.

A built-in default would be the same for every installation, and everything keyed by it
(signed links, the key of the personal data encrypted at rest) could be reproduced from
the public source. Instead the first start writes a random secret to the var directory,
readable by the owner only, and every later start (and every worker beside it) reads it.
Installations that run on several machines set NGHEDAN_SECRET_KEY to one shared value.
"""

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

FILE_NAME = "secret_key"
# What every installation used before it had its own secret. Never a key for signing;
# only read to decrypt data written under it until `nghedan keys rotate` moves it.
LEGACY_BUILT_IN = "insecure-embedded-default-change-me-in-production"


def installation_secret(var_dir: Path) -> str:
    """The secret kept in `var_dir/secret_key`, made on first use (mode 0600)."""
    path = var_dir / FILE_NAME
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    except OSError as error:
        raise _unusable(path, error) from error
    secret = secrets.token_urlsafe(50)
    try:
        var_dir.mkdir(parents=True, exist_ok=True)
        # Written whole to a private temporary file, then linked into place: two processes
        # starting together (server and worker) both end up with the one that won.
        temporary = var_dir / f".{FILE_NAME}.{os.getpid()}.{secrets.token_hex(4)}"
        _write_new(temporary, secret)
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links: create it in place
            try:
                _write_new(path, secret)
            except FileExistsError:
                pass
        finally:
            temporary.unlink()
        return _read(path)
    except OSError as error:
        raise _unusable(path, error) from error


def _write_new(path: Path, secret: str) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secret + "\n")


def _unusable(path: Path, error: OSError) -> ImproperlyConfigured:
    return ImproperlyConfigured(
        f"NGHEDAN_SECRET_KEY is not set and {path} cannot be read or written "
        f"({error.strerror}): set NGHEDAN_SECRET_KEY to a long random value or make "
        "NGHEDAN_VAR_DIR writable."
    )


def _read(path: Path) -> str:
    value = path.read_text(encoding="utf-8").strip()
    if len(value) < 50:
        raise ImproperlyConfigured(
            f"{path} holds no usable secret (shorter than 50 characters): delete it to make "
            "a new one only if nothing was ever encrypted or signed with it."
        )
    return value
