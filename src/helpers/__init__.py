"""Shared code for the China generative-AI capital report: load, validate, chart, format, build."""

from helpers.data.load import Package, load_package
from helpers.data.validate import DataValidationError, Problem

__all__ = ["Package", "load_package", "DataValidationError", "Problem"]
