"""Wording shared by the HTML blueprints and the API: the services' codes and parameters
as sentences in the request's language (Flask-Babel). A blueprint's own wording lives in
its ``presenting.py``; labels of the model's codes in ``app/labels.py``."""
