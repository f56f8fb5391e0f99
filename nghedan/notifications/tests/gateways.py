"""A gateway that keeps what it was asked to send, for tests (set by dotted path)."""


class RecordingGateway:
    sent: list[tuple[str, str]] = []

    def send(self, *, to: str, text: str) -> None:
        RecordingGateway.sent.append((to, text))
