"""The release check: the sdist and wheel are built, the wheel is installed (not editable) in a
fresh virtual environment, and the command from it is run on ``examples/``.

It needs ``build`` and ``hatchling`` (the ``release`` extra that ``make test`` installs) and
pip's access to the package index for the wheel's dependencies.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

from newsitem.forms import FORMS
from newsitem.schemas import KNOWN_VERSIONS
from tests.conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.release

#: Feed forms are written as one file; the others as a directory of one file per item.
_FEED_SUFFIX = {"jsonl": ".jsonl", "xml-feed": ".xml"}


def _version_in_file() -> str:
    """The version as written in src/newsitem/_version.py (read as text, not imported)."""
    text = (ROOT / "src" / "newsitem" / "_version.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"$', text, re.MULTILINE)
    assert found, "src/newsitem/_version.py has no __version__ line"
    return found.group(1)


def _build(outdir: Path, *args: str) -> None:
    if importlib.util.find_spec("build") is None:
        pytest.skip("the `build` package is missing: pip install -e '.[release]' (make test does)")
    done = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(outdir), *args, ROOT],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sdist, the wheel built from the sdist, and a wheel built straight from the tree."""
    via_sdist = tmp_path_factory.mktemp("dist")
    _build(via_sdist)  # sdist, then the wheel from the unpacked sdist
    from_tree = tmp_path_factory.mktemp("dist-tree")
    _build(from_tree, "--wheel")
    (sdist,) = via_sdist.glob("newsitem-*.tar.gz")
    (wheel,) = via_sdist.glob("newsitem-*.whl")
    (tree_wheel,) = from_tree.glob("newsitem-*.whl")
    return {"sdist": sdist, "wheel": wheel, "tree_wheel": tree_wheel}


