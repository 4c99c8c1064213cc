"""Use cases: database reads and writes combined with pure rendering. Synchronous (run them in
a worker thread from async code); no discord imports, so the offline runner and tests share them."""
