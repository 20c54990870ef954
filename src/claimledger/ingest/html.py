"""HTML pages to article text with trafilatura.

Claim offsets point into the text returned here, so it is kept exactly as trafilatura
extracts it: no cleaning afterwards.
"""

from __future__ import annotations

import re
from typing import Any

import trafilatura

# Only dates the page states in its markup (meta tags, structured data), never guessed
# from the body; a fixed max_date so the result does not depend on the day it runs.
DATE_PARAMS: dict[str, Any] = {"original_date": True, "extensive_search": False, "max_date": "2999-12-31"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def article_from_html(html: str) -> dict[str, Any]:
    """The main text of an HTML page and its title, publication date and site name.

    Returns ``{"text", "title", "published", "outlet"}``; ``text`` is ``""`` when the page
    has no extractable main text, the others are None when the page does not state them.
    """
    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params=DATE_PARAMS,
    )
    if doc is None:
        return {"text": "", "title": None, "published": None, "outlet": None}
    date = doc.date if isinstance(doc.date, str) and ISO_DATE.match(doc.date) else None
    return {
        "text": doc.text or "",
        "title": doc.title or None,
        "published": date,
        "outlet": doc.sitename or None,
    }
