"""Curation: the reviewed seed list built from reporting, and the extractor that
proposes new entries from articles for an analyst to review."""
