"""Dialogue pages: the public list and page of a dialogue (agenda, questions voted up,
answers, the public record), scheduling by leaders, and the forms that send questions,
votes, answers and the record. Views parse input; the rules live in the actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nghedan.lib import clock
from nghedan.lib.errors import ActionError
from nghedan.reception.actions import dialogues as actions
from nghedan.reception.models import Dialogue, DialogueQuestion, DialogueStatus, QuestionVote
from nghedan.web.forms.dialogues import AnswerForm, DialogueForm, HideForm, QuestionForm, RecordForm
from nghedan.web.views.common import act_then_redirect, form_error_from

PAST_SHOWN = 50


@require_GET
def dialogue_list(request):
    dialogues = Dialogue.objects.select_related("agency", "area", "host")
    now = clock.now()
    return render(
        request,
        "web/dialogue_list.html",
        {
            "upcoming": dialogues.filter(
                status=DialogueStatus.PLANNED, starts_at__gte=now
            ).order_by("starts_at"),
            "past": dialogues.exclude(status=DialogueStatus.PLANNED, starts_at__gte=now).order_by(
                "-starts_at"
            )[:PAST_SHOWN],
            "can_schedule": actions.can_schedule_dialogues(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def dialogue_new(request):
    if not actions.can_schedule_dialogues(request.user):
        raise PermissionDenied(_("Chỉ lãnh đạo cơ quan mới được tổ chức đối thoại."))
    form = DialogueForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dialogue = actions.dialogue_schedule(acting_user=request.user, **data)
        except ActionError as error:
            if error.field == "leader":
                error.field = "host"
            form_error_from(form, error)
        else:
            messages.success(request, _("Đã lên lịch buổi đối thoại."))
            return redirect("dialogue_detail", dialogue_id=dialogue.pk)
    return render(request, "web/dialogue_new.html", {"form": form}, status=200)


def _detail(request, dialogue: Dialogue, *, ask_form=None, status: int = 200):
    user = request.user
    can_manage = actions.can_manage_dialogue(user, dialogue)
    questions = dialogue.questions.order_by("-votes", "created_at")
    if not can_manage:
        questions = questions.filter(hidden_reason="")
    voted = (
        set(
            QuestionVote.objects.filter(voter=user, question__dialogue=dialogue).values_list(
                "question_id", flat=True
            )
        )
        if user.is_authenticated
        else set()
    )
    now = clock.now()
    open_for_questions = (
        dialogue.status == DialogueStatus.PLANNED and now < dialogue.questions_close_at
    )
    return render(
        request,
        "web/dialogue_detail.html",
        {
            "dialogue": dialogue,
            "questions": list(questions),
            "voted": voted,
            "open_for_questions": open_for_questions,
            "open_for_votes": dialogue.status == DialogueStatus.PLANNED,
            "ask_form": ask_form or QuestionForm(),
            "can_manage": can_manage,
            "can_record": can_manage
            and dialogue.status == DialogueStatus.PLANNED
            and dialogue.starts_at <= now,
            "answer_form": AnswerForm(),
            "hide_form": HideForm(),
            "record_form": RecordForm(),
        },
        status=status,
    )


def _dialogue(dialogue_id: int) -> Dialogue:
    return get_object_or_404(
        Dialogue.objects.select_related("agency", "area", "host"), pk=dialogue_id
    )


@require_GET
def dialogue_detail(request, dialogue_id: int):
    return _detail(request, _dialogue(dialogue_id))


@login_required
@require_POST
def dialogue_ask(request, dialogue_id: int):
    dialogue = _dialogue(dialogue_id)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            actions.question_ask(
                acting_user=request.user, dialogue=dialogue, text=form.cleaned_data["text"]
            )
        except ActionError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("Đã gửi câu hỏi. Cảm ơn bạn đã tham gia."))
            return redirect("dialogue_detail", dialogue_id=dialogue.pk)
    return _detail(request, dialogue, ask_form=form)


def _question(question_id: int) -> DialogueQuestion:
    return get_object_or_404(DialogueQuestion.objects.select_related("dialogue"), pk=question_id)


def _question_url(question: DialogueQuestion) -> str:
    url = reverse("dialogue_detail", kwargs={"dialogue_id": question.dialogue_id})
    return f"{url}#q-{question.pk}"


@login_required
@require_POST
def dialogue_vote(request, question_id: int):
    question = _question(question_id)
    if question.hidden_reason and not actions.can_manage_dialogue(request.user, question.dialogue):
        raise PermissionDenied(_("Câu hỏi này đã bị ẩn."))
    return act_then_redirect(
        request,
        lambda: actions.question_vote(acting_user=request.user, question=question),
        done=None,  # no message: the page marks the question as voted for
        to=_question_url(question),
    )


@login_required
@require_POST
def dialogue_answer(request, question_id: int):
    """Record the answer to a question; with `action=hide`, hide it with a reason."""
    question = _question(question_id)
    if not actions.can_manage_dialogue(request.user, question.dialogue):
        raise PermissionDenied(_("Chỉ người chủ trì và lãnh đạo cơ quan được thực hiện."))
    if request.POST.get("action") == "hide":
        hide_form = HideForm(request.POST)
        hide_form.is_valid()
        return act_then_redirect(
            request,
            lambda: actions.question_hide(
                acting_user=request.user,
                question=question,
                reason=hide_form.cleaned_data.get("reason", ""),
            ),
            done=_("Đã ẩn câu hỏi."),
            to=_question_url(question),
        )
    form = AnswerForm(request.POST)
    form.is_valid()
    return act_then_redirect(
        request,
        lambda: actions.question_answer(
            acting_user=request.user,
            question=question,
            answer=form.cleaned_data.get("answer", ""),
        ),
        done=_("Đã ghi nhận nội dung trả lời."),
        to=_question_url(question),
    )


@login_required
@require_POST
def dialogue_record(request, dialogue_id: int):
    dialogue = _dialogue(dialogue_id)
    if not actions.can_manage_dialogue(request.user, dialogue):
        raise PermissionDenied(_("Chỉ người chủ trì và lãnh đạo cơ quan được thực hiện."))
    form = RecordForm(request.POST)
    form.is_valid()
    return act_then_redirect(
        request,
        lambda: actions.dialogue_record(
            acting_user=request.user, dialogue=dialogue, record=form.cleaned_data.get("record", "")
        ),
        done=_("Đã công bố biên bản buổi đối thoại."),
        to=reverse("dialogue_detail", args=[dialogue.pk]),
    )
