"""French text rules every stage shares: folding, tokens and stems, sentences, spelling, dates."""
