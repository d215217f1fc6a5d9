"""Sign in: the service's address, e-mail and password. The address and e-mail are
remembered (settings); the token goes to the keyring; errors say what to fix."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from tiflux_desktop.net import ApiError, CertificateError, LoginRequired, Unreachable
from tiflux_desktop.services import Environment, Session

from ..tasks import Tasks
from ..wording import error_text


class SignInDialog(QDialog):
    signed_in = Signal(object)  # Session, started by the caller

    def __init__(
        self,
        env: Environment,
        tasks: Tasks,
        *,
        server_url: str | None = None,
        email: str | None = None,
        reason: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._env = env
        self._tasks = tasks
        self.setWindowTitle(self.tr("Sign in to Tiflux Chats"))
        self.setMinimumWidth(420)

        self.address = QLineEdit(server_url or "")
        self.address.setPlaceholderText("https://chats.example.com")
        self.email = QLineEdit(email or "")
        self.email.setPlaceholderText(self.tr("you@company.com"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        for text, field in (
            (self.tr("Service &address"), self.address),
            (self.tr("&E-mail"), self.email),
            (self.tr("&Password"), self.password),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
            field.textChanged.connect(self._validate)

        self.error = QLabel(reason or "")
        self.error.setObjectName("signInError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setVisible(bool(reason))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Sign in"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._busy = False
        self._validate()
        (self.password if server_url and email else self.address).setFocus()

    def _validate(self) -> None:
        ready = all(f.text().strip() for f in (self.address, self.email)) and bool(
            self.password.text()
        )
        self.ok.setEnabled(ready and not self._busy)

    def _submit(self) -> None:
        if self._busy or not self.ok.isEnabled():
            return
        self._set_busy(True)
        self._tasks.spawn(self._sign_in(), key="sign-in")

    async def _sign_in(self) -> None:
        try:
            session = await Session.sign_in(
                self._env,
                self.address.text().strip(),
                self.email.text().strip(),
                self.password.text(),
            )
        except Exception as exc:
            self._set_busy(False)
            self._show_error(exc)
            return
        self._set_busy(False)
        self.signed_in.emit(session)
        self.accept()

    def _show_error(self, exc: Exception) -> None:
        if isinstance(exc, LoginRequired):
            text = self.tr("Wrong e-mail or password.")
            self.password.selectAll()
            self.password.setFocus()
        elif isinstance(exc, CertificateError):
            text = self.tr(
                "The service's certificate is not trusted (%1). Check the address, or ask "
                "whoever runs the service for a valid certificate."
            ).replace("%1", str(exc))
        elif isinstance(exc, Unreachable):
            text = self.tr(
                "Cannot reach %1. Check the address and your network connection."
            ).replace("%1", self.address.text().strip())
            self.address.setFocus()
        elif isinstance(exc, ApiError) and exc.status == 404:
            text = self.tr("%1 does not look like a Tiflux Chats service.").replace(
                "%1", self.address.text().strip()
            )
        elif isinstance(exc, ValueError):
            text = self.tr("The address is not valid: %1").replace("%1", str(exc))
        else:
            text = error_text(exc)
        self.error.setText(text)
        self.error.setVisible(True)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for field in (self.address, self.email, self.password):
            field.setEnabled(not busy)
        self.ok.setText(self.tr("Signing in…") if busy else self.tr("Sign in"))
        self._validate()

    # --- Qt overrides -------------------------------------------------------------------

    def reject(self) -> None:
        self._tasks.cancel("sign-in")
        super().reject()
