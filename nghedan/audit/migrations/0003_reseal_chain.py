"""The chain is re-sealed here with the key (HMAC-SHA256, audit/keys.py).

Until this migration each entry's hash was a plain SHA-256, which anyone who could write
to the database could recompute after an edit. Here:

1. the old chain is checked as it was (plain SHA-256), and the result is kept;
2. the petitioner's steps on denunciations lose their account and name, which become a
   keyed pseudonym (Law on Denunciations 2018, Art. 47; petitions/events.py does the
   same for every new step);
3. every entry gets its number and is sealed again, in the order of the old chain;
4. one more entry, `audit.chain_resealed`, records that this happened: how many entries
   were re-sealed, whether the old chain was intact (and where it broke if not), its last
   hash, and how many entries were pseudonymised;
5. the head records the count and the last seal, sealed as well.

From here on `nghedan audit verify` checks the keyed chain; whatever was changed before
this migration can only be judged from what the `audit.chain_resealed` entry recorded.
An empty log (a new installation) is left as it is.
"""

import hashlib
import json

from django.db import migrations

from nghedan.audit import chain, keys
from nghedan.lib import clock

BATCH = 1000
# The petitioner's steps as they were named in the log (petitions/policy.py).
PETITIONER_ACTIONS = {
    "petition.submitted",
    "petition.rated_closed",
    "petition.rated_reopened",
    "petition.reopen",
    "petition.withdraw",
    "petition.appeal",
}


def _old_hash(entry) -> str:
    """The plain SHA-256 of audit 0001."""
    payload = json.dumps(
        {
            "prev": entry.prev_hash,
            "at": entry.at.isoformat(),
            "actor": entry.actor_id,
            "actor_label": entry.actor_label,
            "action": entry.action,
            "target": [entry.target_type, entry.target_id],
            "data": entry.data,
        },
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _seal(key: bytes, entry) -> str:
    return chain.entry_seal(
        key,
        seq=entry.seq,
        prev_hash=entry.prev_hash,
        at=entry.at,
        actor_id=entry.actor_id,
        actor_label=entry.actor_label,
        action=entry.action,
        target_type=entry.target_type,
        target_id=entry.target_id,
        data=entry.data,
    )


def reseal(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    AuditHead = apps.get_model("audit", "AuditHead")
    Petition = apps.get_model("petitions", "Petition")
    if not AuditEntry.objects.exists():
        return
    denouncers = {
        str(pk): citizen_id
        for pk, citizen_id in Petition.objects.filter(kind="denunciation").values_list(
            "pk", "citizen_id"
        )
    }
    key = keys.chain_key()
    old_prev, old_intact, old_first_bad = chain.GENESIS, True, None
    prev, seq, last_id, pseudonymised = chain.GENESIS, 0, 0, 0
    while True:
        batch = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:BATCH])
        if not batch:
            break
        for entry in batch:
            if old_intact and (entry.prev_hash != old_prev or _old_hash(entry) != entry.hash):
                old_intact, old_first_bad = False, entry.id
            old_prev = entry.hash
            if (
                entry.target_type == "petitions.petition"
                and entry.target_id in denouncers
                and entry.actor_id is not None
                and (
                    entry.action in PETITIONER_ACTIONS
                    or entry.actor_id == denouncers[entry.target_id]
                )
            ):
                entry.actor_label = keys.pseudonym(
                    scope_label="petitions.petition",
                    scope_pk=entry.target_id,
                    user_pk=entry.actor_id,
                )
                entry.actor_id = None
                pseudonymised += 1
            seq += 1
            entry.seq, entry.prev_hash = seq, prev
            entry.hash = _seal(key, entry)
            prev = entry.hash
        AuditEntry.objects.bulk_update(
            batch, ["seq", "prev_hash", "hash", "actor", "actor_label"], batch_size=BATCH
        )
        last_id = batch[-1].id
    head = AuditHead.objects.filter(pk=1).first()
    marker = AuditEntry(
        seq=seq + 1,
        at=clock.now(),
        actor_id=None,
        actor_label="system",
        action="audit.chain_resealed",
        target_type="",
        target_id="",
        data={
            "entries": seq,
            "scheme": "hmac-sha256",
            "previous_chain_intact": old_intact,
            "previous_first_bad_id": old_first_bad,
            "previous_head": head.last_hash if head is not None else None,
            "previous_last_hash": old_prev,
            "pseudonymised": pseudonymised,
        },
        prev_hash=prev,
    )
    marker.hash = _seal(key, marker)
    marker.save()
    if head is None:
        head = AuditHead(pk=1)
    head.entries, head.last_hash = marker.seq, marker.hash
    head.seal = chain.head_seal(key, entries=head.entries, last_hash=head.last_hash)
    head.save()


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_keyed_chain"),
        ("petitions", "0009_rating_stars_created_index"),
    ]

    operations = [
        migrations.RunPython(reseal, migrations.RunPython.noop, elidable=False),
    ]
