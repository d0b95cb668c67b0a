"""Who may use the service: user accounts with their passwords and roles, and API keys."""
