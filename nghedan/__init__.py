"""Nghe Dân: citizens' petitions, answers and ratings for Vietnamese state agencies."""
