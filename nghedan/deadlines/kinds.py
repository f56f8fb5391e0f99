"""The four kinds of petition the law knows (Law on Citizen Reception 2013, Law on
Complaints 2011, Law on Denunciations 2018): each has its own time limits, so the
deadline rules are keyed by it and the petitions carry it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    FEEDBACK = "feedback", _("Phản ánh")
    PROPOSAL = "proposal", _("Kiến nghị")
    COMPLAINT = "complaint", _("Khiếu nại")
    DENUNCIATION = "denunciation", _("Tố cáo")
