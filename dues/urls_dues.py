urlpatterns: list = []  # bases, the month sheet, payments, accounts, summaries
