"""Schema revisions, oldest first; their ids are listed in annotator.storage.schema.REVISIONS."""
