"""`{% load replies %}{% reply_forms consultation user %}`: the disposition forms for the
top-level comments of a consultation that have none yet, shown to its agency's staff."""

from django import template

from nghedan.consultations.actions.replies import visible_top_level
from nghedan.consultations.models import ConsultationStatus, Disposition
from nghedan.consultations.policy import is_consultation_staff

register = template.Library()


@register.inclusion_tag("web/_consultation_reply_forms.html")
def reply_forms(consultation, user) -> dict:
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
