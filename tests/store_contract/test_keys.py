"""Contract: API keys are stored by digest, listed oldest first, revoked once."""

from __future__ import annotations

from veracity.store import open_store
from veracity.store.base import ApiKey, Store

from .conftest import T0


def _key(i: int, project: str | None = "p1", admin: bool = False) -> ApiKey:
    return ApiKey(key_id=f"k{i}", digest=f"digest-{i}", project=project, admin=admin, created_ns=T0 + i)


def test_keys_list_oldest_first_and_revoke_once(store: Store) -> None:
    assert store.list_keys() == []
    store.create_key(_key(2))
    store.create_key(_key(1, project=None, admin=True))
    assert [(k.key_id, k.project, k.admin, k.revoked_ns) for k in store.list_keys()] == \
        [("k1", None, True, None), ("k2", "p1", False, None)]
    assert store.revoke_key("k2", T0 + 50) is True
    assert store.revoke_key("k2", T0 + 60) is False  # already revoked: the first time stays
    assert store.revoke_key("nope", T0 + 60) is False
    keys = {k.key_id: k for k in store.list_keys()}
    assert keys["k2"].revoked_ns == T0 + 50 and keys["k2"].digest == "digest-2" and keys["k1"].revoked_ns is None
    assert len(keys) == 2  # a revocation rewrites the key, it adds none


def test_keys_outlive_the_process_that_wrote_them(store_url: str) -> None:
    first = open_store(store_url)
    try:
        first.create_key(_key(1))
        first.revoke_key("k1", T0 + 9)
    finally:
        first.close()
    again = open_store(store_url)
    try:
        assert [(k.key_id, k.revoked_ns) for k in again.list_keys()] == [("k1", T0 + 9)]
    finally:
        again.close()
