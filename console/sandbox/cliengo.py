"""A stateful simulator of Cliengo's HSM notifications API (API.md §4).

`POST {PREFIX}/website/{websiteId}/hsm/notifications` with header `apikey`. Two websites
(`demo-website` / `demo-cliengo-key`, `otra-website` / `otra-cliengo-key`), each with its
template catalogue. The request is judged in this order, each step answering in the
doc's `{"code","statusCode","description","result"}` shape:
1. the api key must belong to the path's website (401 UNAUTHORIZED, also for a website
   that does not exist: the key cannot belong to it);
2. the body must match the schema (400 INVALID_BODY, every field problem listed);
3. the template must exist on that website (404 NOT_FOUND);
4. params must be exactly the template's variables, media only for media templates
   (400 INVALID_BODY);
5. a `media.link` is checked with a real HEAD request (see `cliengo_media`).
Cliengo offers no delivery reports, so accepted notifications are only recorded.

The sandbox also serves demo media at `{PREFIX}/demo-media/<name>` (see
`cliengo_catalogue.DEMO_MEDIA`), recorded under the route `demo_media`.
"""

from __future__ import annotations

import json
import random
import time
import uuid
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from console.sandbox.cliengo_catalogue import (
    DEMO_API_KEY,
    DEMO_MEDIA,
    DEMO_MEDIA_PATH,
    DEMO_WEBSITE,
    SEED_TEMPLATES,
    WEBSITES,
    Template,
    TemplateType,
    Website,
)
from console.sandbox.cliengo_media import check_media_link
from console.sandbox.cliengo_validation import template_errors, validate_body
from console.sandbox.media_host import MediaHost
from console.sandbox.plumbing import Clock, ProviderSimulator, Refusal, add_steering_routes, answering, json_response
from console.sandbox.recorder import Faults, RequestLog

PROVIDER = "cliengo"
PREFIX = "/cliengo"

ROUTES: tuple[str, ...] = ("notifications", "demo_media", "unknown")
VARIANTS: dict[str, tuple[str, ...]] = {}  # see `FaultKind.VARIANT`


@dataclass(frozen=True, slots=True)
class CliengoSandboxConfig:
    seed: int = 42
    head_timeout: float = 5.0  # seconds Cliengo waits for a media link's HEAD answer
    max_redirects: int = 5


@dataclass(frozen=True, slots=True)
class SentNotification:
    id: str  # ours: Cliengo's answer carries no id
    website_id: str
    template_id: str
    destination: str
    params: dict[str, str]
    text: str
    media_link: str | None
    filename: str | None
    sent_at: float  # time.time()


