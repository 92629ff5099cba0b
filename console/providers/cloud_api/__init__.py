"""The WhatsApp Cloud API's shapes, shared by the providers that speak them (Chattigo)."""
