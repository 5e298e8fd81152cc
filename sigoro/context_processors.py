from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sigoro import access


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str
    icon: str
    permission: str | None = None
    hint: str = ""  # one line under the label where there is room (the sign-in page)


@dataclass(frozen=True)
class NavGroup:
    label: str
    icon: str
    items: tuple


# The menu, by topic: later stages add their entries here; each entry shows only to roles
# allowed to open it, and a topic with one visible entry is a plain link.
NAVIGATION_GROUPS = [
    NavGroup(_("Home"), "house", (NavItem("home", _("Home"), "house"),)),
    NavGroup(
        _("Problems"),
        "exclamation-triangle",
        (
            NavItem(
                "permasalahan:problem-list", _("Problems"), "exclamation-triangle", "problem.view"
            ),
            NavItem("permasalahan:problem-map", _("Map"), "map", "problem.view"),
            NavItem("permasalahan:needs-summary", _("Needs"), "box-seam", "problem.needs"),
        ),
    ),
    NavGroup(
        _("Rencana Aksi"),
        "clipboard-check",
        (
            NavItem("kegiatan:plan-list", _("Rencana Aksi"), "clipboard-check", "plan.view"),
            NavItem("kegiatan:plan-queue", _("Approvals"), "inbox", "plan.approve"),
            NavItem("kegiatan:plan-calendar", _("Calendar"), "calendar3", "plan.view"),
        ),
    ),
    NavGroup(
        _("Stakeholders"),
        "building",
        (
            NavItem(
                "stakeholder:stakeholder-list", _("Stakeholders"), "building", "stakeholder.list"
            ),
            NavItem("stakeholder:request-list", _("Requests"), "envelope-paper", "request.inbox"),
            NavItem("stakeholder:swadaya-list", _("Swadaya"), "cash-coin", "swadaya.menu"),
        ),
    ),
    NavGroup(
        _("Reports"),
        "graph-up",
        (
            NavItem("laporan:dashboard", _("Dashboard"), "speedometer2", "dashboard.view"),
            NavItem("laporan:index", _("SIGORO index"), "bar-chart", "index.view"),
            NavItem("laporan:ranking", _("Ranking"), "trophy", "index.view"),
            NavItem("laporan:plan-vs-actual", _("Plan vs actual"), "list-check", "monitoring.view"),
            NavItem("laporan:kendala", _("Kendala"), "cloud-drizzle", "monitoring.view"),
            NavItem("laporan:document-list", _("Document archive"), "archive", "document.view"),
            NavItem("laporan:export-index", _("Exports"), "download", "export.create"),
            NavItem(
                "laporan:letterhead-update", _("Letterhead"), "card-heading", "letterhead.manage"
            ),
            NavItem("laporan:index-config", _("Index weights"), "sliders", "index.configure"),
        ),
    ),
    NavGroup(
        _("Administration"),
        "gear",
        (
            NavItem("region-list", _("Region"), "geo-alt", "region.view"),
            NavItem("user-list", _("Users"), "people", "user.manage"),
            NavItem("audit-list", _("Change history"), "clock-history", "audit.view"),
            NavItem("open311:client-list", _("Open311 API keys"), "key", "api_client.manage"),
        ),
    ),
]
NAVIGATION = [item for group in NAVIGATION_GROUPS for item in group.items]

# What a resident without an account can do.
PUBLIC_NAVIGATION = [
    NavItem(
        "permasalahan:report",
        _("Report a problem"),
        "megaphone",
        hint=_("Rubbish, a blocked drain, a broken public facility: with a photo."),
    ),
    NavItem(
        "permasalahan:track-lookup",
        _("Follow a report"),
        "search",
        hint=_("With the code you received (SGR-…)."),
    ),
    NavItem(
        "permasalahan:public-map",
        _("Map"),
        "map",
        hint=_("The problems reported in your neighbourhood."),
    ),
    NavItem(
        "kegiatan:public-schedule-index",
        _("Schedule"),
        "calendar-event",
        hint=_("When and where the next gotong royong takes place."),
    ),
]


def navigation(request):
    user = getattr(request, "user", None)
    items = [
        item
        for item in NAVIGATION
        if user is not None
        and user.is_authenticated
        and (item.permission is None or access.has_perm(user, item.permission))
    ]
    groups = [
        NavGroup(group.label, group.icon, visible)
        for group in NAVIGATION_GROUPS
        if (visible := tuple(item for item in group.items if item in items))
    ]
    return {
        "nav_items": items,
        "nav_groups": groups,
        "public_nav_items": PUBLIC_NAVIGATION,
        "app_name": settings.SIGORO_NAME,
    }
