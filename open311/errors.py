"""The one error of the Open311 API: answered in the spec's error format."""


class Open311Error(Exception):
    """An answer in the GeoReport v2 error format: the HTTP status (400, 403, 404, 429) and
    one description per problem found, each sent as ``{"code": status, "description": ...}``."""

    def __init__(self, status: int, *descriptions: str):
        super().__init__(*descriptions)
        self.status = status
        self.descriptions = [str(d) for d in descriptions]
