"""Operations the fault tests kill part-way (``python -m tests.fault_driver moderate URL``): each
prints a line per step done, flushed, so the test knows how far it got.

``moderate URL``: every submitted asset in turn published or rejected with a reason (assets named
"Asset N": rejected when N is a multiple of 3, so a re-run decides each asset as a clean run does),
one moderation decision (one transaction) each, through the moderation service.
"""

from __future__ import annotations

import sys

from healthassets.assets.vocabulary import Status
from healthassets.services.assets_moderation import change_status, submitted_assets
from healthassets.store.database import make_engine


def moderate(url: str) -> None:
    engine = make_engine(url)
    queue = submitted_assets(engine, limit=100_000)
    for done, (asset_id, name) in enumerate(zip(queue["id"], queue["name"], strict=True), start=1):
        number = int(str(name).split()[-1])
        if number % 3:
            change_status(engine, asset_id, Status.PUBLISHED, user_id=1)
        else:
            change_status(engine, asset_id, Status.REJECTED, user_id=1, reason=f"duplicate of {number - 1}")
        print(done, flush=True)


if __name__ == "__main__":
    {"moderate": moderate}[sys.argv[1]](sys.argv[2])
