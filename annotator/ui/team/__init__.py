"""Working as a team: agreement, adjudication, layers, live updates, conflicts and the shared project."""
