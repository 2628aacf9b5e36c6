from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "bayan.api"
    label = "api"
    verbose_name = "Open data API"

    def ready(self):
        from bayan.pagecache import changelog
        from bayan.pagecache.invalidation import generation_started

        from .announced import _generation_started, announced_up_to
        from .resources import register_change_resources

        register_change_resources()
        generation_started.connect(_generation_started, dispatch_uid="api-announce-after-change")
        # The log is never pruned past entries not yet read for announcements.
        if announced_up_to not in changelog.FOLLOWER_POSITIONS:
            changelog.FOLLOWER_POSITIONS.append(announced_up_to)
