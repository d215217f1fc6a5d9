"""Transferir: to another of the attendant's departments (back to its inbox) and/or to an
attendant who works in the destination department, their Online state in sight."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from tiflux_desktop.domain import Attendant, Department, can_see_department, check_transfer
from tiflux_desktop.services import ChatService, LookupService
from tiflux_desktop.store import ChatEntry

from ..icons import icon
from ..tasks import Tasks
from ..wording import refusal_text
from .base import ChoiceBox, ServiceDialog

NOBODY = 0  # the attendant choice "nobody: the department's inbox"


class TransferDialog(ServiceDialog):
    """done(ChatEntry | None): None when the chat left the attendant's sight with it."""

    def __init__(
        self,
        chats: ChatService,
        lookups: LookupService,
        tasks: Tasks,
        entry: ChatEntry,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(tasks, parent)
        self._chats = chats
        self._lookups = lookups
        self._entry = entry
        self._departments: list[Department] = []
        self._attendants: list[Attendant] = []
        self.setObjectName("transferDialog")
        self.setWindowTitle(self.tr("Transfer chat"))
        self.setMinimumWidth(460)

        self.department = ChoiceBox(self.tr("Choose a department"))
        self.department.connect_changed(self._department_changed)
        self.attendant = ChoiceBox(self.tr("Nobody: the department's inbox"))
        self.attendant.connect_changed(self.validate)
        self.add_row(self.tr("&Department"), self.department)
        self.add_row(self.tr("&Attendant"), self.attendant)
        self.department.setToolTip(self.tr("You can only transfer to your own departments."))
        self.attendant.setToolTip(
            self.tr("Only attendants who work in the chosen department are listed.")
        )

    # --- ServiceDialog ------------------------------------------------------------------

    def ok_text(self) -> str:
        return self.tr("&Transfer")

    def busy_text(self) -> str:
        return self.tr("Transferring…")

    def start(self) -> None:
        self.fetch("people", self._load, self._loaded)

    async def _load(self) -> tuple[list[Department], list[Attendant]]:
        return await self._lookups.departments(), await self._lookups.attendants()

    def _loaded(self, found: tuple[list[Department], list[Attendant]]) -> None:
        me = self._lookups.me
        self._departments = [d for d in found[0] if can_see_department(me, d.id)]
        self._attendants = [a for a in found[1] if a.id != me.id]
        current = self._entry.chat.department_id
        choices: list[tuple[str, object]] = []
        for d in sorted(self._departments, key=lambda d: d.name.casefold()):
            label = d.name if d.id != current else self.tr("%1 (current)").replace("%1", d.name)
            choices.append((label, d.id))
        self.department.set_choices(choices)
        if current is not None:
            self.department.select_value(current)
        self._department_changed()
        self.department.setFocus()

    def reason(self) -> str | None:
        department_id = self.department.value()
        attendant_id = self.attendant.value() or None
        current = self._entry.chat.department_id
        if department_id is None and attendant_id is None:
            return self.tr("Choose a department or an attendant.")
        if attendant_id is None and department_id == current:
            return self.tr(
                "The chat is already in this department: choose another one or an attendant."
            )
        refusal = check_transfer(
            self._lookups.me,
            self._entry.chat,
            department_id=self._target_department(),
            target=self._attendant(attendant_id),
        )
        return refusal_text(refusal) if refusal is not None else None

    async def perform(self) -> object:
        return await self._chats.transfer(
            self._entry.id,
            department_id=self._target_department(),
            attendant_id=self.attendant.value() or None,
        )

    # --- internals ----------------------------------------------------------------------

    def _target_department(self) -> int | None:
        """Only a department change is sent; the current one stays without saying so."""
        chosen = self.department.value()
        return None if chosen == self._entry.chat.department_id else chosen

    def _attendant(self, attendant_id: int | None) -> Attendant | None:
        return next((a for a in self._attendants if a.id == attendant_id), None)

    def _department_changed(self) -> None:
        destination = self.department.value()
        if destination is None:
            destination = self._entry.chat.department_id
        people = [a for a in self._attendants if can_see_department(a, destination)]
        # Online first: those are the ones who can pick the chat up now.
        people.sort(key=lambda a: (not a.online, a.name.casefold()))
        kept = self.attendant.value()
        self.attendant.blockSignals(True)
        self.attendant.clear()
        self.attendant.addItem(self.tr("Nobody: the department's inbox"), NOBODY)
        for a in people:
            state = self.tr("Online") if a.online else self.tr("Offline")
            self.attendant.addItem(
                icon("dlg-online" if a.online else "dlg-offline"), f"{a.name} — {state}", a.id
            )
        index = self.attendant.findData(kept) if kept is not None else -1
        self.attendant.setCurrentIndex(max(index, 0))
        self.attendant.blockSignals(False)
        self.validate()
