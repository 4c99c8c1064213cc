"""`python -m bot bench`: speed and memory at 1×, 10× and 100× the shipped data."""
