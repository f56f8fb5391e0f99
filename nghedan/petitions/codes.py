"""Public tracking codes: short, unambiguous when read aloud or typed on a phone."""

import secrets

# Crockford's base32: no I, L, O, U.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_TYPOS = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def new_tracking_code() -> str:
    body = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"ND-{body[:4]}-{body[4:]}"


def normalize_tracking_code(raw: str) -> str:
    """'nd 4f7k 92qm', 'ND-4F7K-92QM' and 'nd4f7k92qm' all name the same petition."""
    compact = "".join(ch for ch in (raw or "").upper() if ch.isalnum())
    if len(compact) == 10 and compact.startswith("ND"):
        compact = compact[2:]
    compact = compact.translate(_TYPOS)
    if len(compact) != 8:
        return (raw or "").strip().upper()
    return f"ND-{compact[:4]}-{compact[4:]}"
