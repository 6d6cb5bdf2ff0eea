"""GEDI's pages for custodian units and focal points (GEDI reviewers and administrators only)."""
