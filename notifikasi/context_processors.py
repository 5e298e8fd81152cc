from django.utils.functional import SimpleLazyObject

from notifikasi.selectors import unread_count


def unread_notifications(request):
    """The bell's count for the top bar: one query, only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user=user))}
