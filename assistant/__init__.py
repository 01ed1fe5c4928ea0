"""The assistant: settings, the composition root, and the ``aisle`` command line."""
