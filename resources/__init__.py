"""Bundled resources: sample articles, default tags. Installed as ``annotator.resources``."""
