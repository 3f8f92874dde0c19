"""The description of a version for people and tools: the dataset card, the report and the
Frictionless descriptor with the texts of its fields. `store/` keeps the data; this package
only reads what a version holds and says what it is."""
