"""How the caches kept across runs spell Python values: msgpack, which holds data and
nothing that runs when it is read. (A pickle names any callable to run as it is loaded, so a
cache file planted or damaged in a cleaned folder could run code; no cache is a pickle.)

Tuples and the dataclasses marked `@stored` are msgpack extensions: a record names its class,
only a class marked here can be built, and it is built from its field values by its own
constructor. A record of a newsclean module not imported yet imports it first, so that
reading does not depend on what the reader happened to import. Whatever else a damaged entry
holds fails to read with one of UNREADABLE."""

from __future__ import annotations

import importlib
import sys
from dataclasses import fields, is_dataclass
from typing import Any, TypeVar

import msgpack

_TUPLE = 1
_RECORD = 2
_CLASSES: dict[str, type] = {}

# What reading a damaged or foreign entry may raise: such an entry is as good as none.
UNREADABLE = (OSError, ValueError, TypeError, KeyError, ImportError, msgpack.UnpackException)

T = TypeVar("T", bound=type)


def stored(cls: T) -> T:
    """Marks a dataclass as one the caches may hold."""
    if not is_dataclass(cls):
        raise TypeError(f"{cls.__name__} is not a dataclass")
    _CLASSES[_name(cls)] = cls
    return cls


def packed(value: Any) -> bytes:
    """The value as msgpack, tuples and stored dataclasses kept as what they are."""
    return msgpack.packb(value, default=_extension, use_bin_type=True, strict_types=True)


def unpacked(data: bytes) -> Any:
    """The value `packed` gave `data`; raises one of UNREADABLE for anything else."""
    return msgpack.unpackb(data, ext_hook=_built, raw=False)


def _extension(value: Any) -> msgpack.ExtType:
    if type(value) is tuple:
        return msgpack.ExtType(_TUPLE, packed(list(value)))
    cls = type(value)
    if _CLASSES.get(_name(cls)) is cls:
        values = [getattr(value, f.name) for f in fields(value)]
        return msgpack.ExtType(_RECORD, packed([_name(cls), *values]))
    raise TypeError(f"a cache cannot hold a {cls.__qualname__}")


def _built(code: int, data: bytes) -> Any:
    if code == _TUPLE:
        return tuple(unpacked(data))
    if code == _RECORD:
        name, *values = unpacked(data)
        module = str(name).partition(":")[0]
        if name not in _CLASSES and module.startswith("newsclean.") and module not in sys.modules:
            importlib.import_module(module)
        if name not in _CLASSES:
            raise ValueError(f"a cache entry names {name!r}, which is not a stored record")
        return _CLASSES[name](*values)
    raise ValueError(f"a cache entry holds an unknown extension {code}")


def _name(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"
