"""Every mail the site sends is composed here: a subject always on one line.

A subject often carries a name someone typed (an organization's). A line break in it would
make the mail library refuse the whole message (a header cannot span lines unfolded), so
whatever the data holds, the subject is made one line (``plain_text.one_line``).
"""

from __future__ import annotations

from flask_mailman import EmailMessage

from directory.plain_text import one_line


def email_message(subject: object, body: str, to: list[str]) -> EmailMessage:
    """``subject`` may be a lazy string: it is rendered in the locale active now."""
    return EmailMessage(subject=one_line(str(subject)), body=body, to=to)
