"""Several coders: their agreement (F1, alpha, alpha_U) and the adjudication of their spans."""
