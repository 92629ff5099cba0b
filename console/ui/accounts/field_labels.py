"""The account form's words for each provider field, translatable (the specs speak English)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from console.providers.fields import AccountField


def _t(text: str) -> str:
    return QCoreApplication.translate("fields", text)


def field_label(field: AccountField) -> str:
    labels = {
        "base_url": _t("Base URL"),
        "username": _t("User name"),
        "password": _t("Password"),
        "platform_id": _t("Platform id (your channel's number)"),
        "channel_id": _t("Channel id"),
        "default_region": _t("Country for local numbers"),
        "api_key": _t("API key"),
        "template_language": _t("Template language"),
        "website_id": _t("Website id"),
        "argentina_mobile_prefix": _t("Argentine mobile prefix (54 drops the 9, as Cliengo's examples; 549 keeps it)"),
        "webhook_url": _t("Inbound webhook URL"),
        "account_phone": _t("WhatsApp account to send from"),
        "wa_id": _t("WhatsApp number id (waId)"),
        "api_version": _t("Cloud API version"),
        "webhook_path": _t("Webhook path"),
        "webhook_key": _t("Webhook body key"),
        "version_header": _t("Header that carries the Cloud API version"),
        "business_account_id": _t("WhatsApp business account id"),
        "cloud_api": _t("Cloud API account whose connection it uses"),
    }
    return labels.get(field.key, field.label)
