"""An append-only audit log, sealed as a chain: each entry's seal (HMAC-SHA256 under a key
kept outside the database, see keys.py) covers its number, the seal of the entry before it
and everything it records; the head's seal covers the number of entries and the last seal.

The database refuses UPDATE and DELETE on the entries (and TRUNCATE on PostgreSQL): see
guard.py. `nghedan audit verify` checks the whole chain against the head.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nghedan.audit import chain, keys


class AuditLogError(Exception):
    pass


class AuditHead(models.Model):
    """One row: its lock serialises appends, so the chain never forks, and it records how
    many entries there are and the seal of the last one, so cutting off the newest
    entries is seen."""

    last_hash = models.CharField(max_length=64, default=chain.GENESIS)
    entries = models.PositiveBigIntegerField(default=0)
    seal = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"{self.entries} {self.last_hash}"

    def compute_seal(self, key: bytes | None = None) -> str:
        return chain.head_seal(
            key or keys.chain_key(), entries=self.entries, last_hash=self.last_hash
        )


class AuditEntry(models.Model):
    # The entry's number in the chain: 1, 2, 3, … without gaps.
    seq = models.PositiveBigIntegerField(_("số mục"), unique=True)
    at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Who acted, in words: the user's name, "system", or a pseudonym where the actor's
    # identity is protected (a denouncer: petitions/events.py).
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(_("hành động"), max_length=60, db_index=True)
    target_type = models.CharField(max_length=60, blank=True)
    target_id = models.CharField(max_length=64, blank=True, db_index=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("mục nhật ký")
        verbose_name_plural = _("nhật ký kiểm toán")

    def __str__(self) -> str:
        return f"{self.seq} {self.action} {self.target_type}:{self.target_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditLogError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogError("audit entries are append-only")

    def compute_hash(self, key: bytes | None = None) -> str:
        return chain.entry_seal(
            key or keys.chain_key(),
            seq=self.seq,
            prev_hash=self.prev_hash,
            at=self.at,
            actor_id=self.actor_id,
            actor_label=self.actor_label,
            action=self.action,
            target_type=self.target_type,
            target_id=self.target_id,
            data=self.data,
        )
