from flask import render_template

from directory.public import bp


@bp.get("/")
def home() -> str:
    return render_template("public/home.html")
