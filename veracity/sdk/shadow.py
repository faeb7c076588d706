"""Shadow runs: run an agent a second time, as someone else, and let veracity diff the two.

>>> @shadow(rate=0.1, agent="enricher")          # doctest: +SKIP
... def enrich(company: str) -> dict: ...

For a sampled share of calls the function runs again in a background thread (after the
primary returns, or beside it) under a new trace whose root span carries a fresh
``session.id`` and ``user.id``; both runs' root spans carry the same ``veracity.pair_key``.
The caller always gets the primary's result or exception, unchanged and without waiting:
the shadow's exceptions are logged and swallowed. Identity and session *arguments* the
function takes are changed by a hook you pass (``rebind``); :func:`rebind_kwargs` builds one.

Works with any OpenTelemetry-instrumented function: the decorator opens an agent span
(OpenInference ``AGENT`` / GenAI ``invoke_agent``) that is the run's root unless the call
already runs inside a span, which then gets the pair key too.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import functools
import inspect
import json
import logging
import random
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.trace import Span, Status, StatusCode, TracerProvider

P = ParamSpec("P")
R = TypeVar("R")
Args = tuple[tuple[Any, ...], dict[str, Any]]

PAIR_KEY = "veracity.pair_key"
SHADOW = "veracity.shadow"
SHADOW_OF = "veracity.shadow_of"
SESSION_ID = "session.id"
USER_ID = "user.id"

log = logging.getLogger("veracity.sdk.shadow")
_rates: dict[str, float] = {}
_pending: set[Future[Any]] = set()
_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None


@dataclass(frozen=True)
class Identity:
    """Who the shadow runs as: a fresh session and user, and the pair it belongs to."""

    session_id: str
    user_id: str
    pair_key: str


Rebind = Callable[[tuple[Any, ...], dict[str, Any], Identity], Args]


def set_rate(agent: str, rate: float) -> None:
    """Override the sampled share of calls for one agent (0 turns its shadows off)."""
    _rates[agent] = max(0.0, min(1.0, rate))


def rebind_kwargs(session: str | None = "session_id", user: str | None = "user_id") -> Rebind:
    """A hook that gives the shadow fresh values for the named keyword arguments."""

    def rebind(args: tuple[Any, ...], kwargs: dict[str, Any], who: Identity) -> Args:
        new = dict(kwargs)
        if session:
            new[session] = who.session_id
        if user:
            new[user] = who.user_id
        return args, new

    return rebind


def _pool() -> ThreadPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="veracity-shadow")
        return _executor


def wait_for_shadows(timeout: float | None = None) -> None:
    """Block until every shadow started so far has finished (tests, shutdown hooks)."""
    with _lock:
        pending = list(_pending)
    for f in pending:
        with contextlib.suppress(Exception):
            f.result(timeout=timeout)


def _json(value: Any) -> str | None:
    try:
        return json.dumps(value, default=str, ensure_ascii=False)
    except (TypeError, ValueError):
        return None


def _copy(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Args:
    try:
        return copy.deepcopy(args), copy.deepcopy(kwargs)
    except Exception:
        return args, dict(kwargs)


def _io_input(args: tuple[Any, ...], kwargs: dict[str, Any]) -> str | None:
    if not args and not kwargs:
        return None
    return _json(kwargs if not args else {"args": list(args), **kwargs} if kwargs else list(args))


class _Runner:
    """One decorated function's settings and its primary/shadow execution."""

    def __init__(
        self,
        fn: Callable[..., Any],
        rate: float,
        agent: str,
        rebind: Rebind | None,
        mode: str,
        record_io: bool,
        tracer_provider: TracerProvider | None,
        sample: Callable[[], float],
    ) -> None:
        self.fn, self.rate, self.agent, self.rebind = fn, rate, agent, rebind
        self.mode, self.record_io, self.sample = mode, record_io, sample
        self.tracer = trace.get_tracer("veracity.sdk.shadow", tracer_provider=tracer_provider)

    def sampled(self) -> bool:
        return self.sample() < _rates.get(self.agent, self.rate)

    def _attrs(self, pair_key: str) -> dict[str, Any]:
        return {
            "openinference.span.kind": "AGENT",
            "gen_ai.operation.name": "invoke_agent",
            "gen_ai.agent.name": self.agent,
            PAIR_KEY: pair_key,
        }

    def _finish(self, span: Span, args: tuple[Any, ...], kwargs: dict[str, Any], result: Any) -> None:
        if not self.record_io:
            return
        inp, out = _io_input(args, kwargs), _json(result)
        if inp is not None:
            span.set_attribute("input.value", inp)
        if out is not None:
            span.set_attribute("output.value", out)

    def primary_span(self, pair_key: str) -> Any:
        current = trace.get_current_span()
        if current.is_recording():
            current.set_attribute(PAIR_KEY, pair_key)
        return self.tracer.start_as_current_span(
            f"invoke_agent {self.agent}", attributes=self._attrs(pair_key)
        )

    def run_shadow(
        self, args: tuple[Any, ...], kwargs: dict[str, Any], who: Identity, primary_trace: str
    ) -> None:
        """The second run: a new trace, a fresh identity; never raises."""
        try:
            if self.rebind is not None:
                args, kwargs = self.rebind(args, kwargs, who)
            attrs = {
                **self._attrs(who.pair_key),
                SESSION_ID: who.session_id,
                USER_ID: who.user_id,
                SHADOW: True,
            }
            if primary_trace:
                attrs[SHADOW_OF] = primary_trace
            with self.tracer.start_as_current_span(
                f"invoke_agent {self.agent}",
                context=otel_context.Context(),
                attributes=attrs,
                record_exception=False,
                set_status_on_exception=False,
            ) as span:
                try:
                    result = self.fn(*args, **kwargs)
                    if inspect.isawaitable(result):
                        result = asyncio.run(_await(result))
                    self._finish(span, args, kwargs, result)
                except Exception as e:
                    span.record_exception(e)
                    span.set_status(Status(StatusCode.ERROR, str(e)))
                    log.exception("shadow run of %s failed (pair %s)", self.agent, who.pair_key)
        except Exception:
            log.exception("shadow run of %s could not start (pair %s)", self.agent, who.pair_key)

    def submit(
        self, args: tuple[Any, ...], kwargs: dict[str, Any], who: Identity, primary_trace: str
    ) -> None:
        try:
            future = _pool().submit(self.run_shadow, args, kwargs, who, primary_trace)
        except RuntimeError:
            log.warning("shadow of %s not started: executor shut down", self.agent)
            return
        with _lock:
            _pending.add(future)
        future.add_done_callback(_forget)


