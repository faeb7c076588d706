"""Record agent runs from Python: shadow runs for dual-run consistency."""

from veracity.sdk.shadow import Identity, rebind_kwargs, run_with_shadow, set_rate, shadow, wait_for_shadows

__all__ = ["Identity", "rebind_kwargs", "run_with_shadow", "set_rate", "shadow", "wait_for_shadows"]