@pytest.fixture(scope="module")
def installed(dist: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin/ folder of a fresh virtual environment with the wheel installed in it.

    The environment gets no pip of its own (ensurepip alone costs seconds); the test's pip
    installs into it with ``--python``, resolving the dependencies from the wheel's metadata.
    """
    env = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=False, clear=True).create(env)
    pip = [sys.executable, "-m", "pip", "--python", str(env / "bin" / "python")]
    done = subprocess.run(
        [*pip, "install", "--quiet", "--no-compile", dist["wheel"]],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0 and "No matching distribution" in done.stderr:
        pytest.skip(f"the wheel's dependencies cannot be installed here: {done.stderr[-500:]}")
    assert done.returncode == 0, done.stderr[-3000:]
    return env / "bin"


def _run(
    bindir: Path, *args: str | Path, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "NEWSITEM_IPTC_SCHEMAS"}}
    env["PATH"] = f"{bindir}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(
        [bindir / "newsitem", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env=env,
    )


def _members(wheel: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(wheel) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def test_wheel_and_sdist_carry_the_version(dist: dict[str, Path]) -> None:
    """Both archives are named with the version written in src/newsitem/_version.py."""
    version = _version_in_file()
    assert dist["sdist"].name == f"newsitem-{version}.tar.gz"
    assert dist["wheel"].name == f"newsitem-{version}-py3-none-any.whl"


def test_sdist_builds_the_same_wheel(dist: dict[str, Path]) -> None:
    """The wheel built from the sdist has the same files, with the same bytes, as the wheel
    built from the working tree (so the sdist misses nothing the package needs)."""
    from_sdist, from_tree = _members(dist["wheel"]), _members(dist["tree_wheel"])
    assert sorted(from_sdist) == sorted(from_tree)
    differing = [name for name in from_tree if from_sdist[name] != from_tree[name]]
    assert differing == []


def test_wheel_carries_schemas_data_and_py_typed(dist: dict[str, Path]) -> None:
    """Every non-Python file of the package (schemas, label registry, vocabularies, IPTC
    mapping, py.typed) is in the wheel, each schema version equals schema/<version>/, and the
    licence is in the metadata."""
    names = _members(dist["wheel"])
    package = ROOT / "src" / "newsitem"
    data_files = [
        path.relative_to(package.parent).as_posix()
        for path in package.rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts
    ]
    assert "newsitem/py.typed" in data_files
    assert [name for name in data_files if name not in names] == []
    for version in KNOWN_VERSIONS:
        for source in sorted((ROOT / "schema" / version).iterdir()):
            assert names[f"newsitem/_schema/{version}/{source.name}"] == source.read_bytes()
    version = _version_in_file()
    licence = names[f"newsitem-{version}.dist-info/licenses/LICENSE"]
    assert licence == (ROOT / "LICENSE").read_bytes()
    metadata = names[f"newsitem-{version}.dist-info/METADATA"].decode()
    assert f"\nVersion: {version}\n" in metadata
    assert "\nLicense-Expression: Apache-2.0\n" in metadata


def test_sdist_carries_the_project_files(dist: dict[str, Path]) -> None:
    """The sdist holds the licence, changelog, specification, schemas, examples, tests and
    what the tests read (documentation sources, the files the site includes)."""
    with tarfile.open(dist["sdist"]) as tar:
        names = {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}
    for required in ("LICENSE", "CHANGELOG.md", "SPEC.md", "README.md", "pyproject.toml",
                     "CONTRIBUTING.md", "SECURITY.md", "mkdocs.yml", "tools/mkdocs_hooks.py",
                     "docs/index.md", "bench/results.md", ".pre-commit-hooks.yaml"):  # fmt: skip
        assert required in names, required
    for version in KNOWN_VERSIONS:
        assert f"schema/{version}/newsitem.schema.json" in names
    assert "src/newsitem/_version.py" in names
    assert any(name.startswith("examples/articles/") for name in names)
    assert any(name.startswith("tests/conformance/") for name in names)


def test_installed_package_is_the_wheel(installed: Path) -> None:
    """The fresh environment imports newsitem from its own site-packages, not the tree."""
    done = subprocess.run(
        [installed / "python", "-I", "-c", "import newsitem; print(newsitem.__file__)"],
        capture_output=True,
        text=True,
        check=False,
        cwd=installed.parent,
    )
    assert done.returncode == 0, done.stderr
    location = Path(done.stdout.strip())
    assert location.is_relative_to(installed.parent)
    assert "site-packages" in location.parts


def test_installed_version(installed: Path) -> None:
    """`newsitem --version` of the installed wheel prints the one version and the formats."""
    done = _run(installed, "--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"newsitem {_version_in_file()} (formats {', '.join(KNOWN_VERSIONS)})\n"


def test_installed_validates_the_examples(installed: Path) -> None:
    """The installed command finds the articles and raw pages valid (exit 0) and reports the
    invalid examples' codes (exit 1)."""
    good = _run(installed, "validate", "-q", EXAMPLES / "articles", EXAMPLES / "raw")
    assert (good.returncode, good.stderr) == (0, "")
    bad = _run(installed, "validate", EXAMPLES / "invalid")
    assert bad.returncode == 1, bad.stderr
    codes = set(re.findall(r": (NI\d{3}) ", bad.stdout))
    assert {"NI101", "NI102", "NI105", "NI201", "NI205", "NI301"} <= codes


# Parquet needs the parquet extra (not in this install) and is a columnar form, read back with
# --from parquet: tests/unit/test_parquet_codec.py and tests/dask cover it.
@pytest.mark.parametrize("form", sorted(f for f in FORMS if f != "parquet"))
def test_installed_converts_to_every_form_and_back(
    installed: Path, form: str, tmp_path: Path
) -> None:
    """The installed command converts the JSON articles to the form and back to JSON, and
    gets the articles back byte for byte."""
    out = tmp_path / f"out{_FEED_SUFFIX.get(form, '')}"
    articles = EXAMPLES / "articles"
    there = _run(installed, "convert", articles, "--include", "*.json", "--to", form, "-o", out)
    assert there.returncode == 0, there.stderr
    back = _run(installed, "convert", out, "--to", "json", "-o", tmp_path / "back")
    assert back.returncode == 0, back.stderr
    originals = sorted(p.read_bytes() for p in (EXAMPLES / "articles").glob("*.json"))
    returned = sorted(p.read_bytes() for p in (tmp_path / "back").rglob("*.json"))
    assert returned == originals


def test_installed_without_the_parquet_extra_names_it(installed: Path, tmp_path: Path) -> None:
    """Without pyarrow, `convert --to parquet` says which extra to install and exits 2."""
    done = _run(
        installed,
        "convert",
        EXAMPLES / "articles",
        "--include",
        "*.json",
        "--to",
        "parquet",
        "-o",
        tmp_path / "out",
    )
    assert done.returncode == 2, done.stderr
    assert "newsitem[parquet]" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("version", KNOWN_VERSIONS)
def test_installed_prints_the_schemas(installed: Path, version: str) -> None:
    """`newsitem schema` and `schema --xsd` print schema/<version>/ byte for byte."""
    folder = ROOT / "schema" / version
    done = _run(installed, "schema", "--version", version)
    assert done.returncode == 0, done.stderr
    assert done.stdout.encode() == (folder / "newsitem.schema.json").read_bytes()
    done = _run(installed, "schema", "--version", version, "--xsd")
    assert done.returncode == 0, done.stderr
    assert done.stdout.encode() == (folder / "newsitem.xsd").read_bytes()
