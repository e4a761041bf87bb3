"""Input tables in, competency-gap profiles and model features out (pure, point-in-time)."""
