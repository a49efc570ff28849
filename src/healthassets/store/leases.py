"""Leases of background jobs (table ``job_leases``; docs/adr/0076): a job runs in the one process
holding its lease. Every step is one conditional statement, so two processes racing for a lease
cannot both win: the database decides.

``requested`` counts the runs asked for, ``done`` the requests the last finished run covered; the
holder may let the lease go only while they are equal, in the same statement, so a request made
while it ran is never lost. Times are Unix seconds from the caller.
"""

from __future__ import annotations

from sqlalchemy import Engine, or_, select, update

from healthassets.store.models import JobLease
from healthassets.store.shared_rows import insert_if_absent


def _row(name: str) -> dict[str, object]:
    return {"name": name, "holder": None, "expires_at": 0.0, "requested": 0, "done": 0}


def request_run(engine: Engine, name: str) -> int:
    """Ask for one more run of ``name``; returns the request's number."""
    with engine.begin() as connection:
        insert_if_absent(connection, JobLease, _row(name))
        connection.execute(
            update(JobLease).where(JobLease.name == name).values(requested=JobLease.requested + 1)
        )
        return int(connection.execute(select(JobLease.requested).where(JobLease.name == name)).scalar_one())


def take(engine: Engine, name: str, holder: str, *, now: float, seconds: float) -> bool:
    """Take (or renew) the lease of ``name`` for ``seconds`` when it is free, expired or already
    ``holder``'s; True when ``holder`` holds it now."""
    with engine.begin() as connection:
        insert_if_absent(connection, JobLease, _row(name))
        taken = connection.execute(
            update(JobLease)
            .where(
                JobLease.name == name,
                or_(JobLease.holder.is_(None), JobLease.expires_at < now, JobLease.holder == holder),
            )
            .values(holder=holder, expires_at=now + seconds)
        )
        return bool(taken.rowcount)


def requests(engine: Engine, name: str) -> tuple[int, int]:
    """(requested, done) of ``name`` ((0, 0) before any request)."""
    with engine.connect() as connection:
        row = connection.execute(
            select(JobLease.requested, JobLease.done).where(JobLease.name == name)
        ).first()
    return (int(row.requested), int(row.done)) if row is not None else (0, 0)


def finish(engine: Engine, name: str, holder: str, covered: int) -> bool:
    """Record that ``holder``'s run covered the requests up to ``covered``; False when the lease is
    no longer ``holder``'s (it expired and another process took it)."""
    with engine.begin() as connection:
        result = connection.execute(
            update(JobLease).where(JobLease.name == name, JobLease.holder == holder).values(done=covered)
        )
        return bool(result.rowcount)


def release(engine: Engine, name: str, holder: str) -> bool:
    """Let the lease go — only when no request came in since the last run (``requested == done``);
    False when one did (the holder must run again) or the lease is not ``holder``'s."""
    with engine.begin() as connection:
        result = connection.execute(
            update(JobLease)
            .where(JobLease.name == name, JobLease.holder == holder, JobLease.requested == JobLease.done)
            .values(holder=None, expires_at=0.0)
        )
        return bool(result.rowcount)
