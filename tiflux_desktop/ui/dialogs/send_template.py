"""An approved WhatsApp template for a chat past the customer's 24-hour window (the only
thing WhatsApp delivers then): chosen, its variables filled, previewed, then queued."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QWidget

from tiflux_desktop.domain import check_public_message
from tiflux_desktop.services import Composer, LookupService
from tiflux_desktop.store import ChatEntry

from ..tasks import Tasks
from ..widgets.template_form import Template, TemplateForm
from ..wording import refusal_text
from .base import ServiceDialog


class SendTemplateDialog(ServiceDialog):
    """sent(OutboxItem), and done with the same item: the template is in the outbox."""

    sent = Signal(object)

    def __init__(
        self,
        composer: Composer,
        lookups: LookupService,
        tasks: Tasks,
        entry: ChatEntry,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(tasks, parent)
        self._composer = composer
        self._lookups = lookups
        self._entry = entry
        self.setObjectName("sendTemplateDialog")
        self.setWindowTitle(self.tr("Send WhatsApp template"))
        self.setMinimumWidth(520)
        intro = QLabel(
            self.tr(
                "More than 24 hours have passed since the customer's last message: WhatsApp "
                "only delivers an approved template until they write again."
            )
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.template = TemplateForm()
        self.template.changed.connect(self.validate)
        self.form.addRow(self.template)

    # --- ServiceDialog ------------------------------------------------------------------

    def ok_text(self) -> str:
        return self.tr("&Send")

    def busy_text(self) -> str:
        return self.tr("Sending…")

    def start(self) -> None:
        integration_id = self._entry.chat.integration_id
        self.align_labels(self.template)
        self.template.clear()
        self.fetch(
            "templates",
            lambda: self._composer.whatsapp_templates(integration_id),
            self._loaded,
        )

    def _loaded(self, templates: list[Template]) -> None:
        self.template.set_templates(templates)
        first = self.template.group if self.template.group.isVisibleTo(self) else None
        (first or self.template.template).setFocus()

    def reason(self) -> str | None:
        refusal = check_public_message(
            self._lookups.me, self._entry.chat, template=True, now=datetime.now(UTC)
        )
        if refusal is not None:
            return refusal_text(refusal)
        return self.template.reason()

    async def perform(self) -> object:
        chosen = self.template.value()
        assert chosen is not None
        template, parameters = chosen
        return await self._composer.send_template(self._entry.id, template.id, parameters)

    def succeeded(self, result: object) -> None:
        self.sent.emit(result)
        super().succeeded(result)
