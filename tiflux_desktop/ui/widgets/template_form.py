"""An approved WhatsApp template, chosen and filled in: for Gupshup the template group and
the HSM template, for WhatsApp Cloud the template; then one field per variable ({{1}},
{{2}} ...) and a live preview of what the customer will read.

Dumb: it shows the templates it is given and says when it is complete (``value``) or what
is missing (``reason``); the dialogs load the templates and send.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from tiflux_desktop.protocol import GupshupTemplateOut, WhatsappCloudTemplateOut

Template = GupshupTemplateOut | WhatsappCloudTemplateOut

# The service fills variables the same way: every distinct {{name}} once, in order of
# first appearance, each with the next parameter.
_VARIABLE = re.compile(r"\{\{\s*([^}]+?)\s*\}\}")


def template_body(template: Template) -> str:
    return template.content if isinstance(template, GupshupTemplateOut) else template.body.text


def template_variables(template: Template) -> list[str]:
    return list(dict.fromkeys(_VARIABLE.findall(template_body(template))))


def fill_template(text: str, values: dict[str, str]) -> str:
    """``text`` with the variables that have a value filled in; the others stay as {{n}}."""

    def one(match: re.Match[str]) -> str:
        value = values.get(match.group(1).strip(), "")
        return value if value.strip() else match.group(0)

    return _VARIABLE.sub(one, text)


def template_preview(template: Template, parameters: Sequence[str]) -> str:
    values = dict(zip(template_variables(template), parameters, strict=False))
    parts: list[str] = []
    if isinstance(template, WhatsappCloudTemplateOut) and template.header:
        parts.append(template.header)
    parts.append(fill_template(template_body(template), values))
    if isinstance(template, WhatsappCloudTemplateOut) and template.footer:
        parts.append(template.footer)
    return "\n\n".join(parts)


class TemplateForm(QWidget):
    changed = Signal()  # the choice or a variable changed; read value() / reason()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._templates: list[Template] = []
        self._fields: list[tuple[str, QLineEdit]] = []
        self._labels: list[QLabel] = []
        self._label_width = 0

        self.group = QComboBox()
        self.group.setPlaceholderText(self.tr("Choose the template group"))
        self.group.setAccessibleName(self.tr("Template group"))
        self.group.currentIndexChanged.connect(self._group_changed)
        self.template = QComboBox()
        self.template.setAccessibleName(self.tr("Template"))
        self.template.setMinimumContentsLength(24)
        self.template.currentIndexChanged.connect(self._template_changed)
        self.group_label = QLabel(self.tr("Template &group"))
        self.group_label.setBuddy(self.group)
        self.template_label = QLabel(self.tr("&Template"))
        self.template_label.setBuddy(self.template)

        self.variables = QWidget()
        self._variables_form = QFormLayout(self.variables)
        self._variables_form.setContentsMargins(0, 0, 0, 0)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName(self.tr("Preview"))
        self.preview.setPlaceholderText(self.tr("The message the customer will receive."))
        self.preview.setMinimumHeight(96)
        self.preview.setMaximumHeight(180)
        self.preview.setTabChangesFocus(True)
        self.empty = QLabel()
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setWordWrap(True)
        self.empty.hide()

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.group_label, self.group)
        form.addRow(self.template_label, self.template)
        self._form = form
        preview_label = QLabel(self.tr("Pre&view"))
        preview_label.setBuddy(self.preview)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.empty)
        layout.addWidget(self.variables)
        layout.addWidget(preview_label)
        layout.addWidget(self.preview)
        self._set_grouped(False)
        self._show_template(None)

    # --- API ----------------------------------------------------------------------------

    def set_templates(self, templates: Sequence[Template]) -> None:
        """The approved templates to offer (of one integration). Gupshup templates are
        chosen by group first."""
        self._templates = sorted(templates, key=lambda t: t.name.casefold())
        grouped = any(isinstance(t, GupshupTemplateOut) for t in self._templates)
        self._set_grouped(grouped)
        self.group.blockSignals(True)
        self.group.clear()
        if grouped:
            for name in sorted({t.category for t in self._templates}, key=str.casefold):
                self.group.addItem(name, name)
            self.group.setCurrentIndex(0 if self.group.count() == 1 else -1)
        self.group.blockSignals(False)
        self.empty.setText(
            "" if self._templates else self.tr("This integration has no approved template.")
        )
        self.empty.setVisible(not self._templates)
        self._fill_templates()

    def clear(self) -> None:
        """Nothing to offer yet (the templates are being loaded)."""
        self.set_templates([])
        self.empty.hide()

    def templates(self) -> list[Template]:
        return list(self._templates)

    def select(self, template_id: int, parameters: Sequence[str] = ()) -> bool:
        """Choose a template (and its group) and fill its variables."""
        found = next((t for t in self._templates if t.id == template_id), None)
        if found is None:
            return False
        if isinstance(found, GupshupTemplateOut):
            self.group.setCurrentIndex(self.group.findData(found.category))
        index = self.template.findData(template_id)
        self.template.setCurrentIndex(index)
        for (_, field), value in zip(self._fields, parameters, strict=False):
            field.setText(value)
        return index >= 0

    def current(self) -> Template | None:
        template_id = self.template.currentData()
        return next((t for t in self._templates if t.id == template_id), None)

    def parameters(self) -> list[str]:
        return [field.text().strip() for _, field in self._fields]

    def value(self) -> tuple[Template, list[str]] | None:
        """The template and its parameters, in the service's order, once all are filled."""
        template = self.current()
        if template is None or self.reason() is not None:
            return None
        return template, self.parameters()

    def reason(self) -> str | None:
        if not self._templates:
            return self.tr("This integration has no approved template.")
        if self._grouped and self.group.currentIndex() < 0:
            return self.tr("Choose the template group.")
        if self.current() is None:
            return self.tr("Choose a template.")
        for name, field in self._fields:
            if not field.text().strip():
                return self.tr("Fill in the variable %1 of the template.").replace(
                    "%1", "{{" + name + "}}"
                )
        return None

    def label_width(self) -> int:
        """The width its labels need (to line them up with the dialog's own)."""
        labels = [self.group_label, self.template_label]
        return max(label.sizeHint().width() for label in labels)

    def set_label_width(self, width: int) -> None:
        self._label_width = width
        for label in (self.group_label, self.template_label, *self._labels):
            label.setMinimumWidth(width)

    def variable_fields(self) -> list[QLineEdit]:
        return [field for _, field in self._fields]

    # --- internals ----------------------------------------------------------------------

    def _set_grouped(self, grouped: bool) -> None:
        self._grouped = grouped
        self._form.setRowVisible(self.group, grouped)
        self.template_label.setText(self.tr("HSM &template") if grouped else self.tr("&Template"))
        self.template.setPlaceholderText(
            self.tr("Choose the HSM template") if grouped else self.tr("Choose the template")
        )

    def _group_changed(self, *_: object) -> None:
        self._fill_templates()

    def _fill_templates(self) -> None:
        kept = self.template.currentData()
        group = self.group.currentData() if self._grouped else None
        shown = [
            t
            for t in self._templates
            if not self._grouped or (isinstance(t, GupshupTemplateOut) and t.category == group)
        ]
        self.template.blockSignals(True)
        self.template.clear()
        for t in shown:
            self.template.addItem(t.name, t.id)
            self.template.setItemData(
                self.template.count() - 1, template_body(t), Qt.ItemDataRole.ToolTipRole
            )
        index = self.template.findData(kept) if kept is not None else -1
        if index < 0 and len(shown) == 1:
            index = 0
        self.template.setCurrentIndex(index)
        self.template.setEnabled(bool(shown))
        self.template.blockSignals(False)
        self._template_changed()

    def _template_changed(self, *_: object) -> None:
        self._show_template(self.current())
        self.changed.emit()

    def _show_template(self, template: Template | None) -> None:
        old = {name: field.text() for name, field in self._fields}
        while self._variables_form.rowCount():
            self._variables_form.removeRow(0)
        self._fields = []
        self._labels = []
        previous: QWidget = self.template
        for name in template_variables(template) if template else []:
            field = QLineEdit(old.get(name, ""))
            field.setPlaceholderText(self.tr("Value of %1").replace("%1", "{{" + name + "}}"))
            field.setAccessibleName(self.tr("Variable %1").replace("%1", "{{" + name + "}}"))
            field.textChanged.connect(self._variable_changed)
            label = QLabel("{{" + name + "}}")
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setBuddy(field)
            label.setMinimumWidth(self._label_width)
            self._labels.append(label)
            self._variables_form.addRow(label, field)
            # New fields join the end of the window's focus chain: put each right after
            # the one before, so Tab goes template, variables, preview, then the buttons.
            QWidget.setTabOrder(previous, field)
            previous = field
            self._fields.append((name, field))
        self.variables.setVisible(bool(self._fields))
        self._update_preview()

    def _variable_changed(self, *_: object) -> None:
        self._update_preview()
        self.changed.emit()

    def _update_preview(self) -> None:
        template = self.current()
        self.preview.setPlainText(
            template_preview(template, [f.text() for _, f in self._fields]) if template else ""
        )
