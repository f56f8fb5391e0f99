"""The restore drill: petitions filed, a backup made, more filed, the backup restored, and
the database is what it was at the backup, uploads included (SQLite's online backup, or
pg_dump / pg_restore when the suite runs on PostgreSQL). The installation's secret goes
to a separate keys file; without the keys that read its personal data, a restore is
refused before anything changes."""

import json
import secrets
import stat
import tarfile
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from nghedan.lib import crypto
from nghedan.ops.backup import KEY_VARIABLES, key_fingerprint
from nghedan.petitions.models import Petition
from nghedan.test import submit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def installation(settings, tmp_path, monkeypatch):
    """An installation whose secret lives in its own VAR_DIR (NGHEDAN_SECRET_KEY unset)
    and whose field keys derive from it."""
    for name in KEY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    settings.VAR_DIR = tmp_path / "var"
    settings.VAR_DIR.mkdir()
    secret = secrets.token_urlsafe(50)
    (settings.VAR_DIR / "secret_key").write_text(secret + "\n")
    settings.SECRET_KEY = secret
    settings.SECRET_KEY_FALLBACKS = []
    settings.FIELD_ENCRYPTION_KEYS = []
    return settings


def _database_state() -> dict[str, list]:
    """Every row of every table, in key order (encrypted columns read in the clear)."""
    state = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        columns = [field.attname for field in model._meta.concrete_fields]
        state[model._meta.label] = list(model._base_manager.order_by("pk").values_list(*columns))
    return state


def _backup(path: Path, *options: str) -> str:
    out = StringIO()
    call_command("backup", "--output", str(path), *options, stdout=out, stderr=StringIO())
    return out.getvalue()


def _restore(path: Path, *options: str) -> str:
    out = StringIO()
    call_command("restore", str(path), "--yes", *options, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_a_restore_brings_the_database_and_the_uploads_back_to_the_moment_of_the_backup(
    installation, live_world, tmp_path
):
    # Given two petitions and an uploaded file
    first = submit(live_world, user=live_world.citizen).petition
    submit(live_world)
    upload = Path(installation.MEDIA_ROOT) / "attachments" / "2026" / "scan.pdf"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"%PDF-1.4 scan")
    at_backup = _database_state()

    # When a backup is made, more petitions are filed and the upload is lost
    archive = tmp_path / "backups" / "nghedan.tar"
    _backup(archive)
    submit(live_world, title="Đèn đường hỏng ở ngõ 5")
    submit(live_world, title="Cống thoát nước tắc")
    upload.unlink()
    assert _database_state() != at_backup

    # and the backup is restored
    output = _restore(archive)

    # Then the database is as it was at the backup, the upload is back, and the
    # personal data reads in the clear
    assert _database_state() == at_backup
    assert upload.read_bytes() == b"%PDF-1.4 scan"
    assert Petition.objects.get(pk=first.pk).petitioner_name == "Nguyễn Văn An"
    assert "1 uploaded files" in output
    # and filing goes on after it (the key sequences came back too)
    later = submit(live_world, title="Cây đổ chắn đường").petition
    assert later.pk not in {row[0] for row in at_backup["petitions.Petition"]}


def test_the_backup_says_what_it_holds_and_keeps_the_secret_in_a_file_of_its_own(
    installation, live_world, tmp_path
):
    archive = tmp_path / "nghedan.tar"

    _backup(archive)

    keys_file = tmp_path / "nghedan.tar.keys"
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert stat.S_IMODE(keys_file.stat().st_mode) == 0o600
    assert json.loads(keys_file.read_text())["secret_key"] == installation.SECRET_KEY
    with tarfile.open(archive, "r:*") as opened:
        names = opened.getnames()
        manifest = json.loads(opened.extractfile("manifest.json").read())
        everything = b"".join(
            opened.extractfile(member).read() for member in opened.getmembers() if member.isfile()
        )
    assert names[0] == "manifest.json"
    assert manifest["database"]["file"] in names
    assert manifest["keys"]["keys_file"] == "nghedan.tar.keys"
    assert manifest["keys"]["field_key_fingerprints"][0] == key_fingerprint(crypto.field_keys()[0])
    assert "keep that file apart" in manifest["keys"]["note"]
    assert installation.SECRET_KEY.encode() not in everything


def test_on_a_new_machine_the_keys_file_makes_the_personal_data_readable(
    installation, live_world, tmp_path
):
    # Given a backup, and a new machine that made a secret of its own
    petition = submit(live_world).petition
    archive = tmp_path / "nghedan.tar"
    _backup(archive)
    backup_secret = installation.SECRET_KEY
    keys_file = archive.with_name("nghedan.tar.keys")
    moved_keys = tmp_path / "kept-elsewhere.keys"
    keys_file.rename(moved_keys)
    new_secret = secrets.token_urlsafe(50)
    (installation.VAR_DIR / "secret_key").write_text(new_secret + "\n")
    installation.SECRET_KEY = new_secret

    # When it restores without the keys, it is refused and the secret stays
    with pytest.raises(CommandError, match="--without-keys"):
        _restore(archive)
    assert (installation.VAR_DIR / "secret_key").read_text().strip() == new_secret

    # and with them, the secret is installed (its own kept beside it) and the data reads
    _restore(archive, "--keys", str(moved_keys))

    assert (installation.VAR_DIR / "secret_key").read_text().strip() == backup_secret
    [replaced] = installation.VAR_DIR.glob("secret_key.replaced-*")
    assert replaced.read_text().strip() == new_secret
    assert Petition.objects.get(pk=petition.pk).petitioner_name == "Nguyễn Văn An"


def test_a_restore_under_other_field_keys_is_refused_and_changes_nothing(
    installation, live_world, tmp_path
):
    submit(live_world)
    archive = tmp_path / "nghedan.tar"
    _backup(archive)
    submit(live_world, title="Đèn đường hỏng ở ngõ 5")
    before = _database_state()
    installation.FIELD_ENCRYPTION_KEYS = [crypto.new_field_key()]

    with pytest.raises(CommandError, match="encrypted under a key this installation does not"):
        _restore(archive)

    installation.FIELD_ENCRYPTION_KEYS = []
    assert _database_state() == before


def test_a_file_that_is_not_a_backup_is_refused(installation, tmp_path):
    stray = tmp_path / "notes.tar"
    with tarfile.open(stray, "w") as archive:
        archive.add(__file__, arcname="notes.py")

    with pytest.raises(CommandError, match="is not a Nghe Dân backup"):
        _restore(stray)
