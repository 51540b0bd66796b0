"""Money: budgets, actuals, change orders, invoices, reconciliation and scope — each rule written once."""
