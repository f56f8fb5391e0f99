import os
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

from nghedan.__main__ import NOT_MIGRATED
from nghedan.ops.server import Server, metrics_dir

DEBUG_REFUSED = (
    "NGHEDAN_DEBUG=true bị bỏ qua: máy chủ thật không bao giờ hiện trang gỡ lỗi.\n"
    "NGHEDAN_DEBUG=true is ignored: the production server never shows debug pages.\n"
)
DATABASE_UNREACHABLE = (
    "Chưa kết nối được cơ sở dữ liệu: máy chủ vẫn chạy, /health/ trả lời 503 đến khi kết nối được.\n"
    "The database cannot be reached yet: the server starts, and /health/ answers 503 until it can.\n"
)


class Command(BaseCommand):
    help = (
        "Chạy máy chủ web cho môi trường thật (gunicorn: nhiều tiến trình × nhiều luồng, tệp tĩnh "
        "qua WhiteNoise, nhật ký JSON, số đo Prometheus). Chạy `nghedan worker` bên cạnh."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            default="127.0.0.1:8000",
            help="HOST:PORT, [IPv6]:PORT hoặc unix:/đường/dẫn (mặc định 127.0.0.1:8000)",
        )
        parser.add_argument("--workers", type=int, default=2, help="số tiến trình (mặc định 2)")
        parser.add_argument(
            "--threads", type=int, default=4, help="số luồng mỗi tiến trình (mặc định 4)"
        )
        parser.add_argument(
            "--no-collectstatic",
            action="store_true",
            help="không gom tệp tĩnh khi khởi động (đã chạy `nghedan collectstatic` trước)",
        )

    def execute(self, *args: Any, **options: Any) -> Any:
        # Before anything imports prometheus_client (the system checks load the URLs): it
        # reads PROMETHEUS_MULTIPROC_DIR once, on import.
        if "prometheus_client" in sys.modules:
            raise CommandError("prometheus_client was imported before `serve` could set it up")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir(settings.VAR_DIR))
        if settings.DEBUG:
            sys.stderr.write(DEBUG_REFUSED)
            settings.DEBUG = False
        return super().execute(*args, **options)

    def handle(
        self,
        *args: Any,
        bind: str,
        workers: int,
        threads: int,
        no_collectstatic: bool,
        **options: Any,
    ) -> None:
        if workers < 1 or threads < 1:
            raise CommandError("--workers and --threads must be at least 1")
        if not no_collectstatic:
            # Hashed, compressed copies in STATIC_ROOT (only changed files are copied again).
            call_command("collectstatic", interactive=False, verbosity=0)
        pending = _pending_migrations()
        if pending is None:
            sys.stderr.write(DATABASE_UNREACHABLE)
        elif pending:
            raise CommandError(NOT_MIGRATED.strip())
        connections.close_all()
        Server(bind=bind, workers=workers, threads=threads).run()


def _pending_migrations() -> bool | None:
    """Whether migrations wait to be applied; None when the database cannot be reached."""
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    except DatabaseError:
        return None
