"""Continuous screening: the counterparty register, lists fetched from their
publishers, and re-screening by diff whenever either side changes."""
