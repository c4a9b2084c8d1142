urlpatterns: list = []  # the pipeline board, steps and their attachments
