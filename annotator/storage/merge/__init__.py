"""A bundle (an export or another tool's file) merged into the project in one transaction."""
