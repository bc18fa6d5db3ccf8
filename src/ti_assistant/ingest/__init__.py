"""From files to indexed chunks: loaders per format, metadata guesses, French chunking, the pipeline."""
