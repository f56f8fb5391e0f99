"""Intake benchmark: filing petitions through the full action against a bare insert.

    .venv/bin/python -m bench.intake [N]

Files N petitions with `petition_submit` (routing, redaction, encryption, event, audit
log) and N bare inserts of the same rows (the reference, measured in the same run on a
fresh SQLite database), and prints the throughput and latency ratio of the two.
"""

import os
import statistics
import sys
import tempfile
import time

from nghedan.lib import clock


def _setup(var_dir: str) -> None:
    os.environ["NGHEDAN_VAR_DIR"] = var_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nghedan.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as var_dir:
        _setup(var_dir)

        from nghedan.agencies.models import Agency
        from nghedan.agencies.services import agencies_load
        from nghedan.areas.models import Area
        from nghedan.areas.services import areas_load
        from nghedan.petitions.actions import PetitionerInfo, petition_submit
        from nghedan.petitions.models import Petition, PetitionEvent, Topic
        from nghedan.petitions.reference import routing_rules_load, topics_load

        areas_load(province_codes=["01"])
        agencies_load(province_codes=["01"])
        topics_load()
        routing_rules_load()
        area, topic = Area.objects.get(code="00004"), Topic.objects.get(code="moi-truong")
        agency = Agency.objects.get(code="00004-ubnd-xa")
        body = (
            "Rác thải tồn đọng nhiều ngày ở đầu ngõ 120 Đội Cấn, bốc mùi hôi. "
            "Liên hệ anh Nguyễn Văn An 0912 345 678."
        )

        def full(index: int) -> None:
            petition_submit(
                acting_user=None,
                channel="web",
                kind="feedback",
                topic=topic,
                area=area,
                title=f"Rác thải {index}",
                body=body,
                petitioner=PetitionerInfo(name="Nguyễn Văn An", phone="0912345678"),
            )

        def bare(index: int) -> None:
            petition = Petition.objects.create(
                code=f"BENCH-{index}",
                kind="feedback",
                topic=topic,
                title=f"Rác thải {index}",
                body=body,
                area=area,
                agency=agency,
                channel="web",
                received_at=clock.now(),
            )
            PetitionEvent.objects.create(petition=petition, at=clock.now(), action="submitted")

        results = {}
        for name, run in (("reference (bare insert)", bare), ("petition_submit", full)):
            latencies = []
            started = time.perf_counter()
            for index in range(count):
                t0 = time.perf_counter()
                run(index)
                latencies.append(time.perf_counter() - t0)
            elapsed = time.perf_counter() - started
            results[name] = (
                count / elapsed,
                statistics.median(latencies),
                sorted(latencies)[int(0.95 * (count - 1))],
            )
        for name, (rate, p50, p95) in results.items():
            print(
                f"{name:<24} {rate:8.1f} petitions/s  p50 {p50 * 1000:6.2f} ms  p95 {p95 * 1000:6.2f} ms"
            )
        ref, full_result = results["reference (bare insert)"], results["petition_submit"]
        print(
            f"ratio petition_submit / reference: throughput {full_result[0] / ref[0]:.2f}, "
            f"p50 latency {full_result[1] / ref[1]:.2f}x, p95 latency {full_result[2] / ref[2]:.2f}x"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
