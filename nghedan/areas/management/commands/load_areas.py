from collections.abc import Mapping

from nghedan.areas.services import RELEASE, areas_load
from nghedan.lib.commands import ProvinceLoadCommand


class Command(ProvinceLoadCommand):
    help = "Nạp tỉnh/thành phố và xã/phường/đặc khu từ danh mục kèm theo; chạy lại không đổi gì."
    province_help = "chỉ nạp các tỉnh/thành phố có mã này (ví dụ 01 79) và xã/phường của chúng"

    def load(self, *, province_codes: list[str] | None) -> Mapping[str, int]:
        return areas_load(province_codes=province_codes)

    def summary(self, counts: Mapping[str, int]) -> str:
        return (
            f"Địa bàn (danh mục {RELEASE}): tạo mới {counts['created']}, "
            f"cập nhật {counts['updated']}, giữ nguyên {counts['unchanged']}."
        )
