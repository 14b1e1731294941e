"""Packaging: the wheel ships the schemas and data files, and an installed (non-editable)
package finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from the working tree."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("newsitem-*.whl")
    return found


def test_wheel_ships_schemas_and_data(wheel: Path) -> None:
    """The wheel holds every schema version, the XSD, the label registry, the vocabularies,
    the IPTC mapping table and py.typed."""
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "newsitem/_schema/1.0/newsitem.schema.json",
        "newsitem/_schema/1.0/newsitem.xsd",
        "newsitem/_schema/1.1/newsitem.schema.json",
        "newsitem/_schema/1.1/newsitem.xsd",
        "newsitem/data/labels.json",
        "newsitem/interop/mapping.json",
        "newsitem/py.typed",
    ):
        assert required in names, required
    assert any(n.startswith("newsitem/data/vocab/") for n in names)


def test_installed_wheel_finds_its_schema(wheel: Path, tmp_path: Path) -> None:
    """Unpacked outside the source tree, the package loads its schema via importlib.resources."""
    target = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(target)
    code = (
        "import newsitem, newsitem.schemas as s; "
        f"assert newsitem.__file__.startswith({str(target)!r}); "
        "print(s.load_schema()['$id'], s.xsd_bytes() is not None)"
    )
    out = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(target)!r}); {code}"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["https://newsitem.dev/schema/1.1/newsitem.schema.json", "True"]
