"""The shared content module: reviewed data files and the loader that validates them."""
