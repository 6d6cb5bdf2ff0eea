"""The vendored plotly.js bundle, made to load nothing from another host.

plotly.js's defaults point at plotly's own servers: map outlines from cdn.plot.ly, "send to
Chart Studio" at cloud.plotly.com, the mode bar's logo linking to plotly.com. Users on closed
networks cannot reach them, and the app must not ask. ``offline_bundle`` rewrites those
defaults in the npm bundle (``manage.py vendor_plotly``); a test checks the served file.
"""

from __future__ import annotations

import re

# Each off-host default, and what it becomes.
REPLACEMENTS = {
    # Map outlines: the basic bundle draws no maps; should one ever, it asks this host.
    'topojsonURL:{valType:"string",noBlank:!0,dflt:"https://cdn.plot.ly/un/"}': (
        'topojsonURL:{valType:"string",noBlank:!0,dflt:"/static/vendor/plotly/topojson/"}'
    ),
    # "Send to Chart Studio": off.
    'plotlyServerURL:{valType:"string",dflt:"https://cloud.plotly.com/newchart"}': (
        'plotlyServerURL:{valType:"string",dflt:""}'
    ),
    # The mode bar's logo (the scorecards hide the mode bar): no link out.
    'r.href="https://plotly.com/"': 'r.href="#"',
    # Texts in error messages and attribute descriptions, named rather than linked.
    "see https://plotly.com/javascript/animations/": "see plotly.js's animation documentation",
    '"https://github.com/d3/d3-format/tree/v1.4.5#d3-format"': '"d3-format 1.4.5"',
    '"https://github.com/d3/d3-time-format/tree/v2.2.3#locale_format"': '"d3-time-format 2.2.3"',
}

# What may stay: XML namespace names (identifiers, never fetched) and licence credits in comments.
KEPT_URLS = {
    "http://www.w3.org/2000/svg",
    "http://www.w3.org/2000/xmlns/",
    "http://www.w3.org/1999/xlink",
    "http://www.w3.org/1999/xhtml",
    "http://www.w3.org/XML/1998/namespace",
    "https://github.com/voidqk/polybooljs",
    "http://syntheti.cc",
    "http://getify.mit-license.org",
}

URL = re.compile(r"https?://[^\s\"'`)\\]+")


def offline_bundle(source: str) -> str:
    """The bundle with every off-host default rewritten; refuses a bundle it does not know."""
    for original, replacement in REPLACEMENTS.items():
        if original not in source and replacement not in source:
            raise ValueError(f"plotly.js bundle without {original!r}: check REPLACEMENTS")
        source = source.replace(original, replacement)
    left = off_host_urls(source)
    if left:
        raise ValueError(f"plotly.js bundle with addresses of other hosts: {', '.join(left)}")
    return source


def off_host_urls(source: str) -> list[str]:
    """Addresses of other hosts in the bundle, beyond the namespaces and credits it may keep."""
    return sorted({url for url in URL.findall(source) if url not in KEPT_URLS})
