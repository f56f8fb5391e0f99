"""Who may open which page and do which action: the whole web UI, one row per URL.

Read a row as a sentence. "staff_accept POST filed … off_b 404" says: given a petition
filed by the citizen about Ba Đình (agency A), when the officer of agency B posts to its
accept URL, then he gets a 404 — the petition does not exist for him — and nothing
changes. Every URL name in nghedan/web/urls.py has at least one row; the guard test at
the bottom fails when a new view is added without one.

Columns: citizen (who filed it), other_citizen, officer_a and leader_a (agency A, which
handles it), officer_b (agency B), supervisor (Hà Nội), supervisor_elsewhere (Đà Nẵng),
admin, anonymous (not logged in).

Outcomes:
  SEE     200, and the petition's content is on the page (its title; the petitioner's
          phone on the identity page; the file's bytes for an attachment)
  200     200, and the petition's content is not on the page
  DONE    302, and the action wrote its events (EVENTS_WRITTEN, one unless said)
  LOGIN   302 to the login page
  SECRET  302 to the tracking form, asking for the secret
  TRACK   302 to the petition's tracking page
  HOME    302 to the home page
  403 404 405  refused; the petition's content is not on the page
Anything but DONE leaves every petition, event, answer and rating as it was; only a
shown identity page adds its one audited read.

Givens (nghedan/web/tests/scenes.py): filed (feedback with a photo, received), accepted,
answered (published by the leader), pending-answer (officer's draft awaiting the leader),
complaint-accepted, complaint-answered, denunciation, pair (two petitions on one issue at
agency A), grouped (the pair grouped by the officer), alert (the filed petition behind an
open mass alert in Ba Đình; alert actions write alert events), practice (a good practice
of agency B led by its officer; the register writes audit rows, counted as its events).
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, reverse

from nghedan.consultations.models import Section
from nghedan.lib import clock
from nghedan.petitions.models import Petition
from nghedan.test import PERSONAS
from nghedan.web import urls as web_urls
from nghedan.web.tests.scenes import GIVEN, PETITIONER, TITLE, Scene, log_in, rows

# ruff: noqa: E501 — the table is easier to read on one line per row.
# consultation_report before its publication: the administrator sees it, as every draft,
# since consultations.policy holds the one rule for what is not yet public (the agency's
# staff and administrators); the report page used to answer the administrator 404.
MATRIX = """
url name             method given               citizen other  off_a  lead_a off_b  sup    sup_dn admin  anon
home                 GET    filed               200     200    200    200    200    200    200    200    200
petition_new         GET    filed               200     200    200    200    200    200    200    200    200
petition_filed       GET    filed               TRACK   TRACK  TRACK  TRACK  TRACK  TRACK  TRACK  TRACK  TRACK
track                GET    filed               200     200    200    200    200    200    200    200    200
track_detail         GET    filed               SEE     SECRET SECRET SECRET SECRET SECRET SECRET SECRET SECRET
track_rate           POST   answered            DONE    404    404    404    404    404    404    404    404
track_rate           GET    answered            405     405    405    405    405    405    405    405    405
track_reopen         POST   answered            DONE    404    404    404    404    404    404    404    404
track_reopen         GET    answered            405     405    405    405    405    405    405    405    405
track_withdraw       POST   filed               DONE    404    404    404    404    404    404    404    404
track_withdraw       GET    filed               405     405    405    405    405    405    405    405    405
track_appeal         POST   complaint-answered  DONE    404    404    404    404    404    404    404    404
track_appeal         GET    complaint-answered  405     405    405    405    405    405    405    405    405
public_list          GET    answered            SEE     SEE    SEE    SEE    SEE    SEE    SEE    SEE    SEE
public_list          GET    filed               200     200    200    200    200    200    200    200    200
public_detail        GET    answered            SEE     SEE    SEE    SEE    SEE    SEE    SEE    SEE    SEE
public_detail        GET    filed               404     404    404    404    404    404    404    404    404
public_detail        GET    complaint-answered  404     404    404    404    404    404    404    404    404
my_petitions         GET    filed               SEE     200    200    200    200    200    200    200    LOGIN
notifications        GET    filed               200     200    200    200    200    200    200    200    LOGIN
inbox                GET    filed               403     403    SEE    SEE    200    SEE    200    SEE    LOGIN
approvals            GET    pending-answer      403     403    403    SEE    403    403    403    403    LOGIN
answer_approve       POST   pending-answer      403     403    403    DONE   404    403    404    403    LOGIN
answer_approve       GET    pending-answer      405     405    405    405    405    405    405    405    LOGIN
answer_return        POST   pending-answer      403     403    403    DONE   404    403    404    403    LOGIN
answer_return        GET    pending-answer      405     405    405    405    405    405    405    405    LOGIN
staff_detail         GET    filed               403     403    SEE    SEE    404    SEE    404    SEE    LOGIN
staff_detail         GET    denunciation        403     403    SEE    SEE    404    SEE    404    SEE    LOGIN
staff_identity       GET    filed               403     403    SEE    SEE    404    SEE    404    SEE    LOGIN
staff_identity       GET    denunciation        403     403    SEE    SEE    404    403    404    403    LOGIN
staff_accept         POST   filed               403     403    DONE   DONE   404    403    404    403    LOGIN
staff_accept         GET    filed               405     405    405    405    405    405    405    405    LOGIN
staff_start          POST   accepted            403     403    DONE   DONE   404    403    404    403    LOGIN
staff_start          GET    accepted            405     405    405    405    405    405    405    405    LOGIN
staff_extend         POST   complaint-accepted  403     403    403    DONE   404    403    404    403    LOGIN
staff_extend         GET    complaint-accepted  405     405    405    405    405    405    405    405    LOGIN
staff_decline        POST   filed               403     403    DONE   DONE   404    403    404    403    LOGIN
staff_decline        GET    filed               405     405    405    405    405    405    405    405    LOGIN
staff_transfer       POST   filed               403     403    DONE   DONE   404    403    404    403    LOGIN
staff_transfer       GET    filed               405     405    405    405    405    405    405    405    LOGIN
staff_answer         POST   accepted            403     403    DONE   DONE   404    403    404    403    LOGIN
staff_answer         GET    accepted            405     405    405    405    405    405    405    405    LOGIN
staff_relabel        POST   filed               403     403    DONE   DONE   404    403    404    403    LOGIN
staff_relabel        GET    filed               405     405    405    405    405    405    405    405    LOGIN
staff_group          POST   pair                403     403    DONE   DONE   404    403    404    403    LOGIN
staff_group          GET    pair                405     405    405    405    405    405    405    405    LOGIN
staff_ungroup        POST   grouped             403     403    DONE   DONE   404    403    404    403    LOGIN
staff_ungroup        GET    grouped             405     405    405    405    405    405    405    405    LOGIN
suggest_json         POST   filed               200     200    200    200    200    200    200    200    200
suggest_json         GET    filed               405     405    405    405    405    405    405    405    405
alerts               GET    alert               403     403    403    SEE    403    SEE    200    SEE    LOGIN
alert_detail         GET    alert               403     403    403    SEE    403    SEE    404    SEE    LOGIN
alert_transition     POST   alert               403     403    403    DONE   403    403    404    DONE   LOGIN
alert_transition     GET    alert               405     405    405    405    405    405    405    405    LOGIN
alert_note           POST   alert               403     403    403    DONE   403    403    404    DONE   LOGIN
alert_note           GET    alert               405     405    405    405    405    405    405    405    LOGIN
alert_assign         POST   alert               403     403    403    DONE   403    403    404    DONE   LOGIN
alert_assign         GET    alert               405     405    405    405    405    405    405    405    LOGIN
reception_calendar   GET    reception-day       200     200    200    200    200    200    200    200    200
reception_calendar   POST   reception-day       405     405    405    405    405    405    405    405    405
reception_compliance GET    reception-day       403     403    403    200    403    200    200    200    LOGIN
reception_day_new    GET    reception-day       403     403    403    200    403    403    403    200    LOGIN
reception_day_new    POST   reception-day       403     403    403    DONE   403    403    403    DONE   LOGIN
reception_day        GET    reception-day       SEE     200    SEE    SEE    200    200    200    200    200
reception_day        POST   reception-day       405     405    405    405    405    405    405    405    405
reception_book       GET    reception-day       405     405    405    405    405    405    405    405    LOGIN
reception_book       POST   reception-day       SEE     DONE   403    403    403    403    403    403    LOGIN
reception_walk_in    GET    reception-day       405     405    405    405    405    405    405    405    LOGIN
reception_walk_in    POST   reception-day       403     403    DONE   DONE   403    403    403    403    LOGIN
reception_receive    GET    reception-day       405     405    405    405    405    405    405    405    LOGIN
reception_receive    POST   reception-day       403     403    DONE   DONE   403    403    403    403    LOGIN
dialogues            GET    dialogue            SEE     SEE    SEE    SEE    SEE    SEE    SEE    SEE    SEE
dialogue_new         GET    dialogue            403     403    403    200    403    403    403    200    LOGIN
dialogue_new         POST   dialogue            403     403    403    DONE   403    403    403    DONE   LOGIN
dialogue_detail      GET    dialogue            SEE     SEE    SEE    SEE    SEE    SEE    SEE    SEE    SEE
dialogue_detail      POST   dialogue            405     405    405    405    405    405    405    405    405
dialogue_ask         POST   dialogue            DONE    DONE   DONE   DONE   DONE   DONE   DONE   DONE   LOGIN
dialogue_ask         GET    dialogue            405     405    405    405    405    405    405    405    LOGIN
dialogue_vote        POST   dialogue            DONE    DONE   DONE   DONE   DONE   DONE   DONE   DONE   LOGIN
dialogue_vote        GET    dialogue            405     405    405    405    405    405    405    405    LOGIN
dialogue_answer      POST   dialogue            403     403    403    DONE   403    403    403    DONE   LOGIN
dialogue_answer      GET    dialogue            405     405    405    405    405    405    405    405    LOGIN
dialogue_record      POST   started             403     403    403    DONE   403    403    403    DONE   LOGIN
dialogue_record      GET    started             405     405    405    405    405    405    405    405    LOGIN
commitments          GET    commitment          SEE     200    SEE    SEE    200    SEE    200    SEE    LOGIN
commitment_new       GET    commitment          403     403    403    200    403    403    403    403    LOGIN
commitment_new       POST   commitment          403     403    403    DONE   403    403    403    403    LOGIN
commitment_detail    GET    commitment          SEE     404    SEE    SEE    404    SEE    404    SEE    LOGIN
commitment_evidence  POST   commitment          403     404    DONE   DONE   404    403    404    403    LOGIN
commitment_evidence  GET    commitment          405     405    405    405    405    405    405    405    LOGIN
commitment_resolve   POST   commitment          403     404    403    DONE   404    403    404    403    LOGIN
commitment_resolve   GET    commitment          405     405    405    405    405    405    405    405    LOGIN
commitment_respond   POST   commitment-kept     DONE    404    403    403    404    403    404    403    LOGIN
commitment_respond   GET    commitment-kept     405     405    405    405    405    405    405    405    LOGIN
consultations        GET    consultation        SEE     SEE    SEE    SEE    SEE    SEE    SEE    SEE    SEE
consultations        POST   consultation        405     405    405    405    405    405    405    405    405
consultation_new     GET    consultation        403     403    200    200    200    403    403    403    LOGIN
consultation_new     POST   consultation        403     403    DONE   DONE   200    403    403    403    LOGIN
consultation_detail  GET    consultation        SEE     SEE    SEE    SEE    SEE    SEE    SEE    SEE    SEE
consultation_detail  GET    consultation-draft  404     404    SEE    SEE    404    404    404    SEE    404
consultation_detail  POST   consultation        405     405    405    405    405    405    405    405    405
consultation_edit    GET    consultation        403     403    SEE    SEE    403    403    403    403    LOGIN
consultation_edit    GET    consultation-draft  404     404    SEE    SEE    404    404    404    403    LOGIN
consultation_edit    POST   consultation        403     403    DONE   DONE   403    403    403    403    LOGIN
consultation_publish POST   consultation-draft  404     404    403    DONE   404    404    404    403    LOGIN
consultation_publish GET    consultation-draft  405     405    405    405    405    405    405    405    LOGIN
consultation_close   POST   consultation        403     403    403    DONE   403    403    403    403    LOGIN
consultation_close   GET    consultation        405     405    405    405    405    405    405    405    LOGIN
consultation_follow  POST   consultation        DONE    DONE   DONE   DONE   DONE   DONE   DONE   DONE   LOGIN
consultation_follow  GET    consultation        405     405    405    405    405    405    405    405    LOGIN
consultation_attachment GET consultation       SEE     SEE    SEE    SEE    SEE    SEE    SEE    SEE    SEE
consultation_attachment GET consultation-draft 404     404    SEE    SEE    404    404    404    SEE    404
consultation_attachment POST consultation      405     405    405    405    405    405    405    405    405
consultation_changes GET    consultation        SEE     SEE    SEE    SEE    SEE    SEE    SEE    SEE    SEE
consultation_changes POST   consultation        405     405    405    405    405    405    405    405    405
comment_dispose      POST   consultation        403     403    DONE   DONE   403    403    403    403    LOGIN
comment_dispose      GET    consultation        405     405    405    405    405    405    405    405    LOGIN
consultation_report  GET    consultation        404     404    SEE    SEE    404    404    404    SEE    404
consultation_report  GET    consultation-published SEE  SEE    SEE    SEE    SEE    SEE    SEE    SEE    SEE
consultation_report  POST   consultation-published 405  405    405    405    405    405    405    405    405
consultation_report_publish POST consultation-answered 403 403 403    DONE   403    403    403    403    LOGIN
consultation_report_publish GET  consultation-answered 405 405 405    405    405    405    405    405    LOGIN
ballot_new           POST   consultation        403     403    403    DONE   403    403    403    403    LOGIN
ballot_new           GET    consultation        405     405    405    405    405    405    405    405    LOGIN
ballot_vote          POST   consultation        DONE    403    403    403    403    403    403    403    LOGIN
ballot_vote          GET    consultation        405     405    405    405    405    405    405    405    LOGIN
ballot_result        GET    consultation        SEE     SEE    SEE    SEE    SEE    SEE    SEE    SEE    SEE
ballot_result        POST   consultation        405     405    405    405    405    405    405    405    405
consultation_comment POST   consultation        DONE    DONE   DONE   DONE   DONE   DONE   DONE   DONE   LOGIN
consultation_comment GET    consultation        405     405    405    405    405    405    405    405    LOGIN
comment_react        POST   consultation        DONE    403    DONE   DONE   DONE   DONE   DONE   DONE   LOGIN
comment_react        GET    consultation        405     405    405    405    405    405    405    405    LOGIN
comment_report       POST   consultation        DONE    403    DONE   DONE   DONE   DONE   DONE   DONE   LOGIN
comment_report       GET    consultation        405     405    405    405    405    405    405    405    LOGIN
comment_hide         POST   consultation        403     403    DONE   DONE   403    403    403    403    LOGIN
comment_hide         GET    consultation        405     405    405    405    405    405    405    405    LOGIN
statement_add        POST   consultation        DONE    DONE   DONE   DONE   DONE   DONE   DONE   DONE   LOGIN
statement_add        GET    consultation        405     405    405    405    405    405    405    405    LOGIN
statement_moderate   POST   consultation-pending 404    403    DONE   DONE   404    404    404    404    LOGIN
statement_moderate   GET    consultation-pending 405    405    405    405    405    405    405    405    LOGIN
statement_vote       POST   consultation        DONE    403    403    403    403    403    403    403    LOGIN
statement_vote       GET    consultation        405     405    405    405    405    405    405    405    LOGIN
consultation_groups  GET    consultation        SEE     SEE    SEE    SEE    SEE    SEE    SEE    SEE    SEE
consultation_groups  POST   consultation        405     405    405    405    405    405    405    405    405
account_verify       GET    consultation        200     200    200    200    200    200    200    200    LOGIN
attachment           GET    filed               SEE     404    SEE    SEE    404    SEE    404    SEE    404
attachment           POST   filed               405     405    405    405    405    405    405    405    405
attachment_thumbnail GET    filed               200     404    200    200    404    200    404    200    404
attachment_thumbnail POST   filed               405     405    405    405    405    405    405    405    405
communes_json        GET    filed               200     200    200    200    200    200    200    200    200
communes_json        POST   filed               405     405    405    405    405    405    405    405    405
areas_search_json    GET    filed               200     200    200    200    200    200    200    200    200
areas_search_json    POST   filed               405     405    405    405    405    405    405    405    405
login                GET    filed               200     200    200    200    200    200    200    200    200
logout               POST   filed               HOME    HOME   HOME   HOME   HOME   HOME   HOME   HOME   HOME
logout               GET    filed               405     405    405    405    405    405    405    405    405
register             GET    filed               200     200    200    200    200    200    200    200    200
dashboard            GET    filed               403     403    200    200    200    200    200    200    LOGIN
dashboard            POST   filed               405     405    405    405    405    405    405    405    LOGIN
roster               GET    filed               403     403    403    200    403    200    200    200    LOGIN
roster               POST   filed               405     405    405    405    405    405    405    405    LOGIN
practices            GET    practice            SEE     SEE    SEE    SEE    SEE    SEE    SEE    SEE    SEE
practices            POST   practice            405     405    405    405    405    405    405    405    405
practice_new         GET    practice            403     403    403    200    403    403    403    200    LOGIN
practice_new         POST   practice            403     403    403    DONE   403    403    403    DONE   LOGIN
practice_detail      GET    practice            SEE     SEE    SEE    SEE    SEE    SEE    SEE    SEE    SEE
practice_detail      POST   practice            405     405    405    405    405    405    405    405    405
practice_adopt       POST   practice            403     403    403    DONE   403    403    403    403    LOGIN
practice_adopt       GET    practice            405     405    405    405    405    405    405    405    LOGIN
transparency         GET    answered            200     200    200    200    200    200    200    200    200
transparency         POST   answered            405     405    405    405    405    405    405    405    405
transparency_area    GET    answered            200     200    200    200    200    200    200    200    200
transparency_area    POST   answered            405     405    405    405    405    405    405    405    405
transparency_agency  GET    answered            200     200    200    200    200    200    200    200    200
transparency_agency  POST   answered            405     405    405    405    405    405    405    405    405
transparency_area_report   GET  answered        200     200    200    200    200    200    200    200    200
transparency_area_report   POST answered        405     405    405    405    405    405    405    405    405
transparency_agency_report GET  answered        200     200    200    200    200    200    200    200    200
transparency_agency_report POST answered        405     405    405    405    405    405    405    405    405
open_data            GET    answered            200     200    200    200    200    200    200    200    200
open_data            POST   answered            405     405    405    405    405    405    405    405    405
open_data_petitions  GET    answered            SEE     SEE    SEE    SEE    SEE    SEE    SEE    SEE    SEE
open_data_petitions  GET    filed               200     200    200    200    200    200    200    200    200
open_data_petitions  POST   answered            405     405    405    405    405    405    405    405    405
open_data_indicators GET    answered            200     200    200    200    200    200    200    200    200
open_data_indicators POST   answered            405     405    405    405    405    405    405    405    405
"""

OUTCOMES = {"SEE", "200", "DONE", "LOGIN", "SECRET", "TRACK", "HOME", "403", "404", "405"}
# An appeal ends the first petition and opens the second-level one: two events.
# Receiving a citizen files the matter as a petition: its event and the reception event.
EVENTS_WRITTEN = {"track_appeal": 2, "staff_group": 2, "reception_receive": 2}
# What each action is sent; the allowed persona's request is valid, so a refusal is about
# who asks, never about the input.
POST_DATA = {
    "practice_new": lambda world: {
        "agency": world.agency_a.code,  # read only for the admin
        "title": "Chiều thứ Bảy đối thoại ở tổ dân phố",
        "summary": "Chiều thứ Bảy hằng tuần, lãnh đạo phường ngồi cùng tổ dân phố nghe và trả lời.",
        "topic": world.topic().pk,
        "started_on": (clock.today() - timedelta(days=20)).isoformat(),
        "lead": world.officer_a.pk,
    },
    "practice_adopt": lambda world: {
        "started_on": clock.today().isoformat(),
        "note": "Áp dụng cho các tổ dân phố ven hồ.",
    },
    "track_rate": lambda world: {"stars": "4", "reasons": ["timely"]},
    "track_reopen": lambda world: {"reason": "Rác lại tồn đọng từ hôm qua."},
    "track_withdraw": lambda world: {"reason": "Tổ dân phố đã tự thu gom."},
    "track_appeal": lambda world: {"reason": "Không đồng ý với quyết định giải quyết."},
    "staff_decline": lambda world: {"reason": "Không thuộc thẩm quyền giải quyết."},
    "staff_extend": lambda world: {"reason": "Vụ việc phức tạp, cần xác minh thêm."},
    "staff_transfer": lambda world: {
        "to_agency": world.agency_b.code,
        "reason": "Địa điểm thuộc phường Hoàn Kiếm.",
    },
    "staff_answer": lambda world: {"body": "Phường đã thu gom rác tại ngõ 120 Đội Cấn."},
    "alert_note": lambda world: {"text": "Đã cử cán bộ xuống nắm tình hình."},
    "consultation_new": lambda world: {
        "title": "Dự thảo kế hoạch chỉnh trang ngõ phố",
        "kind": "plan",
        "areas": [world.ba_dinh.pk],
        "opens_at": "2030-01-01T08:00",
        "closes_at": "2030-02-01T08:00",
    },
    "consultation_edit": lambda world: {
        "what": "final_text",
        "section": Section.objects.order_by("-pk").first().pk,
        "final_text": "Mức đóng góp 150.000 đồng mỗi hộ; hộ cận nghèo được miễn.",
    },
    "consultation_comment": lambda world: {
        "text": "Nên cấm đỗ xe trên vỉa hè.",
        "section": Section.objects.order_by("-pk").first().pk,
    },
    "comment_react": lambda world: {"value": "1"},
    "comment_report": lambda world: {"reason": "Xúc phạm người khác"},
    "comment_hide": lambda world: {"reason": "Ngôn từ xúc phạm"},
    "statement_add": lambda world: {"text": "Cần thêm chỗ đỗ xe đạp."},
    "statement_moderate": lambda world: {"decision": "approve"},
    "statement_vote": lambda world: {"value": "agree"},
    "comment_dispose": lambda world: {
        "disposition": "partly",
        "reason": "Giảm còn 150.000 đồng; hộ cận nghèo được miễn.",
    },
    "ballot_new": lambda world: {
        "question": "Làm mái che sân nhà văn hoá bằng tiền quỹ tổ dân phố?",
        "unit": "voter",
        "eligible": 300,
        "quorum_percent": 50,
        "majority_percent": 50,
        "opens_at": clock.local_now().strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (clock.local_now() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
    },
    "ballot_vote": lambda world: {"choice": "yes", "household": "Hộ ông Nguyễn Văn An, số 12"},
    "reception_day_new": lambda world: {
        "leader": world.leader_a.pk,
        "date": (clock.today() + timedelta(days=3)).isoformat(),
        "starts_at": "08:00",
        "ends_at": "11:00",
        "place": "Hội trường UBND phường",
        "slot_minutes": 20,
    },
    "reception_book": lambda world: {"matter": "Hỏi về trợ cấp người cao tuổi", "group_size": 1},
    "reception_walk_in": lambda world: {
        "name": "Lê Văn Cường",
        "matter": "Hỏi về trợ cấp người cao tuổi",
        "group_size": 1,
    },
    "reception_receive": lambda world: {
        "outcome": "create",
        "minutes": "Đã nghe, giao phòng kinh tế xem xét.",
        "kind": "feedback",
    },
    "dialogue_new": lambda world: {
        "title": "Đối thoại với doanh nghiệp phường Ba Đình",
        "audience": "businesses",
        "host": world.leader_a.pk,
        "area": world.ba_dinh.code,
        "starts_at": (clock.local_now() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"),
        "questions_close_at": (clock.local_now() + timedelta(days=8)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Hội trường UBND phường Ba Đình",
        "agenda": "Tháo gỡ khó khăn về thủ tục hành chính cho doanh nghiệp.",
    },
    "dialogue_ask": lambda world: {"text": "Đề nghị phường công khai kế hoạch cải tạo vỉa hè."},
    "dialogue_answer": lambda world: {"answer": "Phường sẽ nạo vét cống trong tháng 12."},
    "dialogue_record": lambda world: {
        "record": "Buổi đối thoại có 80 người dự; lãnh đạo phường trả lời 12 câu hỏi."
    },
    "commitment_new": lambda world: {
        "text": "Thu gom rác đầu ngõ 120 Đội Cấn trong tuần",
        "due_date": (clock.today() + timedelta(days=10)).isoformat(),
        "petition": Petition.objects.order_by("-pk").first().code,
    },
    "commitment_evidence": lambda world: {"note": "Ảnh hiện trường sau khi thu gom"},
    "commitment_resolve": lambda world: {"outcome": "kept", "note": "Đã thu gom xong"},
    "commitment_respond": lambda world: {"agrees": "yes", "comment": ""},
    "alert_assign": lambda world: {"assignee": world.leader_a.pk},
    "staff_relabel": lambda world: {"topic": world.topic("giao-thong-ha-tang").pk},
    # The pair's second petition (the scene's petition is the first).
    "staff_group": lambda world: {"codes": Petition.objects.order_by("-pk").first().code},
    "suggest_json": lambda world: {
        "title": "Đường ngập",
        "body": "Đường Đội Cấn, phường Ba Đình ngập sâu sau mỗi trận mưa.",
    },
    "answer_approve": lambda world: {"note": ""},
    "answer_return": lambda world: {"note": "Cần nêu rõ thời gian thu gom."},
}
QUERY = {"communes_json": {"province": "01"}, "areas_search_json": {"q": "ba dinh"}}


@dataclass(frozen=True)
class Row:
    name: str
    method: str
    given: str
    outcomes: dict[str, str]


HEADER = "url name method given citizen other off_a lead_a off_b sup sup_dn admin anon".split()


def _parse(table: str) -> list[Row]:
    header, *body = table.strip().splitlines()
    assert header.split() == HEADER, "the columns are the personas, in PERSONAS' order"
    lines = [line.split() for line in body]
    parsed = []
    for name, method, given, *cells in lines:
        assert len(cells) == len(PERSONAS), f"{name} {method} {given}: one cell per persona"
        assert set(cells) <= OUTCOMES, f"{name} {method} {given}: unknown outcome"
        assert given in GIVEN, f"{name} {method}: unknown given {given!r}"
        parsed.append(Row(name, method, given, dict(zip(PERSONAS, cells, strict=True))))
    return parsed


ROWS = _parse(MATRIX)
# Downloads take a format.
FORMATS = {
    "transparency_area_report": "pdf",
    "transparency_agency_report": "pdf",
    "open_data_petitions": "csv",
    "open_data_indicators": "csv",
}
# Public pages about a place or an agency take its code, not a petition's.
PUBLIC_CODES = {
    "transparency_area": "00004",
    "transparency_agency": "00004-ubnd-xa",
    "transparency_area_report": "00004",
    "transparency_agency_report": "00004-ubnd-xa",
}


def _url(name: str, scene: Scene) -> str:
    pattern = next(p for p in web_urls.urlpatterns if p.name == name)
    values = {
        **scene.ids,
        "code": scene.petition.code,
        "answer_id": scene.answer.pk if scene.answer else None,
        "attachment_id": scene.attachment.pk if scene.attachment else None,
        "alert_id": scene.alert.pk if scene.alert else None,
        "action": "acknowledge",
        "fmt": FORMATS.get(name),
    }
    if name in PUBLIC_CODES:
        values["code"] = PUBLIC_CODES[name]
    return reverse(name, kwargs={key: values[key] for key in pattern.pattern.converters})


def _content(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _marker(name: str, scene: Scene) -> bytes:
    """What on the page shows the petition itself (or the scene's subject)."""
    if scene.marker:
        return scene.marker.encode()
    if name == "staff_identity":
        return PETITIONER.phone.encode()
    if name == "attachment":
        with scene.attachment.file.open("rb") as handle:
            return handle.read()
    return TITLE.encode()


def _outcome(world, scene: Scene, row: Row, persona: str) -> str:
    """What `persona` gets from the row's request, in the table's words. Whatever the
    table has no word for (content shown with a refusal, a write where none may happen)
    is spelt out, so that the comparison fails with it."""
    client = Client()
    log_in(client, world, persona)
    url = _url(row.name, scene)
    before = rows()
    if row.method == "POST":
        response = client.post(url, POST_DATA.get(row.name, lambda world: {})(world))
    else:
        response = client.get(url, QUERY.get(row.name, {}))
    after = rows()

    shown = _marker(row.name, scene) in _content(response)
    status = response.status_code
    redirects = {
        f"{reverse('login')}?next={url}": "LOGIN",
        f"{reverse('track')}?code={scene.petition.code}": "SECRET",
        reverse("track_detail", args=[scene.petition.code]): "TRACK",
        reverse("home"): "HOME",
    }
    written = after["events"] - before["events"]
    if status == 302 and written:
        expected = EVENTS_WRITTEN.get(row.name, 1)
        return "DONE" if written == expected else f"302 with {written} events written"
    if status == 200:
        outcome = "SEE" if shown else "200"
    elif status == 302:
        outcome = redirects.get(response["Location"], f"302 to {response['Location']}")
    else:
        outcome = str(status) + (" showing the petition" if shown else "")
    # A refusal, or a mere look, changes nothing; a shown identity page is audited.
    read = 1 if (row.name, outcome) == ("staff_identity", "SEE") else 0
    if after != {**before, "identity_reads": before["identity_reads"] + read}:
        return f"{outcome} but it wrote {before} -> {after}"
    return outcome


@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"{row.name}-{row.method}-{row.given}")
def test_role_matrix(world, row):
    # Given the petition in the row's state
    scene = GIVEN[row.given](world)

    # When each persona, starting from that same state, opens the page or posts the action
    got = {}
    for persona in PERSONAS:
        with transaction.atomic():
            got[persona] = _outcome(world, scene, row, persona)
            transaction.set_rollback(True)  # the next persona finds the state untouched

    # Then each gets what the table says
    assert got == row.outcomes


def test_every_web_url_has_its_row_in_the_matrix():
    names = {p.name for p in web_urls.urlpatterns if isinstance(p, URLPattern)}
    assert all(isinstance(p, URLPattern) for p in web_urls.urlpatterns), "include() needs rows too"
    assert names - {row.name for row in ROWS} == set(), "add these URLs to MATRIX"
    assert {row.name for row in ROWS} - names == set(), "these rows name no URL"
