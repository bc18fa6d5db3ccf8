"""The index and its parts: SQLite manifest, Chroma vectors, French BM25, embedders. `Index` owns them."""
