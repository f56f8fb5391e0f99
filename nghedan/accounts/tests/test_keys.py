"""`nghedan keys rotate`: personal data written under an old key is read after the key
changed, and rotation moves every value under the new key, in batches, resumably."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import TextField
from django.db.models.functions import Cast

from nghedan.audit.models import AuditEntry
from nghedan.lib.crypto import encrypted_fields, field_keys_rotate, is_current
from nghedan.lib.secret_key import LEGACY_BUILT_IN
from nghedan.petitions.actions import PetitionerInfo
from nghedan.petitions.models import Petition
from nghedan.test import submit

OLD = "old-field-key-0123456789abcdefghijklmnop"
NEW = "new-field-key-ponmlkjihgfedcba9876543210"


def stored_values() -> list[str]:
    """Every encrypted value as it lies in the database."""
    values = []
    for model, fields in encrypted_fields():
        raw = {f"raw_{f.name}": Cast(f.name, TextField()) for f in fields}
        for row in model._base_manager.annotate(**raw).values_list(*raw):
            values.extend(value for value in row if value)
    return values


def file_three(world) -> list[int]:
    people = [
        PetitionerInfo(name="Nguyễn Văn An", phone="0912345678"),
        PetitionerInfo(name="Trần Thị Bình", phone="0987654321"),
        PetitionerInfo(name="Lê Văn Cường", phone="0901234567"),
    ]
    return [submit(world, petitioner=person).petition.pk for person in people]


def rotate_json(*args: str) -> dict:
    out = StringIO()
    call_command("keys", "rotate", "--json", *args, stdout=out)
    return {row.pop("field"): row for row in json.loads(out.getvalue())}


@pytest.fixture
def under_old_key(world, settings):
    settings.FIELD_ENCRYPTION_KEYS = [OLD]
    ids = file_three(world)
    settings.FIELD_ENCRYPTION_KEYS = [NEW, OLD]
    return ids


def test_data_under_the_old_key_is_read_then_rotated_and_no_value_is_left_under_it(
    under_old_key, settings
):
    # Given three petitions written under the old key, the new key now first
    assert len(stored_values()) == 6 and not any(is_current(v) for v in stored_values())
    assert Petition.objects.get(pk=under_old_key[1]).petitioner_name == "Trần Thị Bình"

    # When the keys are rotated, in batches of two rows
    counts = rotate_json("--batch-size", "2")

    # Then each value was re-encrypted once, and all read back under the new key alone
    assert counts["petitions.Petition.petitioner_name"] == {
        "checked": 3,
        "old": 3,
        "current": 0,
        "unreadable": 0,
    }
    assert counts["petitions.Petition.petitioner_phone"]["old"] == 3
    assert counts["petitions.Petition.petitioner_email"]["checked"] == 0
    assert counts["reception.Booking.name"]["checked"] == 0
    settings.FIELD_ENCRYPTION_KEYS = [NEW]
    names = [Petition.objects.get(pk=pk).petitioner_name for pk in under_old_key]
    assert names == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
    assert Petition.objects.get(pk=under_old_key[2]).petitioner_phone == "0901234567"
    # And no stored value opens with the old key any more
    settings.FIELD_ENCRYPTION_KEYS = [OLD]
    assert len(stored_values()) == 6
    assert not any(is_current(value) for value in stored_values())


def test_rotating_again_changes_nothing_and_says_so(under_old_key):
    rotate_json()
    before = stored_values()

    counts = rotate_json()

    assert counts["petitions.Petition.petitioner_name"] == {
        "checked": 3,
        "old": 0,
        "current": 3,
        "unreadable": 0,
    }
    assert stored_values() == before


def test_a_rotation_stopped_part_way_keeps_its_batches_and_the_next_run_finishes(
    under_old_key, settings
):
    class Stopped(Exception):
        pass

    def stop_after_first_batch(count):
        raise Stopped

    with pytest.raises(Stopped):
        field_keys_rotate(batch_size=2, progress=stop_after_first_batch)
    assert sum(is_current(value) for value in stored_values()) == 4  # 2 rows × name, phone

    counts = {count.field: count for count in field_keys_rotate(batch_size=2)}

    assert (
        counts["petitions.Petition.petitioner_name"].old,
        counts["petitions.Petition.petitioner_name"].current,
    ) == (1, 2)
    assert all(is_current(value) for value in stored_values())


def test_the_rotation_prints_counts_and_is_audited(under_old_key):
    out = StringIO()

    call_command("keys", "rotate", stdout=out)

    text = out.getvalue()
    assert "petitions.Petition.petitioner_name: 3 giá trị / values; 3 mã hoá lại / rotated" in text
    assert "Tổng / total: 6 mã hoá lại / rotated; 0 đã dùng khoá hiện hành" in text
    entry = AuditEntry.objects.get(action="field_keys.rotated")
    assert entry.data["petitions.Petition.petitioner_phone"]["old"] == 3


def test_status_counts_without_writing(under_old_key):
    before = stored_values()
    out = StringIO()

    call_command("keys", "status", "--json", stdout=out)

    rows = {row["field"]: row for row in json.loads(out.getvalue())}
    assert rows["petitions.Petition.petitioner_name"]["old"] == 3
    assert stored_values() == before
    assert not AuditEntry.objects.filter(action="field_keys.rotated").exists()


def test_a_value_no_key_opens_is_left_alone_and_reported(under_old_key, settings):
    settings.FIELD_ENCRYPTION_KEYS = [NEW]  # the old key forgotten too early
    before = stored_values()

    with pytest.raises(CommandError, match="NGHEDAN_FIELD_KEYS"):
        call_command("keys", "rotate", stdout=StringIO())

    assert stored_values() == before


def test_data_under_the_old_built_in_secret_is_moved_under_the_installation_key(world, settings):
    # Given an installation that ran on the secret built into the source
    settings.FIELD_ENCRYPTION_KEYS = []
    settings.SECRET_KEY = LEGACY_BUILT_IN
    ids = file_three(world)
    # When it starts with a secret of its own and rotates
    settings.SECRET_KEY = "this-installation-has-its-own-secret-now-0123456789abc"
    rotate_json()
    # Then nothing is left that the public source could decrypt
    assert Petition.objects.get(pk=ids[0]).petitioner_name == "Nguyễn Văn An"
    settings.FIELD_ENCRYPTION_KEYS = [LEGACY_BUILT_IN]
    assert not any(is_current(value) for value in stored_values())


def test_new_prints_a_fresh_key():
    first, second = StringIO(), StringIO()

    call_command("keys", "new", stdout=first)
    call_command("keys", "new", stdout=second)

    assert first.getvalue() != second.getvalue() and len(first.getvalue().strip()) >= 43
