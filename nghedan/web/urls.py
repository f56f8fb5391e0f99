from django.contrib.auth import views as auth_views
from django.urls import path

from nghedan.web.views import citizen, misc, staff

urlpatterns = [
    path("", citizen.home, name="home"),
    path("petitions/new/", citizen.petition_new, name="petition_new"),
    path("petitions/filed/<str:code>/", citizen.petition_filed, name="petition_filed"),
    path("track/", citizen.track, name="track"),
    path("track/<str:code>/", citizen.track_detail, name="track_detail"),
    path("track/<str:code>/rate/", citizen.track_rate, name="track_rate"),
    path("track/<str:code>/reopen/", citizen.track_reopen, name="track_reopen"),
    path("track/<str:code>/withdraw/", citizen.track_withdraw, name="track_withdraw"),
    path("track/<str:code>/appeal/", citizen.track_appeal, name="track_appeal"),
    path("public/", citizen.public_list, name="public_list"),
    path("public/<str:code>/", citizen.public_detail, name="public_detail"),
    path("my/", citizen.my_petitions, name="my_petitions"),
    path("notifications/", misc.notifications_page, name="notifications"),
    path("inbox/", staff.inbox, name="inbox"),
    path("inbox/approvals/", staff.approvals, name="approvals"),
    path("inbox/answers/<int:answer_id>/approve/", staff.answer_approve, name="answer_approve"),
    path("inbox/answers/<int:answer_id>/return/", staff.answer_return, name="answer_return"),
    path("inbox/<str:code>/", staff.petition_detail, name="staff_detail"),
    path("inbox/<str:code>/identity/", staff.petition_identity, name="staff_identity"),
    path("inbox/<str:code>/accept/", staff.petition_accept, name="staff_accept"),
    path("inbox/<str:code>/start/", staff.petition_start, name="staff_start"),
    path("inbox/<str:code>/decline/", staff.petition_decline, name="staff_decline"),
    path("inbox/<str:code>/transfer/", staff.petition_transfer, name="staff_transfer"),
    path("inbox/<str:code>/extend/", staff.petition_extend, name="staff_extend"),
    path("inbox/<str:code>/answer/", staff.petition_answer, name="staff_answer"),
    path("attachments/<int:attachment_id>/", misc.attachment_download, name="attachment"),
    path("areas/communes.json", misc.communes_json, name="communes_json"),
    path("areas/search.json", misc.areas_search_json, name="areas_search_json"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/register/", misc.register, name="register"),
]
