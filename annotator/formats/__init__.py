"""Readers (files -> canonical text and metadata) and writers (project -> export files).

Pure functions over bytes and strings: no database, no Qt.
"""
