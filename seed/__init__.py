"""Seed data: Piemonte's reference data, an illustrative network and synthetic load data."""
