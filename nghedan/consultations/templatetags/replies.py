"""`{% load replies %}{% reply_forms consultation user %}`: the disposition forms for the
top-level comments of a consultation that have none yet, shown to its agency's staff."""

from typing import TYPE_CHECKING

from django import template
from django.contrib.auth.models import AnonymousUser

from nghedan.consultations.actions.replies import visible_top_level
from nghedan.consultations.models import Consultation, ConsultationStatus, Disposition
from nghedan.consultations.policy import is_consultation_staff

if TYPE_CHECKING:
    from nghedan.accounts.models import User

register = template.Library()


@register.inclusion_tag("web/_consultation_reply_forms.html")
def reply_forms(consultation: Consultation, user: "User | AnonymousUser") -> dict:
    allowed = is_consultation_staff(user, consultation) and consultation.status in (
        ConsultationStatus.OPEN,
        ConsultationStatus.CLOSED,
    )
    pending = (
        visible_top_level(consultation).filter(disposition="").select_related("section")
        if allowed
        else []
    )
    return {
        "consultation": consultation,
        "allowed": allowed,
        "pending": pending,
        "dispositions": Disposition.choices,
    }
