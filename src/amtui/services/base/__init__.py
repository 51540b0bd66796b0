"""What every domain shares: slugs and choices, the reference resolver, paging."""
