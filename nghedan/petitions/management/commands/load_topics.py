from django.core.management.base import BaseCommand, CommandError

from nghedan.petitions.reference import routing_rules_load, topics_load


class Command(BaseCommand):
    help = "Nạp danh mục lĩnh vực và quy tắc chuyển đơn mặc định (cần nạp cơ quan trước)."

    def handle(self, *args, **options):
        topics = topics_load()
        try:
            rules = routing_rules_load()
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Lĩnh vực: {topics['created']} mới, {topics['updated']} cập nhật; "
            f"quy tắc chuyển đơn: {rules['created']} mới."
        )
