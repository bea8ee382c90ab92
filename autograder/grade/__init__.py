"""Stage 3, grade: one sandboxed task per submission on an executor (local or Dask);
one coordinator writes the gradebook."""
