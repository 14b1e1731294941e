"""The exception tree: every exception class newsitem defines lives in errors.py under
NewsItemError (the serve package's internal HTTP signals aside)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import newsitem
from newsitem import errors


def test_every_exception_is_in_errors_under_newsitem_error() -> None:
    """Public exception classes found in any module (not newsitem.serve) come from errors.py
    and subclass NewsItemError; moved ones stay importable from their old modules."""
    found = {}
    for info in pkgutil.walk_packages(newsitem.__path__, "newsitem."):
        if info.name.startswith(("newsitem.serve", "newsitem.__main__")):
            continue
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # an optional extra (dask) that is not installed
            continue
        for name, value in vars(module).items():
            public = not name.startswith("_") and inspect.isclass(value)
            if (
                public
                and issubclass(value, BaseException)
                and value.__module__.startswith("newsitem")
            ):
                found[f"{info.name}.{name}"] = value
    assert found
    for where, cls in found.items():
        assert cls.__module__ == "newsitem.errors", where
        assert issubclass(cls, errors.NewsItemError), where
    from newsitem.codecs import parquet_codec
    from newsitem.config import ConfigError

    assert parquet_codec.MissingPyarrowError is errors.MissingPyarrowError
    assert issubclass(errors.MissingPyarrowError, errors.UsageError)
    assert ConfigError is errors.ConfigError
    for cls in (errors.MissingPyarrowError, errors.ConfigError, errors.MigrationRefused):
        assert cls.__name__ in (errors.__doc__ or ""), cls
