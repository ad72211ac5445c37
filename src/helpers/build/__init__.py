"""Build layer: report variants, the make fragment, the papermill runner, the index and PDFs. Kernels never import it."""
