"""Who may see a delivery photo: registered in ``sigoro.selectors.PHOTO_ACCESS_PROVIDERS``
by ``stakeholder.apps``."""

from sigoro import access
from sigoro.models import Photo

from .models import Delivery


def delivery_photo_access(user, photo: Photo) -> bool | None:
    """Delivery photos are private: the staff of the request's area and the contacts of the
    stakeholder that delivered see them (as they see the request). None when the photo is
    no delivery's."""
    deliveries = Delivery.objects.filter(foto=photo)
    if not deliveries.exists():
        return None
    return access.has_perm(user, "request.view") and (
        access.scope_queryset(deliveries, user).exists()
    )
