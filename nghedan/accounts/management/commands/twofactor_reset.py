"""`nghedan twofactor_reset USERNAME`: remove a person's authenticator when they lost their
phone. An administrator then sets up a new one at the next sign-in; an officer signs in
with the password alone until they turn the second step on again. Recorded in the audit
log."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from nghedan.accounts.actions import second_factor_reset
from nghedan.accounts.models import User


class Command(BaseCommand):
    help = "Xoá ứng dụng xác thực hai bước của một tài khoản (khi mất điện thoại)."

    def add_arguments(self, parser):
        parser.add_argument("username", help="Tên đăng nhập")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có tài khoản “{username}”.")
        removed = second_factor_reset(acting_user=None, user=user)
        if removed:
            self.stdout.write(f"Đã xoá ứng dụng xác thực của “{username}”.")
        else:
            self.stdout.write(f"Tài khoản “{username}” chưa cài ứng dụng xác thực.")
