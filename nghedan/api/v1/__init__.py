"""REST API, version 1: one view per operation; views parse, call the domain, shape output."""
