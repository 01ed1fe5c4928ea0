"""Conversations: persisted state, transcripts, handoff tickets and follow-up resolution."""
