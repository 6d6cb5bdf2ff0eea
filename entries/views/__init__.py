"""Pages where custodians enter results and actions and GEDI reviews them.

Each view first fetches what it works on through ``indicators.permissions`` (a target the user
cannot see is a 404, a change they may not make a 403), then validates a form and calls a
service. Anything that changes data is POST-only.
"""
