"""The Project's use cases by subject, mixed into Project (project.py)."""
