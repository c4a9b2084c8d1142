urlpatterns: list = []  # the roster, people, the committee and transfers
