"""Fixtures for the service: a test client, a real ``newsitem serve`` process on 127.0.0.1, and
Debian's headless Chromium driven by Selenium (skipped, with the reason, where it cannot be had)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette", reason="the serve extra is not installed (pip install '.[serve]')")

from starlette.testclient import TestClient

from newsitem.serve import ServeConfig, create_app

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
#: Where the browser tests save their screenshots (default: pytest's temporary folder).
SCREENSHOTS_ENV = "NEWSITEM_SCREENSHOTS"


@pytest.fixture
def client() -> Iterator[TestClient]:
    """A test client of the app with the CLI's default limits."""
    with TestClient(create_app(ServeConfig())) as test_client:
        yield test_client


def make_client(config: ServeConfig, **kwargs: Any) -> TestClient:
    """A test client of an app with the given configuration."""
    return TestClient(create_app(config), **kwargs)


class LiveServer:
    """A ``newsitem serve`` process listening on 127.0.0.1 at a free port."""

    def __init__(self, args: list[str], log: Path) -> None:
        self.log = log
        self._log_file = log.open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "newsitem",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                *args,
            ],
            stdout=subprocess.DEVNULL,
            stderr=self._log_file,
            start_new_session=True,
        )
        self.url = self._wait_for_url()
        self.port = int(self.url.rsplit(":", 1)[1])

    def _wait_for_url(self) -> str:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            found = re.search(r"listening on (http://\S+)", self.log.read_text("utf-8", "replace"))
            if found:
                return found.group(1)
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        pytest.fail(f"newsitem serve did not start:\n{self.log.read_text('utf-8', 'replace')}")

    def stop(self) -> None:
        """End the server (its whole process group: forked workers too)."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self._log_file.close()


def start_server(tmp_path: Path, *args: str) -> LiveServer:
    """Start a server with extra CLI arguments (the caller stops it)."""
    return LiveServer(list(args), tmp_path / f"serve-{len(list(tmp_path.glob('serve-*')))}.log")


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One ``newsitem serve`` process for a test module; always stopped at the end."""
    server = start_server(tmp_path_factory.mktemp("serve"))
    try:
        yield server
    finally:
        server.stop()


def _browser_options(user_data: Path, *, javascript: bool = True) -> Any:
    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--window-size=1400,1000",
        f"--user-data-dir={user_data}",
    ):
        options.add_argument(flag)
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2}
        )
    return options


def _need_browser() -> None:
    pytest.importorskip(
        "selenium", reason="selenium is not installed (pip install '.[serve-test]')"
    )
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).exists()]
    if missing:
        pytest.skip(
            f"{' and '.join(missing)} not installed (apt-get install chromium chromium-driver, "
            "which `make test` does as root); browser tests skipped"
        )


def open_browser(tmp_path: Path, *, javascript: bool = True) -> Any:
    """A headless Chromium (Debian's) through Debian's chromedriver; the caller quits it."""
    _need_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    user_data = tmp_path / f"chromium-profile-{javascript}"
    user_data.mkdir(exist_ok=True)
    service = Service(executable_path=CHROMEDRIVER)
    return webdriver.Chrome(
        service=service, options=_browser_options(user_data, javascript=javascript)
    )


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    """A headless Chromium with JavaScript on; always quit at the end."""
    driver = open_browser(tmp_path)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def screenshot_dir(tmp_path: Path) -> Path:
    """Where screenshots go: $NEWSITEM_SCREENSHOTS when set, else the test's temporary folder."""
    chosen = os.environ.get(SCREENSHOTS_ENV)
    path = Path(chosen) if chosen else tmp_path / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


def have_curl() -> bool:
    """True when the curl command is on PATH."""
    return shutil.which("curl") is not None
