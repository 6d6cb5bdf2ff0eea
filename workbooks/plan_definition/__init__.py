"""A plan's definition as a workbook, both ways: its structure out (``export``) and back in
(``importing``), e.g. to copy a plan as the start of a new one or to review it in a spreadsheet.

Only the structure travels: the plan, its phases and reporting years, sections, indicators,
targets with their custodians, and the custodian units, portfolios and regions they name, each
plan text with its French and Spanish versions. Results, breakdown lines (which belong to
results) and accelerating actions do not.
"""
