"""From a question to a cited answer: conversation, retrieval, question types, extractive or LLM
answers, citation checks, and the engine (`Assistant`) that runs them."""
