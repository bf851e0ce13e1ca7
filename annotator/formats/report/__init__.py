"""The comparison's outputs: the self-contained HTML report (texts, tables, chart), compare's JSON, CSV."""