async def _await(x: Any) -> Any:
    return await x


def _forget(f: Future[Any]) -> None:
    with _lock:
        _pending.discard(f)


def _identity() -> Identity:
    return Identity(
        session_id=f"shadow-{uuid.uuid4().hex[:16]}",
        user_id=f"veracity-shadow-{uuid.uuid4().hex[:8]}",
        pair_key=f"pk-{uuid.uuid4().hex}",
    )


def shadow(
    rate: float = 0.1,
    agent: str | None = None,
    *,
    rebind: Rebind | None = None,
    mode: str = "after",
    record_io: bool = True,
    tracer_provider: TracerProvider | None = None,
    sample: Callable[[], float] = random.random,
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Run the decorated agent function a second time for a ``rate`` share of calls.

    ``mode="after"`` starts the shadow when the primary has returned (the shadow is skipped
    when the primary raised); ``"beside"`` starts it before the primary runs."""
    if mode not in ("after", "beside"):
        raise ValueError("mode must be 'after' or 'beside'")

    def decorate(fn: Callable[P, R]) -> Callable[P, R]:
        runner = _Runner(fn, rate, agent or fn.__name__, rebind, mode, record_io, tracer_provider, sample)
        if inspect.iscoroutinefunction(fn):
            return _wrap_async(fn, runner)  # type: ignore[return-value]

        @functools.wraps(fn)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            if not _safe_sampled(runner):
                return fn(*args, **kwargs)
            who = _identity()
            saved = _copy(args, kwargs)
            with runner.primary_span(who.pair_key) as span:
                trace_id = f"{span.get_span_context().trace_id:032x}"
                if mode == "beside":
                    runner.submit(*saved, who, trace_id)
                result = fn(*args, **kwargs)
                runner._finish(span, args, kwargs, result)
            if mode == "after":
                runner.submit(*saved, who, trace_id)
            return result

        return wrapper

    return decorate


def _safe_sampled(runner: _Runner) -> bool:
    try:
        return runner.sampled()
    except Exception:
        log.exception("shadow sampler of %s failed", runner.agent)
        return False


def _wrap_async(fn: Callable[..., Any], runner: _Runner) -> Callable[..., Any]:
    @functools.wraps(fn)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not _safe_sampled(runner):
            return await fn(*args, **kwargs)
        who = _identity()
        saved = _copy(args, kwargs)
        with runner.primary_span(who.pair_key) as span:
            trace_id = f"{span.get_span_context().trace_id:032x}"
            if runner.mode == "beside":
                runner.submit(*saved, who, trace_id)
            result = await fn(*args, **kwargs)
            runner._finish(span, args, kwargs, result)
        if runner.mode == "after":
            runner.submit(*saved, who, trace_id)
        return result

    return wrapper


def run_with_shadow(
    fn: Callable[..., R], *args: Any, agent: str | None = None, rebind: Rebind | None = None, **kwargs: Any
) -> R:
    """Call ``fn`` once with a shadow run for sure (no sampling): the API form of :func:`shadow`."""
    return shadow(rate=1.0, agent=agent, rebind=rebind, sample=lambda: 0.0)(fn)(*args, **kwargs)
