from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from sigoro.selectors import login_account


class UsernameOrPhoneBackend(ModelBackend):
    """Sign in with the username (any case) or the phone number in any common spelling."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        user = login_account(username)
        if user is None:
            get_user_model()().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
