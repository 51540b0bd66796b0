"""Which invoice statuses count as issued and which are still open.

Shared by the invoice writes and by reconciliation's plain-SQL reads, so ``amtui reconcile`` need not import
the SQLAlchemy-built invoice service.
"""

from __future__ import annotations

OPEN = ("sent", "partial")  # issued and not settled: can be paid, credited, be overdue
ISSUED = ("sent", "partial", "paid", "credited")  # counts as invoiced
