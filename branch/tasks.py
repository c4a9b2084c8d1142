"""Celery tasks of the organisation domain: thin wrappers that load rows and call services."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from branch.models import Notification
from branch.reminders import reminders_notify


@shared_task(name="branch.tasks.send_due_reminders")
def send_due_reminders() -> int:
    """The daily job: notify in the app, then e-mail each new notification whose user has an
    address, once the notifications are committed. Returns how many were created."""
    notifications = reminders_notify(today=timezone.localdate())
    for notification in notifications:
        if notification.user.email:
            send_notification_email.delay_on_commit(notification.pk)
    return len(notifications)


@shared_task(
    name="branch.tasks.send_notification_email",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_notification_email(notification_id: int) -> bool:
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at or not notification.user.email:
        return False
    body = notification.body
    if notification.url:
        body = f"{body}\n\n{settings.SITE_URL}{notification.url}"
    send_mail(
        subject=f"[{settings.SITE_NAME}] {notification.title}",
        message=body,
        from_email=None,
        recipient_list=[notification.user.email],
    )
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return True


@shared_task(name="branch.tasks.ping")
def ping() -> str:
    """Answers "pong": lets an operator check that a worker consumes from the broker."""
    return "pong"


# An upload waits under imports/ between the preview and the confirmation; one left longer
# than this was abandoned.
ABANDONED_IMPORT_HOURS = 24


@shared_task(name="branch.tasks.remove_abandoned_imports")
def remove_abandoned_imports() -> int:
    """Delete workbook uploads whose preview was never confirmed or cancelled."""
    import datetime

    from django.core.files.storage import default_storage

    if not default_storage.exists("imports"):
        return 0
    cutoff = timezone.now() - datetime.timedelta(hours=ABANDONED_IMPORT_HOURS)
    removed = 0
    _folders, files = default_storage.listdir("imports")
    for name in files:
        path = f"imports/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            removed += 1
    return removed
