"""`@record`: the part of `@dataclass` batchgate uses, without its start-up cost (standard library only).

dataclasses builds every class through a dozen generated functions and typing checks: about
0.8 ms for a class of 15 fields, and the plan's model has seven, paid by every command and hook
that reads a tasks.md. A record gets what the engine relies on: `__init__` from the class's
annotations (defaults, and `field(default_factory=...)` for mutable ones), `__eq__` and
`__repr__` over the fields, and no `__hash__` (records are mutable). Type checkers read a record
as a dataclass (PEP 681).
"""

from __future__ import annotations

TYPE_CHECKING = False  # `typing` is not imported for this: the hooks' fast path never pays for it
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar

    from typing_extensions import dataclass_transform

    T = TypeVar("T")
    C = TypeVar("C", bound=type)
else:

    def dataclass_transform(**_options: object) -> object:
        return lambda decorated: decorated


class _Factory:
    """A field's default made anew for every instance."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


class _Missing:
    """The value of a parameter the caller left out (None may be a real value)."""

    __slots__ = ()


_MISSING = _Missing()


def field(*, default_factory: Callable[[], T]) -> T:
    """A field whose default is `default_factory()`, called for each new record."""
    made: Any = _Factory(default_factory)
    return made  # type: ignore[no-any-return]


@dataclass_transform(field_specifiers=(field,))
def record(cls: C) -> C:
    """Give `cls` an `__init__`, `__eq__` and `__repr__` over its annotated fields, in order."""
    names = tuple(cls.__annotations__)  # its own (3.10+), strings under `from __future__ import annotations`
    defaults = {name: cls.__dict__[name] for name in names if name in cls.__dict__}
    for name, default in defaults.items():
        if isinstance(default, _Factory):
            delattr(cls, name)  # as dataclasses does: no shared list on the class
    cls.__init__ = _init(cls, names, defaults)  # type: ignore[misc]
    cls.__eq__ = _eq  # type: ignore[assignment]
    cls.__hash__ = None  # type: ignore[assignment]
    cls.__repr__ = _repr  # type: ignore[assignment]
    cls.__record_fields__ = names  # type: ignore[attr-defined]
    return cls


def _init(cls: type, names: tuple[str, ...], defaults: dict[str, Any]) -> Callable[..., None]:
    """`__init__(self, a, b, c=default, ...)`, compiled once per class (names are the class's own identifiers)."""
    space: dict[str, Any] = {"_MISSING": _MISSING}
    params, body = ["self"], []
    for name in names:
        if name not in defaults:
            params.append(name)
            body.append(f"self.{name} = {name}")
        elif isinstance(defaults[name], _Factory):
            space[f"_make_{name}"] = defaults[name].make
            params.append(f"{name}=_MISSING")
            body.append(f"self.{name} = _make_{name}() if {name} is _MISSING else {name}")
        else:
            space[f"_default_{name}"] = defaults[name]
            params.append(f"{name}=_default_{name}")
            body.append(f"self.{name} = {name}")
    source = f"def __init__({', '.join(params)}):\n    " + "\n    ".join(body or ["pass"])
    exec(compile(source, f"<record {cls.__qualname__}>", "exec"), space)  # noqa: S102 - our own names only
    init: Callable[..., None] = space["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _values(item: Any) -> tuple[Any, ...]:
    return tuple(getattr(item, name) for name in type(item).__record_fields__)


def _eq(self: Any, other: object) -> bool:
    if type(other) is not type(self):
        return NotImplemented  # type: ignore[no-any-return]  # typeshed types it as a subclass of Any
    same: bool = _values(self) == _values(other)
    return same


def _repr(self: Any) -> str:
    fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in type(self).__record_fields__)
    return f"{type(self).__qualname__}({fields})"
