"""Alert destinations: Slack, PagerDuty Events API v2 and signed webhooks, with a delivery log.

`destinations(config)` reads `[[alerts.destinations]]` of veracity.toml; `payloads` builds each
destination's message as plain data (pure functions); `deliver` sends what the alerts table says
is due (a trigger for each open alert, a resolve for each resolved one that was announced),
retries with backoff, and records every attempt in the store's delivery log, keyed by
(alert id, destination, transition, episode) so nothing is sent twice.
"""

from veracity.notify.config import Destination, destinations
from veracity.notify.deliver import deliver_all, send_test

__all__ = ["Destination", "deliver_all", "destinations", "send_test"]
