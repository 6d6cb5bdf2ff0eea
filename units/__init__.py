"""Custodian units and their focal points, kept up by GEDI in the product: adding, renaming,
moving and retiring units, inviting and removing focal points, with history. The models are
the custodians app's; this package sits above indicators and entries, whose rules it reads."""
