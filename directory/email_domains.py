"""Email and website domains: whose address is on whose site (hints for moderators)."""

from __future__ import annotations

from urllib.parse import urlsplit

# Addresses anyone can open: webmail, and Canadian internet providers' mailboxes.
PERSONAL_MAIL_DOMAINS = frozenset(
    {
        "gmail.com", "googlemail.com", "yahoo.com", "yahoo.ca", "ymail.com", "hotmail.com",
        "hotmail.ca", "outlook.com", "live.com", "live.ca", "msn.com", "icloud.com", "me.com",
        "mac.com", "aol.com", "protonmail.com", "proton.me", "pm.me", "gmx.com", "gmx.net",
        "mail.com", "zoho.com", "fastmail.com", "tutanota.com", "hey.com", "shaw.ca",
        "rogers.com", "sympatico.ca", "bell.net", "telus.net", "videotron.ca", "cogeco.ca",
        "eastlink.ca", "sasktel.net", "mts.net", "xplornet.com",
    }
)  # fmt: skip


def domain_of(address: str) -> str:
    return address.rpartition("@")[2].strip().lower().rstrip(".")


def host_of(website: str) -> str:
    host = urlsplit(website if "//" in website else f"//{website}").hostname or ""
    return host.removeprefix("www.")


def on_domain(host: str, domain: str) -> bool:
    """``host`` is the domain, one of its subdomains, or the domain one of its subdomains
    (a ministry's mail at ``gov.on.ca``, its site at ``ontario.ca`` do not match: a hint)."""
    return bool(host) and (
        host == domain or host.endswith("." + domain) or domain.endswith("." + host)
    )
