"""Personal data is encrypted at rest; petition secrets are kept only as keyed digests."""

import pytest

from nghedan.lib.crypto import (
    decrypt,
    encrypt,
    is_current,
    new_field_key,
    new_secret,
    secret_digest,
    secret_matches,
)
from nghedan.lib.secret_key import LEGACY_BUILT_IN


def test_encrypt_then_decrypt_returns_the_text_and_hides_it_in_between():
    token = encrypt("Nguyễn Văn An")

    assert "Nguyễn" not in token
    assert decrypt(token) == "Nguyễn Văn An"


def test_encrypting_twice_gives_two_different_tokens():
    assert encrypt("0912345678") != encrypt("0912345678")


def test_decrypt_with_another_key_is_refused_with_a_clear_error(settings):
    token = encrypt("0912345678")
    settings.FIELD_ENCRYPTION_KEYS = ["a-different-key"]

    with pytest.raises(ValueError, match="NGHEDAN_FIELD_KEYS"):
        decrypt(token)


def test_the_first_key_encrypts_and_an_old_key_after_it_still_decrypts(settings):
    settings.FIELD_ENCRYPTION_KEYS = ["old-key-0123456789abcdef"]
    old_token = encrypt("Nguyễn Văn An")
    assert is_current(old_token)

    settings.FIELD_ENCRYPTION_KEYS = ["new-key-fedcba9876543210", "old-key-0123456789abcdef"]
    new_token = encrypt("Trần Thị Bình")

    assert decrypt(old_token) == "Nguyễn Văn An" and not is_current(old_token)
    assert decrypt(new_token) == "Trần Thị Bình" and is_current(new_token)
    settings.FIELD_ENCRYPTION_KEYS = ["old-key-0123456789abcdef"]
    with pytest.raises(ValueError):
        decrypt(new_token)


def test_without_field_keys_the_key_follows_the_site_secret(settings):
    settings.FIELD_ENCRYPTION_KEYS = []
    settings.SECRET_KEY = "site-secret-one-" * 4
    token = encrypt("0912345678")

    settings.SECRET_KEY = "site-secret-two-" * 4
    with pytest.raises(ValueError):
        decrypt(token)
    # An earlier secret listed as a fallback still opens what was written under it.
    settings.SECRET_KEY_FALLBACKS = ["site-secret-one-" * 4]
    assert decrypt(token) == "0912345678" and not is_current(token)


def test_data_written_under_the_old_built_in_secret_stays_readable_but_is_not_current(settings):
    """Installations that ran without a secret of their own used the built-in one: after
    the upgrade their data is still read, and `nghedan keys rotate` moves it."""
    settings.FIELD_ENCRYPTION_KEYS = []
    settings.SECRET_KEY = LEGACY_BUILT_IN
    token = encrypt("Nguyễn Văn An")

    settings.SECRET_KEY = "this-installation-has-its-own-secret-now-0123456789abc"

    assert decrypt(token) == "Nguyễn Văn An"
    assert not is_current(token)
    assert is_current(encrypt("Nguyễn Văn An"))


def test_a_new_field_key_is_long_random_and_fits_a_comma_list():
    first, second = new_field_key(), new_field_key()

    assert first != second and len(first) >= 43 and "," not in first


def test_a_secret_matches_its_digest_and_nothing_else():
    secret = new_secret()
    digest = secret_digest(secret)

    assert len(digest) == 64 and secret not in digest
    assert secret_matches(secret, digest)
    assert secret_matches(f"  {secret} ", digest)  # copied with spaces around
    assert not secret_matches(secret + "x", digest)
    assert not secret_matches(secret, "")


def test_a_secret_still_matches_its_digest_after_the_site_secret_changed(settings):
    settings.SECRET_KEY = "the-old-site-secret-" * 3
    secret = new_secret()
    digest = secret_digest(secret)

    settings.SECRET_KEY = "the-new-site-secret-" * 3
    assert not secret_matches(secret, digest)
    settings.SECRET_KEY_FALLBACKS = ["the-old-site-secret-" * 3]
    assert secret_matches(secret, digest)
    assert not secret_matches(new_secret(), digest)


def test_a_readable_secret_has_no_look_alikes_and_reads_in_groups_of_four():
    from nghedan.lib.crypto import READABLE_ALPHABET, new_readable_secret, readable_secret_key

    secret = new_readable_secret()
    groups = secret.split("-")
    assert [len(group) for group in groups] == [4, 4, 4, 4]
    assert set("".join(groups)) <= set(READABLE_ALPHABET)
    assert not set("01OIL") & set(READABLE_ALPHABET)
    assert len({new_readable_secret() for _ in range(200)}) == 200
    # Typed in lower case, without dashes, with spaces or full-width: the same key.
    key = readable_secret_key(secret)
    assert key == "".join(groups)
    assert readable_secret_key(secret.lower().replace("-", " ")) == key
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in "".join(groups))
    assert readable_secret_key(full_width) == key
