"""One Dask cluster per test session (per xdist worker): two worker processes, one thread each."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session")
def dask_client() -> Iterator[Any]:
    """A ``distributed.Client`` on a local cluster, the default scheduler while the session lasts;
    closed (workers stopped) at its end."""
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", memory_limit="2GiB"
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client
