from django.db import models
from django.utils.translation import gettext_lazy as _


class Head(models.TextChoices):
    """What a text model predicts."""

    TOPIC = "topic", _("lĩnh vực")
    AGENCY_TYPE = "agency_type", _("loại cơ quan xử lý")


class ModelSource(models.TextChoices):
    SEED = "seed", _("kho ngữ liệu kèm theo")
    RETRAIN = "retrain", _("học lại từ quyết định của cán bộ")


class TextModel(models.Model):
    """A trained classifier, kept with the scores that let it replace the one before."""

    head = models.CharField(_("dự đoán"), max_length=16, choices=Head.choices)
    version = models.PositiveIntegerField(_("phiên bản"))
    source = models.CharField(_("nguồn"), max_length=8, choices=ModelSource.choices)
    created_at = models.DateTimeField(_("tạo lúc"))
    is_active = models.BooleanField(_("đang dùng"), default=False)
    # The fitted scikit-learn pipeline, pickled. Only this application writes it.
    blob = models.BinaryField()
    library_version = models.CharField(max_length=32)
    examples = models.PositiveIntegerField(_("số mẫu huấn luyện"), default=0)
    # accuracy, macro_f1 (with interval), the held-back slice's size, labels, and the
    # score of the model it was compared with.
    metrics = models.JSONField(default=dict)

    class Meta:
        ordering = ["head", "-version"]
        verbose_name = _("mô hình phân loại")
        verbose_name_plural = _("mô hình phân loại")
        constraints = [
            models.UniqueConstraint(fields=["head", "version"], name="text_model_version_unique"),
            models.UniqueConstraint(
                fields=["head"],
                condition=models.Q(is_active=True),
                name="one_active_model_per_head",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.head} v{self.version}"


class PetitionGroup(models.Model):
    """Petitions about the same issue in the same place and time (cùng vụ việc)."""

    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("địa bàn")
    )
    topic = models.ForeignKey(
        "petitions.Topic", on_delete=models.PROTECT, null=True, related_name="+"
    )
    # The first petition of the group: what it is called in lists.
    lead = models.ForeignKey("petitions.Petition", on_delete=models.PROTECT, related_name="+")
    size = models.PositiveIntegerField(_("số đơn"), default=1)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("nhóm đơn cùng vụ việc")
        verbose_name_plural = _("nhóm đơn cùng vụ việc")

    def __str__(self) -> str:
        return f"#{self.pk} ({self.size})"


class PetitionAnalysis(models.Model):
    """What the pipeline read in a petition: suggestions for the officer, never decisions."""

    petition = models.OneToOneField(
        "petitions.Petition", on_delete=models.CASCADE, related_name="analysis"
    )
    analysed_at = models.DateTimeField()
    topic_model = models.ForeignKey(
        TextModel, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    suggested_topic = models.ForeignKey(
        "petitions.Topic", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    topic_confidence = models.FloatField(default=0)
    suggested_agency_type = models.ForeignKey(
        "agencies.AgencyType", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    agency_confidence = models.FloatField(default=0)
    suggested_area = models.ForeignKey(
        "areas.Area", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    place_reason = models.CharField(max_length=300, blank=True)
    # [{"text", "level", "area_code", "note"}]
    places = models.JSONField(default=list)
    is_urgent = models.BooleanField(_("khẩn cấp"), default=False, db_index=True)
    # [{"category", "words"}]: what made it urgent, shown to the officer.
    urgency = models.JSONField(default=list)
    is_negative = models.BooleanField(_("bức xúc"), default=False)
    sentiment = models.FloatField(default=0)
    negative_words = models.JSONField(default=list)
    # MinHash signature of the text's shingles (uint32 values), for grouping.
    signature = models.BinaryField(default=b"")
    # Character n-gram TF-IDF vector of the text (language/grouping.py), for grouping.
    text_vector = models.BinaryField(default=b"")
    group = models.ForeignKey(
        PetitionGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("nhóm"),
    )
    group_similarity = models.FloatField(null=True, blank=True)
    # An officer merged or split it: automatic grouping leaves it where it was put.
    group_pinned = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("kết quả phân tích đơn")
        verbose_name_plural = _("kết quả phân tích đơn")

    def __str__(self) -> str:
        return f"analysis of {self.petition_id}"


class ShingleBand(models.Model):
    """One LSH band of a petition's signature: petitions sharing a key are candidates
    for the same group, so grouping never compares all pairs."""

    key = models.BigIntegerField()
    petition = models.ForeignKey("petitions.Petition", on_delete=models.CASCADE, related_name="+")
    received_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["key", "received_at"])]

    def __str__(self) -> str:
        return f"{self.key} → {self.petition_id}"
