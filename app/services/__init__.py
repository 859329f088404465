"""Domain services: rules and workflows, free of Flask, calling the graph layer."""
