"""What people read for the words an alert stores: the names of its numbers (the
evidence a detector found) and of the steps in its history. The detectors and actions
keep short code words in the database; every page shows these labels instead, in
Vietnamese or English. A test reads the detectors and actions and fails on a word
without a label here."""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

EVIDENCE_LABELS = {
    # many people on one issue
    "people": _("Số người phản ánh"),
    "petitions": _("Số đơn"),
    "threshold": _("Ngưỡng cảnh báo"),
    # skipping levels
    "repeated_people": _("Người gửi lặp lại"),
    "window_days": _("Khoảng thời gian xét (ngày)"),
    # prolonged and repeated: the reasons a petition counts
    "appeal": _("Đơn khiếu nại tiếp"),
    "reopen": _("Đơn phải mở lại"),
    "long_overdue": _("Đơn quá hạn lâu"),
    "returning": _("Người dân quay lại cùng việc"),
    "overdue_days": _("Tính là quá hạn lâu sau (ngày)"),
    # surge: the space-time scan
    "observed": _("Số đơn thực tế"),
    "expected": _("Số đơn dự kiến"),
    "relative_risk": _("Gấp bao nhiêu lần dự kiến"),
    "llr": _("Tỷ số hợp lý (log)"),
    "p_value": _("Giá trị p"),
    "from": _("Từ ngày"),
    "to": _("Đến ngày"),
    "communes": _("Xã, phường"),
    "method": _("Phương pháp"),
    "simulations": _("Số lần mô phỏng"),
    # public sentiment
    "recent": _("Đơn gần đây"),
    "recent_heated": _("Đơn bức xúc hoặc khẩn cấp"),
    "recent_share": _("Tỷ lệ gần đây"),
    "baseline_share": _("Tỷ lệ thường ngày"),
    "days": _("Số ngày gần đây"),
    # press and social media
    "stories": _("Số bài báo, bài đăng"),
    "urgent": _("Bài khẩn cấp"),
    "negative": _("Bài tiêu cực"),
}

METHOD_LABELS = {
    "space-time permutation scan (Kulldorff 2005)": _(
        "Quét hoán vị không gian – thời gian (Kulldorff 2005)"
    ),
}

EVENT_LABELS = {
    "opened": _("Mở cảnh báo"),
    "grew": _("Thêm căn cứ mới"),
    "acknowledge": _("Đã tiếp nhận cảnh báo"),
    "handle": _("Đã xử lý xong"),
    "close": _("Đã đóng cảnh báo"),
    "assigned": _("Giao lãnh đạo phụ trách"),
    "note": _("Ghi chú"),
}

OTHER = _("Chỉ số khác")


def evidence_rows(numbers: dict) -> list[tuple[str, str]]:
    """The alert's numbers as (label, value) rows, in the order the detector gave them."""
    rows = []
    for key, value in (numbers or {}).items():
        label = EVIDENCE_LABELS.get(key, OTHER)
        rows.append((str(label), _value_text(key, value)))
    return rows


def _value_text(key: str, value: object) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if key == "method" and isinstance(value, str):
        return str(METHOD_LABELS.get(value, value))
    if key in ("from", "to") and isinstance(value, str):
        try:
            return date_format(date.fromisoformat(value), "d/m/Y")
        except ValueError:
            return value
    if key in ("recent_share", "baseline_share") and isinstance(value, int | float):
        return f"{value:.0%}"
    return str(value)


def event_label(action: str) -> str:
    return str(EVENT_LABELS.get(action, OTHER))
