"""The `info` a planned resolver gets: the schema's own Info class, its GraphQLResolveInfo built when first read.

graphql-jit's createResolveInfoThunk is the model: all of a field's resolve info but its path is
fixed per plan (field, nodes, types, operation) or per execution (variables, context, root value),
so a call only records where it is. `info.context` and `info.root_value` read the execution; any
other attribute builds the call's GraphQLResolveInfo once, as graphql-core's executor builds it, and
Strawberry's own properties read it from there. A resolver that reads nothing pays for one small
object. An Info subclass with fields or `__post_init__` of its own is built as Strawberry builds it.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeAlias, cast

from graphql import GraphQLResolveInfo
from strawberry.types.field import StrawberryField
from strawberry.types.info import Info

if TYPE_CHECKING:
    from schema.execution.fields import FieldPlan, Run, RunPath

InfoMaker: TypeAlias = "Callable[[FieldPlan, Run, RunPath], Info[Any, Any]]"


def _raw_info(info: Any) -> GraphQLResolveInfo[Any]:
    plan: FieldPlan = info._plan
    return plan.resolve_info(info._run, info._at)


def _context(info: Any) -> Any:
    return info._run.executor.context_value


def _root_value(info: Any) -> Any:
    return info._run.executor.root_value


@functools.cache  # one per Info class a schema configures
def info_maker(info_class: type[Info[Any, Any]]) -> InfoMaker:
    """What makes a planned resolver's `info` from (plan, run, path): lazily for Strawberry's Info and
    subclasses that only add methods; else the class itself over an eagerly built raw info."""
    own_fields = {field.name for field in dataclasses.fields(info_class)} != {"_raw_info", "_field"}
    if own_fields or hasattr(info_class, "__post_init__"):
        return functools.partial(_eager, info_class)
    return cast("InfoMaker", _lazy_class(info_class))


def _eager(info_class: type[Info[Any, Any]], plan: FieldPlan, run: Run, at: RunPath) -> Info[Any, Any]:
    return info_class(_raw_info=plan.resolve_info(run, at), _field=cast("StrawberryField", plan.strawberry_field))


def _lazy_class(info_class: type[Info[Any, Any]]) -> type[Info[Any, Any]]:
    """A subclass of the schema's Info class made per call from (plan, run, path), its raw info built on first use.

    It keeps the configured class's name; only `type(info) is Info` tells it apart. `context` and
    `root_value` read the execution directly unless the configured class defines them itself.
    """

    def __init__(self: Any, plan: FieldPlan, run: Run, at: RunPath) -> None:
        self._plan = plan
        self._run = run
        self._at = at

    namespace: dict[str, Any] = {
        "__slots__": ("_plan", "_run", "_at"),
        "__init__": __init__,
        "__module__": info_class.__module__,
        "__qualname__": info_class.__qualname__,
        "_raw_info": functools.cached_property(_raw_info),
        "_field": property(lambda self: self._plan.strawberry_field),
    }
    for name, read in (("context", _context), ("root_value", _root_value)):
        if _definition(info_class, name) is vars(Info)[name]:
            namespace[name] = property(read)
    lazy: type[Info[Any, Any]] = type(info_class.__name__, (info_class,), namespace)
    return lazy


def _definition(cls: type, name: str) -> object:
    """What the class's attribute `name` is, as defined (a property object, not its value)."""
    return next(vars(base)[name] for base in cls.__mro__ if name in vars(base))
