"""Who a request came from, behind reverse proxies: shared by the site's rate limits
(:mod:`healthassets.web.security`) and the API's (:mod:`healthassets.api.limits`)."""

from __future__ import annotations


def forwarded_client(peer: str, forwarded_for: str | None, trusted: frozenset[str]) -> str:
    """The client's address: ``peer`` unless it is a trusted proxy; then the nearest address in
    ``X-Forwarded-For`` (read from the right, each proxy appends the address it saw) that is not
    itself a trusted proxy. A client can put anything on the left of the header, so only what the
    trusted proxies appended counts."""
    if peer not in trusted or not forwarded_for:
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if hop not in trusted:
            return hop
    return hops[0] if hops else peer
