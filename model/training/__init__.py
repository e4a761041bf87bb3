"""Offline only: training sets, training, evaluation metrics and baselines."""
