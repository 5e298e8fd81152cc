from functools import wraps

from django.contrib.auth.decorators import login_required

from sigoro import access


def role_required(action: str):
    """Sign-in required (else redirect to login), then the role's permission (else 403)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            access.require_perm(request.user, action)
            return view(request, *args, **kwargs)

        wrapped.required_action = action
        return wrapped

    return decorator
