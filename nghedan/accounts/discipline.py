"""The roster rule, in one place for every duty with the people: an official under
discipline in force is not put on a reception rota, does not host a dialogue, and is not
given other citizen-facing work (Regulation on the mass-mobilisation work of the
political system; the reviews ask that officials lacking exemplary conduct or under
discipline not be assigned to work with the people)."""

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nghedan.lib.errors import ActionError
from nghedan.lib.text import interpolate_lazy

if TYPE_CHECKING:
    from nghedan.accounts.models import DisciplineRecord, User

DUTIES = {
    "reception": _("tiếp công dân"),
    "dialogue": _("chủ trì đối thoại"),
    "mass_mobilisation": _("công tác dân vận"),
}


def discipline_in_force(*, user: "User", on: date) -> "DisciplineRecord | None":
    """The discipline record of `user` in force on `on`, or None."""
    from nghedan.accounts.models import DisciplineRecord

    return (
        DisciplineRecord.objects.filter(user=user, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .first()
    )


def require_fit_for_citizen_duty(
    *, user: "User", on: date, duty: str, field: str = "leader"
) -> None:
    """Refuse, with a clear message, to give `user` a citizen-facing `duty` on `on`."""
    record = discipline_in_force(user=user, on=on)
    if record is not None:
        raise ActionError(
            "under_discipline",
            interpolate_lazy(
                _(
                    "%(name)s đang chịu hình thức kỷ luật %(kind)s (hiệu lực từ %(start)s), "
                    "không được phân công %(duty)s."
                ),
                {
                    "name": user.display_name,
                    "kind": record.get_kind_display(),
                    "start": record.valid_from.strftime("%d/%m/%Y"),
                    "duty": DUTIES.get(duty, duty),
                },
            ),
            field=field,
        )
