from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from sigoro.phone import normalize_phone


class UsernameOrPhoneBackend(ModelBackend):
    """Sign in with the username (any case) or the phone number in any common spelling."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        User = get_user_model()
        user = User.objects.filter(username__iexact=username.strip()).first()
        if user is None:
            phone = normalize_phone(username)
            if phone:
                user = User.objects.filter(phone=phone).first()
        if user is None:
            User().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
