import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from nghedan.ops.backup import (
    BackupError,
    backup_manifest,
    backup_restore,
    keys_after_restore,
    missing_keys,
    read_keys_file,
)


class Command(BaseCommand):
    help = (
        "Khôi phục cơ sở dữ liệu (và tệp đính kèm, bí mật của cài đặt) từ một bản sao lưu của "
        "`nghedan backup`. Dừng `nghedan serve` và `nghedan worker` trước."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="tệp sao lưu")
        parser.add_argument(
            "--keys", type=Path, help="tệp bí mật (mặc định: FILE.keys nếu có bên cạnh)"
        )
        parser.add_argument("--yes", action="store_true", help="không hỏi lại")
        parser.add_argument("--no-media", action="store_true", help="không khôi phục tệp đính kèm")
        parser.add_argument(
            "--without-keys",
            action="store_true",
            help="khôi phục cả khi khoá hiện có không đọc được dữ liệu cá nhân của bản sao lưu",
        )

    def handle(
        self,
        *args: Any,
        file: Path,
        keys: Path | None,
        yes: bool,
        no_media: bool,
        without_keys: bool,
        **options: Any,
    ) -> None:
        try:
            manifest = backup_manifest(file)
            if keys is None and file.with_name(file.name + ".keys").exists():
                keys = file.with_name(file.name + ".keys")
            keys_document = read_keys_file(keys) if keys else None
            missing = missing_keys(manifest, keys_document)
            new_secret, _keys = keys_after_restore(keys_document)
        except BackupError as error:
            raise CommandError(str(error)) from error
        database = settings.DATABASES["default"]
        self.stdout.write(
            f"Bản sao lưu lúc / Backup made at {manifest['created_at']} "
            f"({manifest['database']['engine']}, {manifest['media']['files']} uploaded files)."
        )
        self.stdout.write(
            f"Sẽ thay toàn bộ / Will replace the whole database {database['NAME']}"
            + (f" and files under {settings.MEDIA_ROOT}" if not no_media else "")
            + (f", and the secret in VAR_DIR with the one in {keys}" if new_secret else "")
            + "."
        )
        if missing:
            self.stderr.write(
                "Cảnh báo: thiếu khoá có dấu vân tay / Warning: keys missing, fingerprints "
                + ", ".join(missing)
            )
        if not yes:
            if not sys.stdin.isatty():
                raise CommandError("add --yes to restore without a question")
            answer = input("Gõ yes để tiếp tục / Type yes to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Không khôi phục / Nothing restored.")
        try:
            result = backup_restore(
                archive_path=file,
                keys=keys_document,
                include_media=not no_media,
                without_keys=without_keys,
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Đã khôi phục / Restored: the database as at {manifest['created_at']}"
            + (f", {result.media_files} uploaded files" if result.media_files else "")
            + (", the installation's secret" if result.secret_installed else "")
            + "."
        )
        if result.unreadable:
            self.stderr.write(
                "Không đọc được dữ liệu cá nhân / Personal data unreadable under the keys in use: "
                + ", ".join(f"{name} ({count})" for name, count in result.unreadable.items())
            )
        if result.pending_migrations:
            self.stdout.write(
                "Bản sao lưu cũ hơn mã nguồn: chạy `nghedan migrate`.\n"
                "The backup is older than the code: run `nghedan migrate`."
            )
        self.stdout.write(
            "Khởi động lại `nghedan serve` và `nghedan worker`.\n"
            "Restart `nghedan serve` and `nghedan worker`."
        )
