"""What draws an article: the pane and its view, highlights, the span store, Qt offsets, regions, margins."""
