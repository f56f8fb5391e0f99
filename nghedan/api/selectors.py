"""Reads of the API app: which Open311 client holds a key, what an Open311 caller may see."""

import uuid

from django.db.models import Prefetch, Q, QuerySet

from nghedan.api.models import ApiClient
from nghedan.lib.crypto import secret_digest
from nghedan.petitions.models import Channel, Kind, Petition, PetitionEvent


def api_client_for_key(*, key: str | None) -> ApiClient | None:
    """The active client whose key this is; keys are stored only as keyed digests."""
    key = (key or "").strip()
    if not key or len(key) > 200:
        return None
    return ApiClient.objects.filter(key_digest=secret_digest(key), is_active=True).first()


def open311_client_label(client: ApiClient) -> str:
    """How a petition remembers the client that filed it: by id, so renaming keeps it."""
    return f"open311:{client.pk}"


def open311_requests_visible(*, client: ApiClient | None) -> QuerySet[Petition]:
    """Public petitions (feedback and proposals whose petitioner agreed to publication, in
    any status) and, for a client, the ones it filed; newest first.

    Each petition carries `public_reasons`: the reasons of the steps its petitioner sees.
    """
    condition = Q(publish_consent=True, kind__in=[Kind.FEEDBACK, Kind.PROPOSAL])
    if client is not None:
        condition |= Q(channel=Channel.API, intake_client=open311_client_label(client))
    reasons = (
        PetitionEvent.objects.filter(visible_to_petitioner=True)
        .exclude(reason="")
        # A rating's comment is the petitioner's own words, not a note on the status.
        .exclude(action__startswith="rated_")
        .order_by("at", "id")
    )
    return (
        Petition.objects.filter(condition)
        .select_related("topic", "area", "area__parent", "agency")
        .prefetch_related(Prefetch("events", queryset=reasons, to_attr="public_reasons"))
        .order_by("-received_at", "-id")
    )


def open311_id_digest(*, client: ApiClient, name: str, value: str) -> str:
    """How a client's device_id or account_id is found again: a keyed digest, scoped to
    the client and the field ("" for no value)."""
    value = (value or "").strip()
    return secret_digest(f"open311:{client.pk}:{name}:{value}") if value else ""


def open311_requests_of_ids(
    *, client: ApiClient, device_id: str = "", account_id: str = ""
) -> QuerySet[Petition]:
    """The client's own requests sent with this device_id and/or account_id (public or
    not: they are its own); newest first, as `open311_requests_visible`."""
    petitions = open311_requests_visible(client=client).filter(open311_request__client=client)
    if device_id:
        petitions = petitions.filter(
            open311_request__device_digest=open311_id_digest(
                client=client, name="device_id", value=device_id
            )
        )
    if account_id:
        petitions = petitions.filter(
            open311_request__account_digest=open311_id_digest(
                client=client, name="account_id", value=account_id
            )
        )
    return petitions


def open311_request_for_token(*, token: str) -> Petition | None:
    """The petition an Open311 POST answered with this token (the petition's UUID)."""
    try:
        value = uuid.UUID(token)
    except ValueError:
        return None
    return Petition.objects.filter(uuid=value).only("code", "uuid").first()
