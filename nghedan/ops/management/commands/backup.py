from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nghedan.ops.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu và tệp đính kèm vào một tệp (SQLite: sao lưu trực tuyến, trang web "
        "vẫn chạy; PostgreSQL: pg_dump). Bí mật của cài đặt ghi riêng vào FILE.keys: cất ở nơi khác."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, type=Path, help="tệp sao lưu sẽ ghi")
        parser.add_argument(
            "--keys-output",
            type=Path,
            help="tệp ghi bí mật của cài đặt (mặc định: FILE.keys bên cạnh tệp sao lưu)",
        )
        parser.add_argument(
            "--no-keys", action="store_true", help="không ghi tệp bí mật (tự giữ bản sao khác)"
        )
        parser.add_argument(
            "--no-media", action="store_true", help="không sao lưu tệp đính kèm (MEDIA_ROOT)"
        )

    def handle(
        self,
        *args: Any,
        output: Path,
        keys_output: Path | None,
        no_keys: bool,
        no_media: bool,
        **options: Any,
    ) -> None:
        if keys_output is None and not no_keys:
            keys_output = output.with_name(output.name + ".keys")
        try:
            result = backup_create(
                output=output,
                keys_output=None if no_keys else keys_output,
                include_media=not no_media,
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        self.stdout.write(f"Đã sao lưu / Backed up: {result.path}")
        for item in manifest["contains"]:
            self.stdout.write(f"  - {item}")
        if manifest["media"]["included"]:
            self.stdout.write(f"  - {manifest['media']['files']} uploaded files")
        if result.keys_path:
            self.stdout.write(f"Bí mật của cài đặt / The installation's secret: {result.keys_path}")
        self.stderr.write(
            "Lưu ý: thiếu khoá thì không đọc được dữ liệu cá nhân trong bản sao lưu; cất khoá "
            "riêng, ở nơi khác.\nNote: " + manifest["keys"]["note"]
        )
