"""Alert review: officers work the alerts screening raises; reviewers confirm their decisions.

- ``rules``: who may do what (roles), the one error these services raise;
- ``decisions``: propose, confirm or reject a decision with four eyes (and the old
  per-match disposition, now a proposal on the match's alert);
- ``effects``: what a decision does once it takes effect (clearance, blocked
  counterparty with its webhook event, escalation);
- ``work``: assignments (one or many) and comments;
- ``queue``: the work queue's filters, sorting and paging;
- ``alert_view``: everything the alert page shows;
- ``dashboard``: the home page's alerts, list freshness and open-alert series;
- ``matches``: a stored match and its alert.
"""
