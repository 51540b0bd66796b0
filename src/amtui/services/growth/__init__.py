"""Growth: campaign metrics and KPI targets, performance against them, the opportunity pipeline."""
