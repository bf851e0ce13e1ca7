"""Links between spans: drawing them over the panes, their index, table, types and the speaker drag."""
