"""Background work as rows: a job is written in the same transaction as the change that
needs it, so committed work is never lost, and a worker claims it with a lease."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Chờ chạy")
    RUNNING = "running", _("Đang chạy")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Lỗi")


class Job(models.Model):
    name = models.CharField(_("việc"), max_length=100, db_index=True)
    payload = models.JSONField(default=dict, blank=True)
    # Enqueuing the same key twice makes one job (periodic runs, notifications per event).
    key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    run_after = models.DateTimeField(_("chạy từ"))
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=5)
    # A running job whose lease has passed belongs to a worker that died: it runs again.
    lease_until = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=100, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("việc chạy nền")
        verbose_name_plural = _("việc chạy nền")
        indexes = [models.Index(fields=["status", "run_after"])]

    def __str__(self) -> str:
        return f"{self.name} #{self.pk} {self.status}"


class SharedCacheEntry(models.Model):
    """The table of the database cache (settings.CACHES, lib/cache.py): what the processes
    and machines of one installation share without Redis — rate-limit counters, the
    version of the reference data. Created by `nghedan migrate` like every table; the
    columns are those of Django's `createcachetable`, which the cache reads and writes
    with SQL of its own."""

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "nghedan_cache"
        verbose_name = _("mục bộ nhớ đệm dùng chung")
        verbose_name_plural = _("bộ nhớ đệm dùng chung")

    def __str__(self) -> str:
        return self.cache_key
