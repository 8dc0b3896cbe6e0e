"""Checks: the registry, checks by family, subtitle checks, the runner, output formats and
the report.
"""
