"""Everything Qt: models, delegates, widgets, dialogs, screens, tray and i18n."""
