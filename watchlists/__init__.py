"""The data we screen against: lists, their immutable versions and entities.

- ``models``: the tables (Watchlist, ListVersion, Entity with names, sources, relations);
- ``records``: what importers produce, free of the database;
- ``importers/``: readers of the official list formats;
- ``store``: writes a snapshot as a new list version with its diff;
- ``queries`` and ``entities``: reading lists, versions, diffs and one entity;
- ``loading``: the seed list and official files, from path to version;
- ``curation/``: the curated seed list and the extractor that proposes entries;
- ``scripts`` and ``countries``: writing systems and country codes.
"""
