"""Writing to and checking the audit log. Callers run inside their own transaction."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import connection, models, transaction

from nghedan.audit import chain, keys
from nghedan.audit.guard import guard_installed
from nghedan.audit.models import AuditEntry, AuditHead
from nghedan.lib import clock


def audit_record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    actor_label: str = "",
) -> AuditEntry:
    """Append one entry; the head row lock keeps concurrent writers in one chain.

    Where the actor's identity is protected, pass `actor=None` and a pseudonym from
    `audit_pseudonym` as `actor_label`.

    Inside a caller's transaction no savepoint of its own: an entry that cannot be written
    fails the whole change with it. Callers append as late in their transaction as they
    can, since the head's lock is held until it commits."""
    with transaction.atomic(savepoint=False):
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        actor_user = actor if getattr(actor, "is_authenticated", False) else None
        key = keys.chain_key()
        entry = AuditEntry(
            seq=head.entries + 1,
            at=clock.now(),
            actor_id=actor_user.pk if actor_user else None,
            actor_label=actor_label or (str(actor_user) if actor_user else ""),
            action=action,
            target_type=target._meta.label_lower if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            data=data or {},
            prev_hash=head.last_hash,
        )
        entry.hash = entry.compute_hash(key)
        entry.save()
        head.entries, head.last_hash = entry.seq, entry.hash
        head.seal = head.compute_seal(key)
        head.save(update_fields=["entries", "last_hash", "seal"])
    return entry


def audit_pseudonym(*, user: AbstractBaseUser, scope: models.Model) -> str:
    """The label under which `user` is recorded when acting on `scope` where their identity
    is protected: the same on every entry about that object, different on another, and
    tied to the person only through a key that is not in the database."""
    return keys.pseudonym(scope_label=scope._meta.label_lower, scope_pk=scope.pk, user_pk=user.pk)


@dataclass(frozen=True)
class AuditVerdict:
    """What `audit_verify` found. `first_bad_seq` is the number of the first entry that was
    edited, is missing or does not link; `first_bad_id` its row (None when it is gone)."""

    intact: bool
    entries: int
    head: str
    problem: str = ""
    first_bad_seq: int | None = None
    first_bad_id: int | None = None
    message: str = ""
    message_en: str = ""
    guarded: bool | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "intact": self.intact,
            "entries": self.entries,
            "head": self.head,
            "problem": self.problem or None,
            "first_bad": (
                {"seq": self.first_bad_seq, "id": self.first_bad_id}
                if self.first_bad_seq is not None
                else None
            ),
            "message": self.message,
            "message_en": self.message_en,
            "guarded": self.guarded,
        }


_FIELDS = (
    "id",
    "seq",
    "prev_hash",
    "at",
    "actor_id",
    "actor_label",
    "action",
    "target_type",
    "target_id",
    "data",
    "hash",
)


def audit_verify() -> AuditVerdict:
    """Walk the whole chain and compare its end with the head.

    Caught: an entry edited (its seal no longer matches), an entry removed (a gap in the
    numbers, or the next entry no longer links to the one before), entries re-sealed
    without the key, the newest entries cut off (fewer entries than the head records), an
    edited or missing head. The head is read first: entries appended meanwhile come after
    it and are checked like the others."""
    guarded = guard_installed(connection)
    head = AuditHead.objects.filter(pk=1).values("entries", "last_hash", "seal").first()
    key_list = keys.chain_keys()

    def broken(
        problem: str,
        seq: int | None,
        entry_id: int | None,
        message: str,
        message_en: str,
        count: int,
    ) -> AuditVerdict:
        return AuditVerdict(
            intact=False,
            entries=count,
            head=head["last_hash"] if head else "",
            problem=problem,
            first_bad_seq=seq,
            first_bad_id=entry_id,
            message=message,
            message_en=message_en,
            guarded=guarded,
        )

    if head is not None and not chain.seal_matches(
        head["seal"],
        key_list,
        lambda key: chain.head_seal(key, entries=head["entries"], last_hash=head["last_hash"]),
    ):
        return broken(
            "head",
            None,
            None,
            "Đầu chuỗi (số mục và dấu niêm phong cuối) đã bị sửa.",
            "the head of the chain (the count and the last seal) was edited.",
            0,
        )

    prev, count = chain.GENESIS, 0
    rows = AuditEntry.objects.order_by("seq").values_list(*_FIELDS)
    for (
        entry_id,
        seq,
        prev_hash,
        at,
        actor_id,
        label,
        action,
        t_type,
        t_id,
        data,
        seal,
    ) in rows.iterator(chunk_size=2000):
        expected = count + 1
        if seq != expected:
            return broken(
                "missing",
                expected,
                None,
                f"Mục số {expected} đến {seq - 1} đã bị xoá.",
                f"entries no. {expected} to {seq - 1} were deleted.",
                count,
            )
        if prev_hash != prev:
            return broken(
                "unlinked",
                seq,
                entry_id,
                "Mục này không nối với mục trước (chuỗi bị viết lại).",
                "this entry does not link to the one before it (the chain was rewritten).",
                count,
            )
        fields = {
            "seq": seq,
            "prev_hash": prev_hash,
            "at": at,
            "actor_id": actor_id,
            "actor_label": label,
            "action": action,
            "target_type": t_type,
            "target_id": t_id,
            "data": data,
        }
        if not chain.seal_matches(seal, key_list, lambda key, f=fields: chain.entry_seal(key, **f)):
            return broken(
                "edited",
                seq,
                entry_id,
                "Nội dung mục này không khớp dấu niêm phong (đã bị sửa hoặc niêm phong lại "
                "không có khoá).",
                "its content does not match its seal (edited, or re-sealed without the key).",
                count,
            )
        if head is not None and seq == head["entries"] and seal != head["last_hash"]:
            return broken(
                "head",
                seq,
                entry_id,
                "Mục cuối mà đầu chuỗi ghi nhận không phải mục này.",
                "the head records another entry as the last one.",
                count,
            )
        prev, count = seal, seq

    recorded = head["entries"] if head is not None else 0
    if count < recorded:
        return broken(
            "truncated",
            count + 1,
            None,
            f"Thiếu các mục mới nhất: đầu chuỗi ghi nhận {recorded} mục, chỉ còn {count}.",
            f"the newest entries are missing: the head records {recorded}, {count} are left.",
            count,
        )
    if head is None and count:
        return broken(
            "head",
            None,
            None,
            "Đầu chuỗi đã bị xoá.",
            "the head of the chain was deleted.",
            count,
        )
    return AuditVerdict(intact=True, entries=count, head=prev, guarded=guarded)
