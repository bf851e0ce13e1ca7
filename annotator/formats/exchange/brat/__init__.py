"""The brat standoff format: a folder of .txt and .ann pairs, with its annotation.conf."""
