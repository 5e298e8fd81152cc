from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigoroConfig(AppConfig):
    name = "sigoro"
    verbose_name = _("SIGORO core")

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.models import update_last_login
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        # lookups: integer ``in`` lookups that leave out ids the column cannot hold (no 500s).
        from sigoro import auth, lookups  # noqa: F401

        # Record the sign-in time without a model save: a sign-in is not a change to the
        # account and must not fill the audit trail.
        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(record_last_login, dispatch_uid="sigoro_record_last_login")
        # Sign-ins, failures, lock-outs and sign-outs go to the audit trail.
        user_logged_in.connect(auth.on_login, dispatch_uid="sigoro_audit_login")
        user_login_failed.connect(auth.on_login_failed, dispatch_uid="sigoro_audit_login_failed")
        user_logged_out.connect(auth.on_logout, dispatch_uid="sigoro_audit_logout")
        user_locked_out.connect(auth.on_locked_out, dispatch_uid="sigoro_audit_locked_out")


def record_last_login(sender, user, **kwargs):
    from django.utils import timezone

    type(user).objects.filter(pk=user.pk).update(last_login=timezone.now())
