"""Language choice: Italian by default, English when the user picks it (kept in the session)."""

from __future__ import annotations

from flask import Flask, current_app, request, session

LANG_SESSION_KEY = "lang"


def select_locale() -> str:
    """The request's language: ``?lang=`` first, then the session, then Italian.

    The browser's Accept-Language is deliberately ignored: the users are Piedmontese
    offices whose machines are often set to English, and the programme speaks Italian.
    """
    languages = current_app.config["LANGUAGES"]
    asked = request.args.get("lang")
    if asked in languages:
        return str(asked)
    remembered = session.get(LANG_SESSION_KEY)
    if remembered in languages:
        return str(remembered)
    return str(languages[0])


def remember_language() -> None:
    """Keep a language picked with ``?lang=`` for the rest of the visit."""
    asked = request.args.get("lang")
    if asked in current_app.config["LANGUAGES"] and session.get(LANG_SESSION_KEY) != asked:
        session[LANG_SESSION_KEY] = asked


def init_i18n(app: Flask) -> None:
    """Bind Flask-Babel with our locale selector."""
    from app.extensions import babel

    babel.init_app(app, locale_selector=select_locale)
    app.before_request(remember_language)
