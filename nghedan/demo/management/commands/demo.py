from django.conf import settings
from django.core.management.base import BaseCommand

from nghedan.demo.loader import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (địa bàn, cơ quan, tài khoản, đơn) — chạy lại không tạo trùng."

    def add_arguments(self, parser):
        parser.add_argument("--petitions", type=int, default=300, help="số đơn mẫu")

    def handle(self, *args, petitions: int, **options):
        logins = load_demo(petitions=petitions, stdout=self.stdout)
        self.stdout.write("")
        self.stdout.write(f"Tài khoản mẫu / demo logins (mật khẩu / password: {DEMO_PASSWORD})")
        for login in logins:
            self.stdout.write(f"  {login.username:<16} {login.role:<11} {login.where}")
        self.stdout.write("")
        home = settings.NGHEDAN_SITE_URL.rstrip("/")
        self.stdout.write(f"Trang chủ / home: {home}/   quản trị / admin: {home}/admin/")
