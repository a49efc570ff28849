"""The database unreachable: 503 with Retry-After, a plain page (English and Welsh) and a JSON error,
never a traceback — and the site recovers by itself when the database returns (docs/adr/0079)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from glob import glob
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from healthassets.app import create_app
from healthassets.store.areas import write_geography
from healthassets.store.database import is_unavailable, make_engine, upgrade
from tests.io.conftest import AREAS, LINKS

PAGE, API = "/search?q=oldham", "/api/v1/areas/E08000004"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def assert_unavailable(client: TestClient, page: str, api: str, welsh: bool = False) -> None:
    shown = client.get(page)
    assert shown.status_code == 503 and shown.headers["retry-after"] == "30"
    assert shown.headers["content-type"].startswith("text/html")
    title = "nid yw'r gwasanaeth ar gael" if welsh else "Sorry, the service is unavailable"
    assert title in shown.text.replace("&#39;", "'")
    assert "Traceback" not in shown.text and "OperationalError" not in shown.text
    answered = client.get(api)
    assert answered.status_code == 503 and answered.headers["retry-after"] == "30"
    assert answered.json() == {
        "error": {"message": "the database is unavailable at the moment; try again in a minute"}
    }


def test_an_unreachable_database_gives_503_not_500() -> None:
    engine = make_engine(f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/none")
    with TestClient(create_app(engine), raise_server_exceptions=False) as client:
        assert_unavailable(client, PAGE, API)
        assert_unavailable(client, PAGE + "&lang=cy", API + "?lang=cy", welsh=True)
    engine.dispose()


def test_only_unavailability_counts_not_a_faulty_statement(engine: object) -> None:
    from sqlalchemy import Engine, text
    from sqlalchemy.exc import OperationalError, ProgrammingError

    assert isinstance(engine, Engine)
    with engine.connect() as connection:
        try:
            connection.execute(text("SELECT * FROM no_such_table"))
        except (OperationalError, ProgrammingError) as error:
            assert not is_unavailable(error)


# --- PostgreSQL stopped mid-session: its own throwaway cluster ---------------------------------------


def _bindir() -> Path | None:
    found = sorted(glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl else None


class Cluster:
    """A PostgreSQL cluster of our own on a free loopback port (initdb refuses root: the postgres
    system user runs it then)."""

    def __init__(self, bindir: Path, folder: Path) -> None:
        self.bindir, self.folder, self.port = bindir, folder, free_port()
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(folder, "postgres")
        self._run("initdb", "-D", str(folder / "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run([*self.as_user, str(self.bindir / tool), *args], check=True, capture_output=True)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            "pg_ctl",
            "-D",
            str(self.folder / "data"),
            "-l",
            str(self.folder / "log"),
            "-w",
            "-o",
            options,
            "start",
        )

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"


@pytest.fixture
def cluster(postgres_url: str | None) -> Iterator[Cluster]:
    if postgres_url is None:
        pytest.skip("the PostgreSQL pass stops a server of its own")
    bindir = _bindir()
    if bindir is None:
        pytest.skip("PostgreSQL's server programs are not installed")
    folder = Path(tempfile.mkdtemp(prefix="healthassets-stopped-"))
    own = Cluster(bindir, folder)
    own.start()
    try:
        yield own
    finally:
        subprocess.run(
            [*own.as_user, str(bindir / "pg_ctl"), "-D", str(folder / "data"), "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)


def test_postgresql_stopped_mid_session_then_back(cluster: Cluster) -> None:
    engine = make_engine(cluster.url)
    upgrade(engine)
    write_geography(engine, AREAS, LINKS)
    with TestClient(create_app(engine), raise_server_exceptions=False) as client:
        assert client.get(PAGE).status_code == 200
        assert client.get(API).status_code == 200
        cluster.stop()
        time.sleep(2.1)  # past the response cache's data-version check (a stopped server is asked)
        assert_unavailable(client, PAGE + "&palette=dark", "/api/v1/areas/E08000003")
        assert_unavailable(client, PAGE + "&lang=cy", API + "?x=1", welsh=True)
        cluster.start()
        time.sleep(2.1)
        assert client.get(PAGE + "&lang=cy").status_code == 200  # the pool reconnects by itself
        assert client.get("/api/v1/areas/E08000003").status_code == 200
    engine.dispose()
