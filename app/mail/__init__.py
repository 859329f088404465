"""E-mail: rendering mails in their reader's language, SMTP through Flask-Mailman, and
the `flask mail` commands that run the sender (app/services/mail_outbox.py)."""
