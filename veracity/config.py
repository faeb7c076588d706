"""Settings from `veracity.toml` (or `--config FILE`): schemas, field types, materiality."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from veracity.ingest.limits import Limits

DEFAULT_QUIET_PERIOD = 5.0
DEFAULT_RETENTION_DAYS = 30


class ConfigError(ValueError):
    """A setting that cannot be used; the message names the file and the setting."""


@dataclass(frozen=True)
class FieldSetting:
    """What the project says about one output field (a dotted path)."""

    type: str | None = None
    materiality: str | None = None


@dataclass(frozen=True)
class Config:
    """Everything a check may be told by the project. Hashed into the checker version."""

    schemas: dict[str, dict[str, Any]] = field(default_factory=dict)
    fields: dict[str, FieldSetting] = field(default_factory=dict)
    quiet_period: float = DEFAULT_QUIET_PERIOD
    retention_days: int = DEFAULT_RETENTION_DAYS
    raw: dict[str, Any] = field(default_factory=dict)
    limits: Limits = field(default_factory=Limits)  # `[limits]`: what one payload may hold (not hashed)

    def schema_for(self, agent: str | None) -> dict[str, Any] | None:
        """The declared output schema of an agent, else the project's default one."""
        return self.schemas.get(agent or "") or self.schemas.get("*")

    @property
    def digest(self) -> str:
        """A short hash of the settings that change what checks report."""
        body = orjson.dumps(
            {
                "schemas": self.schemas,
                "fields": {k: vars(v) for k, v in self.fields.items()},
                "coverage": self.raw.get("coverage"),
                "pairs": self.raw.get("pairs"),
                "privacy": self.raw.get("privacy"),
            },
            option=orjson.OPT_SORT_KEYS,
        )
        return hashlib.sha256(body).hexdigest()[:10]


def _load_schema(value: Any, base: Path, where: str) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    if not isinstance(value, str):
        raise ConfigError(f"{where}: expected a JSON Schema file name or an inline table")
    path = (base / value).resolve()
    try:
        schema = orjson.loads(path.read_bytes())
    except OSError as e:
        raise ConfigError(f"{where}: cannot read schema {path}: {e.strerror}") from None
    except orjson.JSONDecodeError as e:
        raise ConfigError(f"{where}: schema {path} is not JSON: {e}") from None
    if not isinstance(schema, dict):
        raise ConfigError(f"{where}: schema {path} is not a JSON object")
    return schema


def parse_config(data: dict[str, Any], base: Path, name: str = "veracity.toml") -> Config:
    schemas: dict[str, dict[str, Any]] = {}
    schema_section = data.get("schema", {})
    if not isinstance(schema_section, dict):
        raise ConfigError(f"{name}: [schema] must be a table")
    if "default" in schema_section:
        schemas["*"] = _load_schema(schema_section["default"], base, f"{name} [schema] default")
    for agent, value in (schema_section.get("agents") or {}).items():
        schemas[agent] = _load_schema(value, base, f"{name} [schema.agents] {agent}")
    fields = {}
    for path, setting in (data.get("fields") or {}).items():
        if not isinstance(setting, dict):
            raise ConfigError(f"{name}: [fields.{path}] must be a table")
        materiality = setting.get("materiality")
        if materiality not in (None, "critical", "major", "minor", "info"):
            raise ConfigError(f"{name}: [fields.{path}] materiality {materiality!r} is not critical|major|minor|info")
        fields[path] = FieldSetting(type=setting.get("type"), materiality=materiality)
    try:
        quiet = float(data.get("quiet_period", DEFAULT_QUIET_PERIOD))
        retention = int(data.get("retention_days", DEFAULT_RETENTION_DAYS))
        limits = Limits.from_table(data.get("limits"))
    except (TypeError, ValueError) as e:
        raise ConfigError(f"{name}: {e}") from None
    return Config(schemas=schemas, fields=fields, quiet_period=quiet, retention_days=retention, raw=data,
                  limits=limits)


def load_config(path: str | Path | None = None) -> Config:
    """`path`, else `veracity.toml` in the current directory, else the defaults."""
    file = Path(path) if path else Path("veracity.toml")
    if not file.exists():
        if path:
            raise ConfigError(f"{file}: no such config file")
        return Config()
    try:
        data = tomllib.loads(file.read_text())
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{file}: {e}") from None
    return parse_config(data, file.parent, str(file))
