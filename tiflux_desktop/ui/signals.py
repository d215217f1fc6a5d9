"""AppSignals: the one bridge from the core to Qt.

The core publishes frozen ChangeSets on the loop's thread (qasync runs Qt and asyncio on the
same thread); this object turns each into Qt signals, one per kind of change, so widgets and
models connect to what they show and never to the core itself.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from tiflux_desktop.sync import ChangeHub, ChangeSet


class AppSignals(QObject):
    changed = Signal(object)  # the whole ChangeSet, for models that apply it at once
    chats_changed = Signal(object, object)  # (tuple[ChatEntry], frozenset[int] removed)
    messages_changed = Signal(object, object)  # (appended, updated): tuple[Message]
    outbox_changed = Signal(object, object)  # (tuple[OutboxItem], frozenset[str] removed)
    uploads_progressed = Signal(object)  # tuple[(client_message_id, done, total)]
    counts_changed = Signal(object)  # Counts
    connection_changed = Signal(object)  # ConnectionState
    me_changed = Signal(object)  # Attendant
    attendants_changed = Signal(object)  # tuple[Attendant]
    resynced = Signal()  # reload the lists from the cache
    login_required = Signal()

    def __init__(self, hub: ChangeHub, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._unsubscribe = hub.subscribe(self.publish)
        self.destroyed.connect(self._unsubscribe)

    def publish(self, change: ChangeSet) -> None:
        self.changed.emit(change)
        if change.chats_upserted or change.chats_removed:
            self.chats_changed.emit(change.chats_upserted, change.chats_removed)
        if change.messages_appended or change.messages_updated:
            self.messages_changed.emit(change.messages_appended, change.messages_updated)
        if change.outbox_upserted or change.outbox_removed:
            self.outbox_changed.emit(change.outbox_upserted, change.outbox_removed)
        if change.uploads:
            self.uploads_progressed.emit(change.uploads)
        if change.counts is not None:
            self.counts_changed.emit(change.counts)
        if change.connection is not None:
            self.connection_changed.emit(change.connection)
        if change.me is not None:
            self.me_changed.emit(change.me)
        if change.attendants:
            self.attendants_changed.emit(change.attendants)
        if change.resynced:
            self.resynced.emit()
        if change.login_required:
            self.login_required.emit()
