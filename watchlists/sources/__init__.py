"""Lists fetched from their publishers: sources, their documented defaults, the fetcher."""
