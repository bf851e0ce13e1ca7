"""The Label Studio format: tasks JSON and the labelling config."""
