"""The estimators: the ranker, the risk model and its calibration, the efficacy model (each a
LightGBM `BoostedModel`, scikit-learn style), and the `Predictor` that serves the three fitted."""
