"""Benchmarks: the skill through the real server next to a hello-world ask-sdk-core skill (`make bench`)."""
