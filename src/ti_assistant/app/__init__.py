"""What people and scripts use: the command line, the Gradio chat, its rendering and the feedback log."""
