"""`nghedan open311_key NAME [--rotate]`: issue the api_key of an Open311 client application.

The key is printed once, alone on stdout (so a script can capture it); only its digest
is stored.
"""

from django.core.management.base import BaseCommand, CommandError

from nghedan.api.services import ApiClientError, api_client_issue


class Command(BaseCommand):
    help = "Tạo ứng dụng Open311 (hoặc đổi khoá với --rotate) và in khoá api_key một lần."

    def add_arguments(self, parser):
        parser.add_argument("name", help="Tên ứng dụng")
        parser.add_argument(
            "--rotate",
            action="store_true",
            help="Cấp khoá mới cho ứng dụng đã có; khoá cũ hết hiệu lực ngay.",
        )

    def handle(self, *args, name: str, rotate: bool, **options):
        try:
            client, key = api_client_issue(name=name, rotate=rotate)
        except ApiClientError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(key)
        self.stderr.write(
            f"Khoá api_key của “{client.name}” chỉ hiện một lần: "
            "hãy giữ bí mật và lưu ở nơi an toàn."
        )
