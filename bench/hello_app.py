"""The bare-Flask reference of ``bench/http_ratio.py``: one route, no database, no template.

Served by gunicorn exactly as the application is, its requests per second are the limit
that every page of the application is measured against (issue 19)."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "hello"
