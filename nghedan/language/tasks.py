"""Background work of the language pipeline. The heavy libraries are imported when a task
runs, not when a process starts."""

from django.conf import settings

from nghedan.jobs.registry import periodic, task


@task("language.analyse")
def analyse(*, petition_id: int) -> None:
    from nghedan.language.actions import petition_analyse

    petition_analyse(petition_id=petition_id)


@periodic("language.retrain", every_seconds=settings.NGHEDAN_RETRAIN_HOURS * 3600)
def retrain() -> None:
    from nghedan.language.models import Head
    from nghedan.language.training import model_train

    for head in Head.values:
        model_train(head=head)


@periodic("language.group_threshold", every_seconds=settings.NGHEDAN_RETRAIN_HOURS * 3600)
def group_threshold() -> None:
    """Learn the same-issue threshold again from officers' merges and splits."""
    from nghedan.language.grouping import group_threshold_learn

    group_threshold_learn()
