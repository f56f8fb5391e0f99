import signal
import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from nghedan.jobs.runner import enqueue_periodic, run_pending, worker_name


class Command(BaseCommand):
    help = (
        "Chạy việc nền (nhắc hạn, chuyển cấp, thông báo…). Chạy bao nhiêu tiến trình, trên bao "
        "nhiêu máy cũng được; việc của tiến trình bị dừng giữa chừng sẽ được chạy lại."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="chạy hết việc đang chờ rồi thoát")
        parser.add_argument("--sleep", type=float, default=2.0, help="giây chờ khi hết việc")
        parser.add_argument("--no-schedule", action="store_true", help="không tạo các việc định kỳ")

    def handle(
        self, *args: Any, once: bool, sleep: float, no_schedule: bool, **options: Any
    ) -> None:
        name = worker_name()
        stopping = False

        def stop(_signum, _frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"Bắt đầu chạy việc nền ({name}).")
        while not stopping:
            # A long-lived process: drop connections the database may have closed.
            close_old_connections()
            if not no_schedule:
                enqueue_periodic()
            ran = run_pending(worker=name, limit=20)
            if once and ran == 0:
                break
            if ran == 0:
                time.sleep(sleep)
        self.stdout.write("Dừng chạy việc nền.")
