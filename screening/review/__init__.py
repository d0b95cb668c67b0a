"""Review of potential matches: officers decide whether a match is the listed party."""
