"""Bytes to text for every reader: size and binary guards, UTF-8, else a legacy encoding told apart."""
