"""The Qt window. PySide6 is imported only inside this package."""
