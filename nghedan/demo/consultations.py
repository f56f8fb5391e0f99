"""A demo consultation of UBND Phường Ba Đình, open for comments, made through the real
actions; a second run adds nothing."""

from datetime import timedelta

from django.contrib.auth import get_user_model

from nghedan.consultations.actions.drafts import (
    consultation_create,
    consultation_publish,
    draft_import,
)
from nghedan.consultations.actions.participation import comment_add, statement_add
from nghedan.consultations.models import Consultation
from nghedan.lib import clock

TITLE = "Dự thảo Quy định đóng góp xây dựng nhà văn hoá tổ dân phố số 5, phường Ba Đình"
DRAFT = """# Chương I. Quy định chung

## Điều 1. Phạm vi

Quy định này áp dụng cho các hộ gia đình thường trú tại tổ dân phố số 5.

## Điều 2. Mức đóng góp

1. Mỗi hộ đóng góp 200.000 đồng, nộp một lần trước ngày 31/3/2027.
2. Hộ nghèo được miễn đóng góp.

# Chương II. Quản lý và công khai

## Điều 3. Công khai

Ban công tác mặt trận công khai danh sách đóng góp tại nhà văn hoá hằng tháng.
"""


def load_consultation() -> int:
    users = get_user_model().objects
    officer = users.get(username="canbo")
    if Consultation.objects.filter(title=TITLE).exists():
        return 0
    now = clock.now()
    consultation = consultation_create(
        acting_user=officer,
        title=TITLE,
        kind="budget",
        areas=[officer.agency.area],
        opens_at=now - timedelta(days=2),
        closes_at=now + timedelta(days=28),
        summary="Lấy ý kiến nhân dân về mức đóng góp và cách công khai.",
        audience="Các hộ gia đình tổ dân phố số 5",
    )
    draft_import(
        acting_user=officer, consultation=consultation, name="du-thao.md", content=DRAFT.encode()
    )
    consultation = consultation_publish(
        acting_user=users.get(username="lanhdao"), consultation=consultation
    )
    for text in (
        "Mức 200.000 đồng mỗi hộ là hợp lý.",
        "Hộ cận nghèo cũng nên được giảm một nửa.",
        "Nên kêu gọi doanh nghiệp trên địa bàn tài trợ thêm.",
    ):
        statement_add(acting_user=officer, consultation=consultation, text=text)
    comment_add(
        acting_user=users.get(username="nguoidan"),
        consultation=consultation,
        text="Đề nghị cho phép nộp làm hai lần để đỡ khó khăn cho các hộ.",
        section=consultation.sections.filter(heading__startswith="Điều 2").first(),
    )
    return 1
