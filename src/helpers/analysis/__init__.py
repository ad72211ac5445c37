"""Analysis layer: typed figures and one module per narrative; each narrative's analyse() returns every number its report states."""
