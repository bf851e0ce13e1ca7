"""The REFI-QDA project format (.qdpx, .qde): the zip, the codebook, positions in their units."""
