"""Name mentions and their spellings: comparison keys and grouping."""
