"""Alerts: a screened party tied to a listed entity, waiting for a person's decision.

Continuous screening (``screening.monitoring``) and one-off screening raise
alerts here; officers and reviewers work them (``screening.review``). A pair
(subject, listed entity) has at most one open alert, and a confirmed
false positive becomes a clearance that keeps the pair quiet until either
side changes.

- ``models``: counterparties, alerts, their history, decisions and clearances;
- ``subjects``: who is screened (a counterparty, or a name from a one-off job);
- ``raising``: open, refresh and close alerts, honouring clearances.
"""
