"""The IRSA assistant window: inputs, snippets, verification, creation and a trial run."""

from imagedesk.ui.irsa.assistant import IrsaAssistant, open_irsa_assistant

__all__ = ["IrsaAssistant", "open_irsa_assistant"]
