"""Chat models behind one seam (``ChatModel``): llama.cpp in-process, any OpenAI-compatible
server, and a scripted fake for tests. Every backend streams."""
