"""What the exchange formats share: foreign texts and offsets, reading, folder writing, the paused gc."""
