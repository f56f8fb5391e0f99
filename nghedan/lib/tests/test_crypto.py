"""Personal data is encrypted at rest; petition secrets are kept only as keyed digests."""

import pytest

from nghedan.lib.crypto import decrypt, encrypt, new_secret, secret_digest, secret_matches


def test_encrypt_then_decrypt_returns_the_text_and_hides_it_in_between():
    token = encrypt("Nguyễn Văn An")

    assert "Nguyễn" not in token
    assert decrypt(token) == "Nguyễn Văn An"


def test_encrypting_twice_gives_two_different_tokens():
    assert encrypt("0912345678") != encrypt("0912345678")


def test_decrypt_with_another_key_is_refused_with_a_clear_error(settings):
    token = encrypt("0912345678")
    settings.FIELD_ENCRYPTION_KEY = "a-different-key"

    with pytest.raises(ValueError, match="NGHEDAN_FIELD_ENCRYPTION_KEY"):
        decrypt(token)


def test_a_secret_matches_its_digest_and_nothing_else():
    secret = new_secret()
    digest = secret_digest(secret)

    assert len(digest) == 64 and secret not in digest
    assert secret_matches(secret, digest)
    assert secret_matches(f"  {secret} ", digest)  # copied with spaces around
    assert not secret_matches(secret + "x", digest)
    assert not secret_matches(secret, "")
