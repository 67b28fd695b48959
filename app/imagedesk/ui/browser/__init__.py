"""The Registry browser window: repositories, their images, and import from there."""

from imagedesk.ui.browser.browser_window import RegistryBrowser, open_registry_browser

__all__ = ["RegistryBrowser", "open_registry_browser"]
