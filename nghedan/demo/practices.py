"""A demo good practice of Ba Đình, replicated by Hoàn Kiếm, made through the real
actions; a second run adds nothing."""

from django.contrib.auth import get_user_model

from nghedan.agencies.models import Agency
from nghedan.lib import clock
from nghedan.scorecards.actions import practice_adopt, practice_register
from nghedan.scorecards.models import Practice
from nghedan.scorecards.periods import add_months

SUMMARY = (
    "Mỗi sáng thứ Bảy, lãnh đạo phường và cán bộ phụ trách cùng tổ dân phố đi kiểm tra "
    "những nơi người dân phản ánh trong tuần, trả lời ngay tại chỗ những việc làm được và "
    "công khai kết quả trên bảng tin tổ dân phố. Việc nào chưa làm được thì hẹn ngày và "
    "ghi thành cam kết."
)


def load_practices() -> int:
    users = get_user_model().objects
    leader = users.get(username="lanhdao")
    if Practice.objects.filter(agency=leader.agency).exists():
        return 0
    started = add_months(clock.today().replace(day=1), -4)
    practice = practice_register(
        acting_user=leader,
        agency=leader.agency,
        title="Sáng thứ Bảy cùng dân",
        summary=SUMMARY,
        started_on=started,
        lead=users.get(username="canbo"),
    )
    hoan_kiem = Agency.objects.get(code="00070-ubnd-xa")
    other_leader = users.get(username="lanhdao.hoankiem", agency=hoan_kiem)
    practice_adopt(
        acting_user=other_leader,
        practice=practice,
        started_on=add_months(started, 2),
        note="Áp dụng tại các tổ dân phố ven hồ.",
    )
    return 1
