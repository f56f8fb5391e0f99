"""Backups and restores of the database, the uploaded files, and apart from them the key
material that reads the personal data encrypted in them.

A backup is one tar file: `manifest.json` (what it holds, when, under which keys), the
database (`database.sqlite3` made with SQLite's online backup API, so the site may keep
running; or `database.pgdump`, pg_dump's custom format) and the uploads (`media/`).

The keys never go into that file: whoever holds a copy of the database must not also hold
what decrypts the names, phones and addresses in it, nor what seals the audit log. When
the installation's secret is the one made in VAR_DIR (NGHEDAN_SECRET_KEY unset), the
backup writes it to a second file, FILE.keys (readable by its owner only), to be kept
somewhere else. Keys set in the environment are the operator's to keep; the manifest
names them and records each field key's fingerprint, and a restore refuses to proceed
when the keys it would run with cannot read the backup's personal data.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import override_settings

from nghedan.lib import clock, crypto
from nghedan.lib.secret_key import FILE_NAME as SECRET_FILE_NAME

FORMAT = "nghedan-backup/1"
KEYS_FORMAT = "nghedan-keys/1"
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
KEY_VARIABLES = (
    "NGHEDAN_SECRET_KEY",
    "NGHEDAN_SECRET_KEY_FALLBACKS",
    "NGHEDAN_FIELD_KEYS",
    "NGHEDAN_FIELD_ENCRYPTION_KEY",
    "NGHEDAN_AUDIT_KEY",
    "NGHEDAN_AUDIT_KEY_FALLBACKS",
)
# Values read back from each encrypted column after a restore, to prove the keys work.
SAMPLE_PER_COLUMN = 20

PG_CLIENT_MISSING = (
    "Không tìm thấy {program}: hãy cài gói postgresql-client của Debian "
    "(apt-get install postgresql-client), cùng phiên bản chính với máy chủ PostgreSQL.\n"
    "{program} was not found: install Debian's postgresql-client package "
    "(apt-get install postgresql-client), of the PostgreSQL server's major version."
)
KEYS_MISMATCH = (
    "Dữ liệu cá nhân trong bản sao lưu được mã hoá bằng khoá mà cài đặt này không có "
    "(dấu vân tay {fingerprint}): sau khi khôi phục, họ tên, số điện thoại, địa chỉ sẽ không "
    "đọc được. Hãy đưa tệp khoá (--keys) hoặc đặt NGHEDAN_FIELD_KEYS / NGHEDAN_SECRET_KEY như "
    "lúc sao lưu; --without-keys để vẫn khôi phục.\n"
    "The personal data in this backup is encrypted under a key this installation does not "
    "have (fingerprint {fingerprint}): once restored, names, phones and addresses would be "
    "unreadable. Give the keys file (--keys) or set NGHEDAN_FIELD_KEYS / NGHEDAN_SECRET_KEY "
    "as they were when it was made; --without-keys restores anyway."
)


class BackupError(Exception):
    """A backup or restore that cannot be made; the message says why, in both languages
    where a person has something to do."""


@dataclass
class BackupResult:
    path: Path
    keys_path: Path | None
    manifest: dict[str, Any]


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    secret_installed: bool
    media_files: int
    unreadable: dict[str, int] = field(default_factory=dict)  # column → values no key opens
    pending_migrations: bool = False


def key_fingerprint(key: str) -> str:
    """A short, one-way name for a key: equal keys have equal fingerprints."""
    return hashlib.sha256(f"nghedan-key-fingerprint:{key}".encode()).hexdigest()[:16]


def _vendor() -> str:
    vendor = connections[DEFAULT_DB_ALIAS].vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


def _secret_file() -> Path:
    return Path(settings.VAR_DIR) / SECRET_FILE_NAME


def _secret_from_environment() -> bool:
    return bool(os.environ.get("NGHEDAN_SECRET_KEY"))


# --- making a backup -------------------------------------------------------------


def backup_create(*, output: Path, keys_output: Path | None, include_media: bool) -> BackupResult:
    """Writes the backup to `output` and, when the secret lives in VAR_DIR, the keys to
    `keys_output` (None: not written). Both files are readable by their owner only."""
    vendor = _vendor()
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".nghedan-backup-") as work:
        database_copy = Path(work) / DATABASE_FILES[vendor]
        if vendor == "sqlite":
            _sqlite_copy(str(connections[DEFAULT_DB_ALIAS].settings_dict["NAME"]), database_copy)
        else:
            _pg_dump(database_copy)
        media_root = Path(settings.MEDIA_ROOT)
        media_files = (
            sorted(
                path
                for path in media_root.rglob("*")
                # not the backup being written, should it be made inside MEDIA_ROOT
                if path.is_file() and Path(work) not in path.parents and path != output
            )
            if include_media and media_root.is_dir()
            else []
        )
        writes_keys = keys_output is not None and not _secret_from_environment()
        manifest = _manifest(
            vendor=vendor,
            media_included=include_media,
            media_files=len(media_files),
            keys_file=keys_output.name if writes_keys and keys_output else None,
        )
        partial = Path(work) / "backup.tar"
        compression = "w:gz" if vendor == "sqlite" else "w"
        with tarfile.open(partial, compression) as archive:  # type: ignore[call-overload]
            _add_bytes(archive, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
            archive.add(database_copy, arcname=database_copy.name)
            for path in media_files:
                archive.add(path, arcname=f"{MEDIA}/{path.relative_to(media_root).as_posix()}")
        os.chmod(partial, 0o600)
        os.replace(partial, output)
    keys_path = None
    if writes_keys and keys_output is not None:
        keys_path = keys_output.resolve()
        _write_private(keys_path, json.dumps(_keys_document(), indent=2) + "\n")
    return BackupResult(output, keys_path, manifest)


def _manifest(
    *, vendor: str, media_included: bool, media_files: int, keys_file: str | None
) -> dict[str, Any]:
    from_environment = [name for name in KEY_VARIABLES if os.environ.get(name)]
    if keys_file:
        keys_note = (
            f"The installation's secret (VAR_DIR/{SECRET_FILE_NAME}) is in {keys_file}, "
            "not here: keep that file apart from this one. Without it the personal data "
            "in this backup cannot be read."
        )
    elif _secret_from_environment() or settings.FIELD_ENCRYPTION_KEYS:
        keys_note = (
            "The keys come from the environment and are not in any backup file: keep "
            f"{', '.join(from_environment)} with whoever keeps this backup, apart from it. "
            "Without them the personal data in this backup cannot be read."
        )
    else:
        keys_note = (
            f"No key is saved: the installation's secret (VAR_DIR/{SECRET_FILE_NAME}) must be "
            "kept apart. Without it the personal data in this backup cannot be read."
        )
    recorder = MigrationRecorder(connections[DEFAULT_DB_ALIAS])
    applied = recorder.applied_migrations()
    return {
        "format": FORMAT,
        "created_at": clock.now().isoformat(timespec="seconds"),
        "database": {"engine": vendor, "file": DATABASE_FILES[vendor]},
        "media": {"included": media_included, "files": media_files},
        "migrations_applied": len(applied),
        "contains": [
            "the whole database: petitions and personal data (names, phones, addresses "
            "encrypted at rest), accounts, the audit log, jobs",
            *(["uploaded attachments (media/)"] if media_included else []),
        ],
        "keys": {
            "field_key_fingerprints": [key_fingerprint(key) for key in crypto.field_keys()],
            "from_environment": from_environment,
            "keys_file": keys_file,
            "note": keys_note,
        },
    }


def _keys_document() -> dict[str, Any]:
    return {
        "format": KEYS_FORMAT,
        "created_at": clock.now().isoformat(timespec="seconds"),
        "secret_key": _secret_file().read_text(encoding="utf-8").strip(),
        "note": (
            f"The secret of VAR_DIR/{SECRET_FILE_NAME}: it signs sessions and links and, unless "
            "NGHEDAN_FIELD_KEYS and NGHEDAN_AUDIT_KEY are set, is the source of the key of the "
            "personal data and of the audit seals. Keep it apart from the database backups."
        ),
    }


def _add_bytes(archive: tarfile.TarFile, name: str, text: str) -> None:
    import io

    data = text.encode()
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    info.mtime = int(clock.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(partial, path)


def _sqlite_copy(source: str, target: Path | str) -> None:
    """Page by page under one read transaction (SQLite's online backup): a consistent copy
    while other processes go on reading and writing."""
    source_db = sqlite3.connect(source, timeout=30)
    target_db = sqlite3.connect(str(target), timeout=30)
    try:
        source_db.backup(target_db)
    finally:
        target_db.close()
        source_db.close()


@contextmanager
def _pg_connection() -> Iterator[tuple[list[str], dict[str, str]]]:
    """Connection arguments and environment for pg_dump and pg_restore (the password in
    the environment, never on the command line)."""
    database = connections[DEFAULT_DB_ALIAS].settings_dict
    arguments = []
    if database.get("HOST"):
        arguments += ["--host", str(database["HOST"])]
    if database.get("PORT"):
        arguments += ["--port", str(database["PORT"])]
    if database.get("USER"):
        arguments += ["--username", str(database["USER"])]
    environment = dict(os.environ)
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = str(database["PASSWORD"])
    sslmode = (database.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        environment["PGSSLMODE"] = str(sslmode)
    yield [*arguments, "--no-password", "--dbname", str(database["NAME"])], environment


def _pg_program(name: str) -> str:
    program = shutil.which(name)
    if program is None:
        raise BackupError(PG_CLIENT_MISSING.format(program=name))
    return program


def _pg_run(command: list[str], environment: dict[str, str]) -> None:
    finished = subprocess.run(command, env=environment, capture_output=True, text=True)
    if finished.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {finished.stderr.strip()[-2000:]}")


def _pg_dump(target: Path) -> None:
    program = _pg_program("pg_dump")
    with _pg_connection() as (arguments, environment):
        _pg_run([program, "--format=custom", "--file", str(target), *arguments], environment)


# --- restoring ---------------------------------------------------------------------


def backup_manifest(archive_path: Path) -> dict[str, Any]:
    """What a backup file says it holds; BackupError when it is not a Nghe Dân backup."""
    try:
        with tarfile.open(archive_path, "r:*") as archive:
            member = archive.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest = json.loads(member.read().decode())
    except (OSError, KeyError, tarfile.TarError, ValueError) as error:
        raise BackupError(f"{archive_path} is not a Nghe Dân backup ({error})") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive_path}: unknown backup format {manifest.get('format')!r}")
    database, keys, media = (manifest.get(name) for name in ("database", "keys", "media"))
    if not (
        isinstance(database, dict)
        and isinstance(keys, dict)
        and keys.get("field_key_fingerprints")
        and isinstance(media, dict)
        and {"included", "files"} <= set(media)
    ):
        raise BackupError(f"{archive_path}: its manifest is incomplete")
    return manifest


def read_keys_file(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"{path} is not a keys file ({error})") from error
    if document.get("format") != KEYS_FORMAT or not document.get("secret_key"):
        raise BackupError(f"{path} is not a Nghe Dân keys file")
    return document


def keys_after_restore(keys: dict[str, Any] | None) -> tuple[str | None, tuple[str, ...]]:
    """The secret the restore would install (None: the current one stays) and the field
    keys the installation would then read with."""
    secret = None
    if keys is not None and not _secret_from_environment():
        secret = str(keys["secret_key"])
    if secret is None or secret == settings.SECRET_KEY:
        return None, crypto.field_keys()
    with override_settings(SECRET_KEY=secret):
        return secret, crypto.field_keys()


def missing_keys(manifest: dict[str, Any], keys: dict[str, Any] | None) -> list[str]:
    """Fingerprints of the backup's field keys that the installation would not have, the
    current (encrypting) one first."""
    _secret, field_keys = keys_after_restore(keys)
    available = {key_fingerprint(key) for key in field_keys}
    return [
        fingerprint
        for fingerprint in manifest["keys"]["field_key_fingerprints"]
        if fingerprint not in available
    ]


def backup_restore(
    *,
    archive_path: Path,
    keys: dict[str, Any] | None,
    include_media: bool,
    without_keys: bool = False,
) -> RestoreResult:
    """Replaces the database (and the uploads, and the secret in VAR_DIR when `keys` holds
    one) with the backup's. Stop the servers and workers first: they keep the old secret
    in memory, and PostgreSQL's restore waits for their locks."""
    manifest = backup_manifest(archive_path)
    vendor = _vendor()
    if manifest["database"] != {"engine": vendor, "file": DATABASE_FILES[vendor]}:
        raise BackupError(
            f"this backup is of a {manifest['database'].get('engine')} database; "
            f"this installation runs on {vendor}"
        )
    missing = missing_keys(manifest, keys)
    current_key = manifest["keys"]["field_key_fingerprints"][0]
    if current_key in missing and not without_keys:
        raise BackupError(KEYS_MISMATCH.format(fingerprint=current_key))
    secret, _field_keys = keys_after_restore(keys)
    media_files = 0
    with tempfile.TemporaryDirectory(prefix=".nghedan-restore-") as work:
        with tarfile.open(archive_path, "r:*") as archive:
            archive.extract(manifest["database"]["file"], work, filter="data")
            database_copy = Path(work) / manifest["database"]["file"]
            connections.close_all()
            if vendor == "sqlite":
                _sqlite_copy(
                    str(database_copy), connections[DEFAULT_DB_ALIAS].settings_dict["NAME"]
                )
            else:
                _pg_restore(database_copy)
            if include_media and manifest["media"]["included"]:
                media_files = _restore_media(archive)
    if secret is not None:
        _install_secret(secret)
        settings.SECRET_KEY = secret
    # A backup older than the code: its tables are read after `nghedan migrate`.
    pending = _pending_migrations()
    return RestoreResult(
        manifest=manifest,
        secret_installed=secret is not None,
        media_files=media_files,
        unreadable={} if pending else _unreadable_sample(),
        pending_migrations=pending,
    )


def _pg_restore(dump: Path) -> None:
    """In one transaction: a restore that fails part-way changes nothing."""
    program = _pg_program("pg_restore")
    with _pg_connection() as (arguments, environment):
        _pg_run(
            [
                program,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                *arguments,
                str(dump),
            ],
            environment,
        )


def _restore_media(archive: tarfile.TarFile) -> int:
    media_root = Path(settings.MEDIA_ROOT)
    members = [
        member
        for member in archive.getmembers()
        if member.isfile() and member.name.startswith(f"{MEDIA}/")
    ]
    with tempfile.TemporaryDirectory(prefix=".nghedan-media-") as work:
        # filter="data" refuses absolute paths, links out of the folder and devices.
        archive.extractall(work, members=members, filter="data")
        for member in members:
            relative = Path(member.name).relative_to(MEDIA)
            target = media_root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(Path(work) / member.name, target)
    return len(members)


def _install_secret(secret: str) -> None:
    """The backup's secret in VAR_DIR; the one it replaces is kept beside it."""
    path = _secret_file()
    if path.exists() and path.read_text(encoding="utf-8").strip() != secret:
        stamp = clock.now().strftime("%Y%m%dT%H%M%SZ")
        os.replace(path, path.with_name(f"{SECRET_FILE_NAME}.replaced-{stamp}"))
    _write_private(path, secret + "\n")


def _unreadable_sample() -> dict[str, int]:
    """Encrypted columns whose first values no key opens, with how many of the sample."""
    found: dict[str, int] = {}
    for model, fields in crypto.encrypted_fields():
        for column in fields:
            rows = (
                model._default_manager.exclude(**{f"{column.name}__isnull": True})
                .exclude(**{column.name: ""})
                .order_by("pk")
            )
            unreadable = 0
            for pk in rows.values_list("pk", flat=True)[:SAMPLE_PER_COLUMN]:
                try:
                    rows.filter(pk=pk).values_list(column.name, flat=True).get()
                except ValueError:
                    unreadable += 1
            if unreadable:
                found[f"{model._meta.label}.{column.name}"] = unreadable
    return found


def _pending_migrations() -> bool:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
