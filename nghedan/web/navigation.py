"""The site's menus, by role: one table says which pages each person reaches from the
header, so no page is left without a way in and nobody is shown a link that answers 403.

A citizen (or a visitor) sees filing, tracking, their petitions, the public answers,
consultations and reception; staff see their work first (inbox, approvals, alerts,
dashboard), grouped, with the public pages after. The first few links of a person's
menu also stand in the header on a wide screen; on a phone the whole menu folds behind
one button. Pages for creating something (a reception day, a dialogue, a commitment, a
consultation, a good practice) are reached from their lists, which link to them for the
people allowed.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nghedan.accounts.models import Role

# Who: a predicate over the (possibly anonymous) user.
Who = Callable[[Any], bool]


def _anyone(user: Any) -> bool:
    return True


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _role_in(*roles: str) -> Who:
    def check(user: Any) -> bool:
        if not _signed_in(user):
            return False
        if getattr(user, "is_superuser", False) and Role.ADMIN in roles:
            return True
        return user.role in roles

    return check


def _citizen_or_visitor(user: Any) -> bool:
    return not _signed_in(user) or user.role == Role.CITIZEN


_citizen: Who = _role_in(Role.CITIZEN)
_handlers: Who = _role_in(Role.OFFICER, Role.LEADER, Role.SUPERVISOR, Role.ADMIN)
_leader: Who = _role_in(Role.LEADER)
_overseers: Who = _role_in(Role.LEADER, Role.SUPERVISOR, Role.ADMIN)


@dataclass(frozen=True)
class Item:
    url_name: str
    label: str | Promise
    who: Who = _anyone


@dataclass(frozen=True)
class Group:
    label: str | Promise
    items: tuple[Item, ...]
    who: Who = _anyone


GROUPS: tuple[Group, ...] = (
    Group(
        _("Công việc"),
        (
            Item("inbox", _("Hộp đơn"), _handlers),
            Item("approvals", _("Duyệt trả lời"), _leader),
            Item("alerts", _("Cảnh báo"), _overseers),
            Item("dashboard", _("Bảng điều hành"), _handlers),
            Item("commitments", _("Cam kết"), _handlers),
            Item("reception_compliance", _("Tiếp dân theo quy định"), _overseers),
            Item("roster", _("Đánh giá cán bộ"), _overseers),
        ),
        _handlers,
    ),
    Group(
        _("Phản ánh, kiến nghị"),
        (
            Item("petition_new", _("Gửi phản ánh"), _citizen_or_visitor),
            Item("track", _("Tra cứu đơn"), _citizen_or_visitor),
            Item("my_petitions", _("Đơn của tôi"), _citizen),
            Item("commitments", _("Cam kết với tôi"), _citizen),
            Item("public_list", _("Đơn đã trả lời")),
        ),
    ),
    Group(
        _("Tham gia"),
        (
            Item("consultations", _("Lấy ý kiến dự thảo")),
            Item("reception_calendar", _("Lịch tiếp dân")),
            Item("dialogues", _("Đối thoại")),
        ),
    ),
    Group(
        _("Công khai"),
        (
            Item("transparency", _("Minh bạch, xếp hạng")),
            Item("open_data", _("Dữ liệu mở")),
            Item("practices", _("Dân vận khéo")),
        ),
    ),
)

# How many of a person's links also stand in the header on a wide screen.
HEADER_LINKS = 4


@dataclass(frozen=True)
class Link:
    url: str
    label: str
    current: bool


def menu_for(user: Any, path: str = "") -> list[tuple[str, list[Link]]]:
    """The groups and links this person's menu shows, in order."""
    menu = []
    for group in GROUPS:
        if not group.who(user):
            continue
        links = []
        for item in group.items:
            if item.who(user):
                url = reverse(item.url_name)
                links.append(Link(url, str(item.label), _is_current(url, path)))
        if links:
            menu.append((str(group.label), links))
    return menu


def _is_current(url: str, path: str) -> bool:
    return path == url or (url != "/" and path.startswith(url))


def navigation(request: Any) -> dict:
    """Context processor: the menu of the person asking, and the links in the header."""
    menu = menu_for(request.user, request.path)
    seen: set[str] = set()
    header: list[Link] = []
    for _label, links in menu:
        for link in links:
            if link.url not in seen and len(header) < HEADER_LINKS:
                seen.add(link.url)
                header.append(link)
    return {"nav_menu": menu, "nav_header": header}
