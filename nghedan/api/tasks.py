"""Background work of the API app: fetching an Open311 request's media_url."""

from nghedan.api.services import MEDIA_TASK, open311_media_store
from nghedan.jobs.registry import task


@task(MEDIA_TASK)
def open311_media_fetch(*, request_id: int) -> None:
    open311_media_store(request_id=request_id)
