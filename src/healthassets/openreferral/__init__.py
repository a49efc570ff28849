"""The community asset register as an Open Referral UK 3.0 feed (HSDS 3.0, UK profile).

``taxonomy`` (our vocabularies as HSDS taxonomies with stable UUIDs), ``schedule`` (opening times
as HSDS schedules), ``mapping`` (asset rows → HSDS dicts, filters, the page envelope) are pure;
``store`` and ``geocode`` read the database and the bundled postcode file; ``routes`` is the
FastAPI router served under ``/openreferral``; ``io`` exports and imports HSDS JSON.
See docs/adr/0029-open-referral-mapping.md and docs/adr/0030-open-referral-spec-faults.md.
"""
