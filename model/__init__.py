"""The ranker, the risk model, selection and explanation logic, and the artifact bundle."""