class CliengoSimulator(ProviderSimulator[CliengoSandboxConfig]):
    """Cliengo's state and HTTP handlers. Mutate it only on the server's loop thread."""

    _provider = PROVIDER
    _send_routes = frozenset({"notifications"})

    def __init__(self, config: CliengoSandboxConfig, log: RequestLog, faults: Faults, clock: Clock = time.monotonic) -> None:
        super().__init__(config, log, faults, clock)
        self._rng = random.Random(config.seed)
        self._websites = {website.id: website for website in WEBSITES}
        self._templates = {website: {t.id: t for t in templates} for website, templates in SEED_TEMPLATES.items()}
        self._sent: list[SentNotification] = []
        self._outage: int | None = None
        self.media = MediaHost(DEMO_MEDIA)

    # ---- state, for tests and the admin API -------------------------------------------

    def templates(self, website_id: str = DEMO_WEBSITE) -> list[Template]:
        return list(self._website_templates(website_id).values())

    def add_template(self, website_id: str, template: Template) -> None:
        templates = self._website_templates(website_id)
        if template.id in templates:
            raise ValueError(f"Website {website_id} already has a template {template.id}.")
        templates[template.id] = template

    def next_template_id(self, website_id: str) -> str:
        numbers = [int(t) for t in self._website_templates(website_id) if t.isdigit()]
        return str(max(numbers, default=0) + 1)

    def notifications_sent(self) -> list[SentNotification]:
        return list(self._sent)

    def set_outage(self, status: int | None) -> None:
        """Answer every notification with `status` and an HTML page (a failing gateway), or stop."""
        self._outage = status

    def _website_templates(self, website_id: str) -> dict[str, Template]:
        if website_id not in self._websites:
            raise ValueError(f"There is no Cliengo website {website_id} in the sandbox.")
        return self._templates.setdefault(website_id, {})

    def describe(self) -> str:
        templates = ", ".join(f"{t.id} {t.type.value}({', '.join(t.variables) or 'no variables'})" for t in self.templates())
        return (
            f"Cliengo website '{DEMO_WEBSITE}', api key '{DEMO_API_KEY}'; templates {templates}; "
            f"demo media at {PREFIX}{DEMO_MEDIA_PATH}/ ({', '.join(DEMO_MEDIA)})"
        )

    # ---- routes ---------------------------------------------------------------------

    def register_routes(self, app: web.Application) -> None:
        """Add the routes relative to `app`'s root; mount it at `PREFIX`."""
        notify = answering(self._notify, self._error_body)
        app.router.add_route("POST", "/website/{website}/hsm/notifications", self._recorded("notifications", notify))
        self.media.register_routes(app, DEMO_MEDIA_PATH, wrap=lambda handler: self._recorded("demo_media", handler))
        app.router.add_route("*", "/{tail:.*}", self._recorded("unknown", self._unknown))

    def register_admin_routes(self, app: web.Application, prefix: str) -> None:
        routes = (
            ("GET", "/templates", self._admin_templates),
            ("POST", "/templates", self._admin_add_template),
            ("GET", "/notifications", self._admin_notifications),
            ("POST", "/outage", self._admin_outage),
        )
        add_steering_routes(app, prefix, routes, ValueError, utf8=True)

    # ---- provider handlers ------------------------------------------------------------

    @staticmethod
    def _error_body(refusal: Refusal) -> dict[str, Any]:
        """Cliengo's error answer `{"code","statusCode","description","result"}`."""
        code, result = refusal.details["code"], refusal.details["result"]
        return {"code": code, "statusCode": refusal.status, "description": refusal.message, "result": result}

    async def _notify(self, request: web.Request) -> web.Response:
        if self._outage is not None:
            page = f"<html><body><h1>{self._outage}</h1>The service is not available.</body></html>"
            return web.Response(status=self._outage, text=page, content_type="text/html")
        website = self._authenticated(request)
        notification, errors = validate_body(await _body(request))
        if notification is None:
            raise _invalid_body(errors)
        template = self._templates.get(website.id, {}).get(notification.template_id)
        if template is None:
            raise Refusal(
                404,
                f"Cant find requested template {notification.template_id} for website {website.id}",
                code="NOT_FOUND",
                result={"templateId": notification.template_id, "websiteId": website.id},
            )
        errors = template_errors(notification, template)
        if errors:
            raise _invalid_body(errors)
        if notification.media_link is not None:
            refusal = await check_media_link(
                notification.media_link,
                template.type,
                timeout=self.config.head_timeout,
                max_redirects=self.config.max_redirects,
            )
            if refusal is not None:
                raise Refusal(refusal.status, refusal.description, code=refusal.code, result=refusal.result)
        self._sent.append(
            SentNotification(
                id=str(uuid.UUID(int=self._rng.getrandbits(128), version=4)),
                website_id=website.id,
                template_id=template.id,
                destination=notification.destination,
                params=dict(notification.params),
                text=template.render(notification.params),
                media_link=notification.media_link,
                filename=notification.filename,
                sent_at=time.time(),
            )
        )
        return json_response(
            {
                "code": "SUCCESS",
                "statusCode": 200,
                "description": "Resource successfully created",
                "result": f"HSM notification sent to {notification.destination}.",
            }
        )

    async def _unknown(self, request: web.Request) -> web.Response:
        # Express's default answer for a path it does not serve.
        return web.Response(status=404, text=f"Cannot {request.method} {request.path}", content_type="text/html")

    def _authenticated(self, request: web.Request) -> Website:
        website_id = request.match_info["website"]
        website = self._websites.get(website_id)
        if website is None or request.headers.get("apikey") != website.api_key:
            raise Refusal(401, "Invalid ApiKey", code="UNAUTHORIZED", result={"websiteId": website_id})
        return website

    # ---- admin handlers --------------------------------------------------------------

    async def _admin_templates(self, request: web.Request) -> web.Response:
        website_id = request.query.get("websiteId", DEMO_WEBSITE)
        return json_response([template.wire() for template in self.templates(website_id)])

    async def _admin_add_template(self, request: web.Request) -> web.Response:
        body = await _body(request)
        if not isinstance(body, dict):
            raise ValueError("The request body must be a JSON object")
        website_id = str(body.get("websiteId") or DEMO_WEBSITE)
        template = _template_from(body, self.next_template_id(website_id))
        self.add_template(website_id, template)
        return json_response(template.wire(), 201)

    async def _admin_notifications(self, request: web.Request) -> web.Response:
        return json_response([_notification_wire(sent) for sent in self._sent])

    async def _admin_outage(self, request: web.Request) -> web.Response:
        body = await _body(request)
        status = body.get("status") if isinstance(body, dict) else None
        if status is not None and (isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599):
            raise ValueError("status must be an HTTP status code or null")
        self.set_outage(status)
        return json_response({"outage": status})


def _template_from(body: dict[str, Any], default_id: str) -> Template:
    name, text, variables = body.get("name"), body.get("text"), body.get("variables", [])
    if not isinstance(name, str) or not name.strip():
        raise ValueError("name is required")
    try:
        kind = TemplateType(str(body.get("type", "TEXT")).upper())
    except ValueError:
        raise ValueError(f"type must be one of {[t.value for t in TemplateType]}") from None
    if not isinstance(variables, list) or not all(isinstance(v, str) and v.isidentifier() for v in variables):
        raise ValueError("variables must be a list of names (letters, digits, _)")
    if text is None:
        text = " ".join(f"{{{{{v}}}}}" for v in variables) or name
    if not isinstance(text, str):
        raise ValueError("text must be text")
    return Template(str(body.get("id") or default_id), name.strip(), kind, text, tuple(dict.fromkeys(variables)))


def _notification_wire(sent: SentNotification) -> dict[str, Any]:
    return {
        "id": sent.id,
        "websiteId": sent.website_id,
        "templateId": sent.template_id,
        "destination": sent.destination,
        "params": sent.params,
        "text": sent.text,
        "media": {"link": sent.media_link, "filename": sent.filename} if sent.media_link else None,
        "sentAt": sent.sent_at,
    }


def _invalid_body(errors: list[dict[str, Any]]) -> Refusal:
    return Refusal(400, "Invalid body, query or params", code="INVALID_BODY", result=errors)


async def _body(request: web.Request) -> Any:
    """The JSON body; like express.json(), anything not sent as JSON reads as `{}`."""
    if request.content_type != "application/json":
        return {}
    try:
        return json.loads(await request.read())
    except (ValueError, UnicodeDecodeError):
        return None
