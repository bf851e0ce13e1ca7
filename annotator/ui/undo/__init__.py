"""The undo commands: spans, links, actors, tags and the adjudicator's choices, each one undoable step."""
