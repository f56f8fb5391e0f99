"""What the reference-data loaders share: `--province CODE…` to load some provinces only,
a clear error for a bad code, and one summary line."""

from collections.abc import Mapping

from django.core.management.base import BaseCommand, CommandError, CommandParser


class ProvinceLoadCommand(BaseCommand):
    """Loads reference data for every province, or those given with `--province`;
    running it again changes nothing. Subclasses say what `--province` limits, load, and
    summarise the counts the loader returns."""

    province_help = ""

    def load(self, *, province_codes: list[str] | None) -> Mapping[str, int]:
        raise NotImplementedError

    def summary(self, counts: Mapping[str, int]) -> str:
        raise NotImplementedError

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--province",
            action="extend",
            nargs="+",
            dest="provinces",
            metavar="CODE",
            help=self.province_help,
        )

    def handle(self, *args: object, provinces: list[str] | None, **options: object) -> None:
        try:
            counts = self.load(province_codes=provinces)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.summary(counts))
