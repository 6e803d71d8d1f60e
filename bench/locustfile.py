"""Mixed traffic for `make loadtest` and `make soak` (bench/loadtest.py starts this headless):
80% searches, 15% organization profiles, 5% signed-in edits of a member's own listing.

LOADTEST_PEOPLE names a JSON file written by bench/loadtest.py: the members' sign-ins, the
organization each one edits, and profile slugs to visit. Loopback only: the host is the
nginx that bench/stack.py started.
"""

from __future__ import annotations

import json
import os
import random
import re
from itertools import count

from locust import HttpUser, between, task

from bench.listing_data import listing_form

PEOPLE = json.loads(open(os.environ["LOADTEST_PEOPLE"]).read())  # noqa: SIM115
MEMBERS = iter(PEOPLE["members"])  # one account per simulated person, each used once
SEQUENCE = count()

# What the people this directory serves type: a need, often with a place (DESIGN.md).
QUERIES = ["counselling", "legal aid", "shelter", "trafficking", "court support", "outreach"]
SECTORS = ["health-care", "mental-health", "legal", "education", "housing", "policing"]
PLACES = [
    "Thunder Bay, ON",
    "Toronto, ON",
    "Winnipeg, MB",
    "Halifax, NS",
    "Kenora, ON",
    "Vancouver, BC",
    "Regina, SK",
    "Iqaluit, NU",
]


def hidden_fields(page: str) -> dict[str, str]:
    fields = {}
    for tag in re.findall(r"<input\b[^>]*>", page):
        attributes = dict(re.findall(r'([\w-]+)="([^"]*)"', tag))
        if attributes.get("type") == "hidden" and "name" in attributes:
            fields[attributes["name"]] = attributes.get("value", "")
    return fields


class Person(HttpUser):
    wait_time = between(0.2, 1.0)

    def on_start(self) -> None:
        self.member = next(MEMBERS)
        self.signed_in = False
        self.client.hooks["response"].append(self._plain_http_cookies)

    def _plain_http_cookies(self, response, *args, **kwargs):
        """The session cookie is Secure (production); this load is plain http on loopback,
        so each cookie a response sets is also kept without the flag, or it would never
        return. (Hooks run before requests stores the response's cookies: read them here.)"""
        for cookie in response.cookies:
            self.client.cookies.set(cookie.name, cookie.value)
        return response

    @task(80)
    def search(self) -> None:
        params = {"q": random.choice(QUERIES)}  # noqa: S311 - traffic, not secrets
        if random.random() < 0.7:  # noqa: S311
            params["near"] = random.choice(PLACES)  # noqa: S311
        if random.random() < 0.4:  # noqa: S311
            params["sector"] = random.choice(SECTORS)  # noqa: S311
        self.client.get("/search", params=params, name="/search")

    @task(15)
    def profile(self) -> None:
        slug = random.choice(PEOPLE["slugs"])  # noqa: S311
        self.client.get(f"/organizations/{slug}", name="/organizations/<slug>")

    @task(5)
    def edit(self) -> None:
        if not self.signed_in:
            self._sign_in()
        url = f"/listings/{self.member['organization_id']}/edit"
        form = self.client.get(f"{url}?step=all", name="/listings/<id>/edit (form)")
        n = next(SEQUENCE)
        data = {**hidden_fields(form.text), **listing_form(f"Load Test Youth Services {n}", n)}
        with self.client.post(url, data=data, name="/listings/<id>/edit", catch_response=True) as r:
            if r.ok and not r.history:  # saved edits redirect to /listings/
                r.failure("the edit was not saved (form shown again)")

    def _sign_in(self) -> None:
        page = self.client.get("/auth/login", name="/auth/login (form)")
        data = {
            **hidden_fields(page.text),
            "email": self.member["email"],
            "password": self.member["password"],
        }
        with self.client.post(
            "/auth/login",
            data=data,
            name="/auth/login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign-in refused ({response.status_code})")
        self.signed_in = True
