from django.core.management.base import BaseCommand, CommandError, CommandParser

from nghedan.areas.services import RELEASE, areas_load


class Command(BaseCommand):
    help = "Nạp tỉnh/thành phố và xã/phường/đặc khu từ danh mục kèm theo; chạy lại không đổi gì."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--province",
            action="extend",
            nargs="+",
            dest="provinces",
            metavar="CODE",
            help="chỉ nạp các tỉnh/thành phố có mã này (ví dụ 01 79) và xã/phường của chúng",
        )

    def handle(self, *args: object, provinces: list[str] | None, **options: object) -> None:
        try:
            counts = areas_load(province_codes=provinces)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Địa bàn (danh mục {RELEASE}): tạo mới {counts['created']}, "
            f"cập nhật {counts['updated']}, giữ nguyên {counts['unchanged']}."
        )
