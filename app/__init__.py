"""WE.CA.RE. partnership network: the Flask application factory."""

from __future__ import annotations

from flask import Flask

from config import BASE_DIR, Config


def create_app(config_class: type[Config] = Config) -> Flask:
    """Build the application: configuration, extensions, blueprints, commands."""
    app = Flask(
        __name__,
        template_folder=str(BASE_DIR / "templates"),
        static_folder=str(BASE_DIR / "static"),
    )
    app.config.from_object(config_class)
    from app.security import check_secret_key

    check_secret_key(app)
    if app.config["CLAIM_APPROVAL"] not in ("admin", "email-domain"):
        raise RuntimeError("CLAIM_APPROVAL must be 'admin' or 'email-domain'")
    if app.config.get("PROXY_FIX"):
        # Behind one reverse proxy: trust its X-Forwarded-For and X-Forwarded-Proto.
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)  # type: ignore[method-assign]
    _init_extensions(app)
    _init_blueprints(app)
    _init_commands(app)
    return app


def _init_extensions(app: Flask) -> None:
    from app.access import init_access
    from app.extensions import csrf, init_graph, mail
    from app.freshness import init_freshness
    from app.i18n import init_i18n
    from app.memos import init_memos
    from app.privacy.routes import init_privacy
    from app.security import init_security_headers
    from app.template_helpers import init_template_helpers

    init_graph(app)
    init_freshness(app)
    init_i18n(app)
    csrf.init_app(app)
    mail.init_app(app)
    init_access(app)
    init_privacy(app)
    init_security_headers(app)
    init_template_helpers(app)
    init_memos(app)


def _init_blueprints(app: Flask) -> None:
    from app.account import bp as account_bp
    from app.admin import bp as admin_bp
    from app.auth import bp as auth_bp
    from app.errors import bp as errors_bp
    from app.health import bp as health_bp
    from app.main import bp as main_bp
    from app.organizations import bp as organizations_bp

    app.register_blueprint(errors_bp)
    app.register_blueprint(health_bp)
    app.register_blueprint(main_bp)
    app.register_blueprint(organizations_bp, url_prefix="/organizzazioni")
    app.register_blueprint(auth_bp)
    app.register_blueprint(account_bp, url_prefix="/account")
    app.register_blueprint(admin_bp, url_prefix="/admin")

    from app.calls import bp as calls_bp
    from app.consortia import bp as consortia_bp

    app.register_blueprint(calls_bp, url_prefix="/bandi")
    app.register_blueprint(consortia_bp, url_prefix="/consorzi")

    from app.analysis import bp as analysis_bp

    app.register_blueprint(analysis_bp, url_prefix="/analisi")

    from app.privacy import bp as privacy_bp

    app.register_blueprint(privacy_bp)

    from app.claims import bp as claims_bp
    from app.threads import bp as threads_bp

    app.register_blueprint(claims_bp)
    app.register_blueprint(threads_bp)

    from app.partnerships import bp as partnerships_bp
    from app.search import bp as search_bp

    app.register_blueprint(search_bp, url_prefix="/cerca")
    app.register_blueprint(partnerships_bp, url_prefix="/partenariati")

    from app.notifications import bp as notifications_bp

    app.register_blueprint(notifications_bp)
    from app.typeahead import bp as typeahead_bp

    app.register_blueprint(typeahead_bp, url_prefix="/suggerimenti")

    from app.api import init_api

    init_api(app)


def _init_commands(app: Flask) -> None:
    from app.commands import init_db_command, users_cli
    from app.import_cli import export_cli, import_cli
    from seed.cli import seed_cli

    app.cli.add_command(init_db_command)
    app.cli.add_command(users_cli)
    app.cli.add_command(import_cli)
    app.cli.add_command(export_cli)
    app.cli.add_command(seed_cli)

    from app.partnerships.cli import partnerships_cli
    from app.partnerships.recommend_cli import recommend_cli

    app.cli.add_command(partnerships_cli)
    app.cli.add_command(recommend_cli)

    from app.mail.cli import mail_cli

    app.cli.add_command(mail_cli)
