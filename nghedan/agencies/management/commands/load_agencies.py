from collections.abc import Mapping

from nghedan.agencies.services import agencies_load
from nghedan.lib.commands import ProvinceLoadCommand


class Command(ProvinceLoadCommand):
    help = "Tạo UBND, sở, thanh tra, công an cho mỗi tỉnh và xã đã nạp; chạy lại không đổi gì."
    province_help = "chỉ tạo cho các tỉnh/thành phố có mã này (ví dụ 01 79) và xã/phường của chúng"

    def load(self, *, province_codes: list[str] | None) -> Mapping[str, int]:
        return agencies_load(province_codes=province_codes)

    def summary(self, counts: Mapping[str, int]) -> str:
        return (
            f"Loại cơ quan: tạo mới {counts['types_created']}, cập nhật {counts['types_updated']}; "
            f"cơ quan: tạo mới {counts['created']}, cập nhật {counts['updated']}, "
            f"giữ nguyên {counts['unchanged']}."
        )
