from django.core.management.base import BaseCommand, CommandError, CommandParser

from nghedan.agencies.services import agencies_load


class Command(BaseCommand):
    help = "Tạo UBND, sở, thanh tra, công an cho mỗi tỉnh và xã đã nạp; chạy lại không đổi gì."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--province",
            action="extend",
            nargs="+",
            dest="provinces",
            metavar="CODE",
            help="chỉ tạo cho các tỉnh/thành phố có mã này (ví dụ 01 79) và xã/phường của chúng",
        )

    def handle(self, *args: object, provinces: list[str] | None, **options: object) -> None:
        try:
            counts = agencies_load(province_codes=provinces)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Loại cơ quan: tạo mới {counts['types_created']}, cập nhật {counts['types_updated']}; "
            f"cơ quan: tạo mới {counts['created']}, cập nhật {counts['updated']}, "
            f"giữ nguyên {counts['unchanged']}."
        )
