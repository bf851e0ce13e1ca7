"""annotator: tag claims, quotes and actors in news articles, side by side."""

__version__ = "0.1.0"
