"""Other tools' formats (doccano, spaCy, CoNLL, brat, REFI-QDA, W3C, CSV, Label Studio, INCEpTION)."""
