import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand

from nghedan.jobs.runner import work, worker_name


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
        stopping = threading.Event()

        def stop(_signum, _frame):
            stopping.set()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"Bắt đầu chạy việc nền ({name}).")
        # The loop waits out the database's failures (runner.work); a signal stops it
        # after the job in hand, and cuts a wait short.
        work(
            worker=name,
            once=once,
            sleep=sleep,
            schedule=not no_schedule,
            stopping=stopping.is_set,
            pause=stopping.wait,
        )
        self.stdout.write("Dừng chạy việc nền.")
