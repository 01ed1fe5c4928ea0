"""Intent routing: which kind of help a shopper's message asks for."""
