"""THE one module that knows NICE CXone's endpoints and field names.

Everything acdplan says to or reads from CXone is translated here, in both directions, so that a
correction of one shape touches this file (and the emulator, which serves exactly these shapes).
Each name carries how sure we are of it (docs/CXONE.md lists them all):

  [doc]     seen in public documentation, or in several public API clients, field by field;
  [likely]  consistent with public material, but not confirmed field by field;
  [unknown] not found in public material: the most plausible shape, chosen here.

Documents are the normalised form of `acdplan.model.documents`: `*_document` functions must give,
for a given configuration, exactly what `desired_documents` gives for the same configuration.
"""

from __future__ import annotations

from collections.abc import Iterable

from acdplan.model.build import WEEKDAYS

# --- authentication and discovery --------------------------------------------------------------
DEFAULT_AUTH_URL = "https://cxone.niceincontact.com"  # [likely] the global issuer
OPENID_CONFIGURATION = "/.well-known/openid-configuration"  # [likely] OpenID discovery on the issuer
OPENID_TOKEN_ENDPOINT_FIELD = "token_endpoint"  # [doc] OpenID Connect Discovery 1.0
DEFAULT_TOKEN_PATH = "/auth/token"  # [likely] used when the issuer publishes no discovery document
CLIENT_CREDENTIALS_AS_BASIC = True  # [likely] client id/secret as HTTP Basic on the token call
CXONE_CONFIGURATION = "/.well-known/cxone-configuration"  # [likely] tenant API discovery
CXONE_CONFIGURATION_TENANT_PARAM = "tenantId"  # [likely]
CXONE_CONFIGURATION_API_FIELD = "api_endpoint"  # [likely]
TENANT_ID_CLAIM = "tenantId"  # [likely] claim of the id token


def token_request_form(key_id: str, key_secret: str, client_id: str | None, client_secret: str | None) -> dict:
    """[likely] OAuth 2 password grant: the access key id as username, its secret as password."""
    form = {"grant_type": "password", "username": key_id, "password": key_secret}
    if client_id and not CLIENT_CREDENTIALS_AS_BASIC:
        form.update(client_id=client_id, client_secret=client_secret or "")
    return form


# --- API roots and paging ----------------------------------------------------------------------
DEFAULT_API_VERSION = "31.0"


def admin_prefix(version: str) -> str:
    """[likely] the ACD admin API root under the tenant's API host."""
    version = str(version).lstrip("vV")
    return f"/incontactapi/services/v{version}"


DFO_PREFIX = "/dfo/3.0"  # [likely] the Digital Experience (DFO) API root
ADMIN_SKIP_PARAM, ADMIN_TOP_PARAM = "skip", "top"  # [doc]
ADMIN_SEARCH_PARAM = "searchString"  # [doc]
DFO_LIMIT_PARAM = "limit"  # [unknown]
DFO_CURSOR_PARAM = "cursor"  # [unknown]


def admin_page_items(body: dict | None, list_key: str) -> tuple[list[dict], int | None]:
    """[doc] a page of an admin list: `{totalRecords, <list>: [...]}`, sometimes under `resultSet`."""
    if not body:
        return [], 0
    if isinstance(body.get("resultSet"), dict):
        body = body["resultSet"]
    items = body.get(list_key) or []
    total = body.get("totalRecords")
    return [item for item in items if isinstance(item, dict)], (int(total) if isinstance(total, int) else None)


def dfo_page_items(body: dict | None) -> tuple[list[dict], str | None]:
    """[unknown] a page of a DFO list: `{data: [...], nextCursor}`."""
    if not body:
        return [], None
    items = body.get("data") or []
    cursor = body.get("nextCursor")
    return [item for item in items if isinstance(item, dict)], (cursor if isinstance(cursor, str) and cursor else None)


def error_description(body: dict) -> str:
    """[likely] CXone errors are JSON with an error and a description."""
    for key in ("error_description", "errorDescription", "description", "message", "error"):
        value = body.get(key)
        if isinstance(value, str) and value.strip():
            return value
    errors = body.get("errors")
    if isinstance(errors, list) and errors:
        return "; ".join(str(item.get("message", item)) if isinstance(item, dict) else str(item) for item in errors)
    return ""


# --- endpoints ---------------------------------------------------------------------------------
# admin API (under admin_prefix)
BUSINESS_UNIT = "/business-unit"  # [doc] GET; PUT of the fields below [unknown]
SKILLS = "/skills"  # [doc] GET (paged, searchString), POST {skills: [...]}
CAMPAIGNS = "/campaigns"  # [doc]
SCRIPTS = "/scripts"  # [likely]
AGENTS = "/agents"  # [doc] GET (paged, searchString)
AGENT_SKILL_ASSIGNMENTS = "/agents/skills"  # [likely] every agent's skills, paged
SECURITY_PROFILE_ME = "/security-profiles/me"  # [unknown] the permissions of the caller


def skill_path(skill_id) -> str:
    return f"/skills/{skill_id}"  # [doc] GET, PUT


def agent_path(agent_id) -> str:
    return f"/agents/{agent_id}"  # [likely] PUT


def agent_skills_path(agent_id) -> str:
    return f"/agents/{agent_id}/skills"  # [doc] GET, POST, PUT; DELETE [likely]


# Digital Experience API (under DFO_PREFIX)
CHANNELS = "/channels"  # [likely] GET; POST [unknown]
EXTERNAL_ACCOUNTS = "/external-platform-accounts"  # [unknown] accounts a person has authorised (F5)
ROLES = "/roles"  # [unknown]
ROUTING_QUEUES = "/routing-queues"  # [likely] GET
SLA_SETTINGS = "/sla-settings"  # [unknown] working hours and the global SLA


def channel_path(channel_id) -> str:
    return f"/channels/{channel_id}"  # [unknown] PUT, DELETE


def role_path(role_id) -> str:
    return f"/roles/{role_id}"  # [unknown]


def queue_filters_path(queue_id) -> str:
    return f"/routing-queues/{queue_id}/filters"  # [unknown] PUT


# list keys of the admin API
BUSINESS_UNITS_KEY = "businessUnits"  # [doc]
SKILLS_KEY = "skills"  # [doc]
CAMPAIGNS_KEY = "campaigns"  # [doc]
SCRIPTS_KEY = "scripts"  # [likely]
AGENTS_KEY = "agents"  # [doc]
ASSIGNMENTS_KEY = "agentSkillAssignments"  # [doc]

# ids and names
SKILL_ID, SKILL_NAME = "skillId", "skillName"  # [doc]
CAMPAIGN_ID, CAMPAIGN_NAME = "campaignId", "campaignName"  # [doc]
SCRIPT_ID, SCRIPT_NAME = "scriptId", "scriptName"  # [likely]
AGENT_ID, AGENT_USERNAME = "agentId", "userName"  # [doc]
IS_ACTIVE = "isActive"  # [doc]
DFO_ID, DFO_NAME = "id", "name"  # [likely]

# permissions (F15)
PERMISSION_SKILLS_CREATE = "Skills - Create"  # [doc: the guide] as the guide names them
PERMISSION_SKILLS_EDIT = "Skills - Edit"  # [doc: the guide]
PERMISSIONS_KEY = "permissions"  # [unknown]


class MappingError(Exception):
    """A value of the model that CXone has no field or code for."""


Note = tuple[str | None, str]  # (field of the document it is about, or None; what could not be mapped)


# --- tenant settings -----------------------------------------------------------------------------
APPLICATION_CODES = {"cxone_agent": "CXoneAgent", "max": "MAX"}  # [unknown]
APPLICATION_NAMES = {code: name for name, code in APPLICATION_CODES.items()}
DAY_NAMES = dict(zip(WEEKDAYS, ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")))
DAY_KEYS = {name: key for key, name in DAY_NAMES.items()}


def application_name(code, default: str) -> tuple[str, list[Note]]:
    if code in (None, ""):
        return default, []
    name = APPLICATION_NAMES.get(code)
    if name is None:
        return str(code).lower(), [("application", f"agent application {code!r} has no acdplan name")]
    return name, []


def application_code(name: str) -> str:
    try:
        return APPLICATION_CODES[name]
    except KeyError:
        raise MappingError(f"agent application {name!r} has no CXone code (known: {', '.join(APPLICATION_CODES)})") from None


def sla_document(raw: dict | None) -> dict | None:
    """[unknown] `{firstResponseMinutes, resolutionMinutes}` -> the model's SLA (minutes)."""
    if not isinstance(raw, dict):
        return None
    document = {}
    if raw.get("firstResponseMinutes") is not None:
        document["first_response"] = int(raw["firstResponseMinutes"])
    if raw.get("resolutionMinutes") is not None:
        document["resolution"] = int(raw["resolutionMinutes"])
    return document


def sla_body(document: dict | None) -> dict | None:
    if document is None:
        return None
    return {"firstResponseMinutes": document.get("first_response"), "resolutionMinutes": document.get("resolution")}


def tenant_document(business_unit: dict, sla_settings: dict | None) -> tuple[dict, list[Note]]:
    """[unknown] BU fields `defaultAgentApplication`, `dynamicDeliveryEnabled`; DFO SLA settings."""
    application, notes = application_name(business_unit.get("defaultAgentApplication"), "cxone_agent")
    document: dict = {"agent_application": application,
                      "dynamic_delivery": bool(business_unit.get("dynamicDeliveryEnabled"))}
    settings = sla_settings or {}
    hours = settings.get("workingHours")
    if isinstance(hours, dict) and hours.get("timezone"):
        days = []
        by_day = {}
        for entry in hours.get("days") or []:
            key = DAY_KEYS.get(str(entry.get("day", "")).lower())
            if key is None:
                notes.append(("working_hours", f"working-hours day {entry.get('day')!r} not understood"))
                continue
            by_day[key] = [f"{interval.get('from')}-{interval.get('to')}" for interval in entry.get("intervals") or []]
        for key in WEEKDAYS:
            if by_day.get(key):
                days.append([key, by_day[key]])
        document["working_hours"] = {"timezone": hours["timezone"], "days": days}
    sla = sla_document(settings.get("globalSla"))
    if sla is not None:
        document["sla"] = sla
    return document, notes


def business_unit_body(document: dict) -> dict:
    return {"defaultAgentApplication": application_code(document.get("agent_application", "cxone_agent")),
            "dynamicDeliveryEnabled": bool(document.get("dynamic_delivery", False))}


def sla_settings_body(document: dict) -> dict:
    hours = document.get("working_hours")
    working_hours = None
    if hours:
        days = []
        for key, ranges in hours.get("days", []):
            intervals = []
            for text in ranges:
                start, _, end = str(text).partition("-")
                intervals.append({"from": start.strip(), "to": end.strip()})
            days.append({"day": DAY_NAMES[key], "intervals": intervals})
        working_hours = {"timezone": hours["timezone"], "days": days}
    return {"workingHours": working_hours, "globalSla": sla_body(document.get("sla"))}


# --- skills --------------------------------------------------------------------------------------
MEDIA_TYPE_IDS = {  # [likely] ACD media type ids; digital is its own type
    "email": 1, "chat": 3, "voice": 4, "voicemail": 5, "work_item": 6, "sms": 7, "social": 8, "digital": 9,
}
MEDIA_NAMES = {number: name for name, number in MEDIA_TYPE_IDS.items()}
DIGITAL_MEDIA_TYPE_ID = MEDIA_TYPE_IDS["digital"]


def _upper(value):
    return value.upper() if isinstance(value, str) else value


def _lower(value):
    return value.lower() if isinstance(value, str) else value


def routing_document(raw) -> dict | None:
    """[unknown] `digitalRouting: {evaluationCriteria, preferredAgent: {priorityMetric, fallback, timeoutSeconds}}`."""
    if not isinstance(raw, dict):
        return None
    document = {"criteria": _lower(raw.get("evaluationCriteria") or "PROFICIENCY")}
    preferred = raw.get("preferredAgent")
    if isinstance(preferred, dict):
        body = {}
        for ours, theirs in (("metric", "priorityMetric"), ("fallback", "fallback")):
            if preferred.get(theirs) is not None:
                body[ours] = _lower(preferred[theirs])
        if preferred.get("timeoutSeconds") is not None:
            body["timeout_seconds"] = int(preferred["timeoutSeconds"])
        document["preferred_agent"] = body
    return document


def routing_body(document: dict | None) -> dict | None:
    if document is None:
        return None
    body: dict = {"evaluationCriteria": _upper(document.get("criteria", "proficiency"))}
    preferred = document.get("preferred_agent")
    if preferred is not None:
        body["preferredAgent"] = {"priorityMetric": _upper(preferred.get("metric")),
                                  "fallback": _upper(preferred.get("fallback")),
                                  "timeoutSeconds": preferred.get("timeout_seconds")}
    return body


def skill_document(raw: dict, campaign_names: dict) -> tuple[dict, list[Note]]:
    notes: list[Note] = []
    media_id = raw.get("mediaTypeId")
    media = MEDIA_NAMES.get(media_id)
    if media is None:
        media = f"cxone_media_type_{media_id}"
        notes.append(("media", f"media type {media_id} ({raw.get('mediaTypeName') or 'no name'}) has no acdplan name"))
    document: dict = {
        "media": media,
        "direction": "outbound" if raw.get("isOutbound") else "inbound",  # [doc] isOutbound
        "personal_connection": bool(raw.get("personalConnection")),  # [unknown]
        "byoc": bool(raw.get("byoc")),  # [unknown]
        "sub_skill": bool(raw.get("isSubSkill")),  # [unknown]
        "popurl": bool(raw.get("useScreenPops")),  # [likely] field; that it is the guide's POPURL [unknown]
        "accept_reject": bool(raw.get("acceptRejectEnabled")),  # [unknown]
    }
    campaign = campaign_names.get(raw.get(CAMPAIGN_ID)) or raw.get(CAMPAIGN_NAME)
    if campaign:
        document["campaign"] = campaign
    else:
        notes.append(("campaign", f"campaign id {raw.get(CAMPAIGN_ID)} not found in the tenant"))
    if raw.get("messageTemplateName"):  # [unknown] by name; CXone's own field is messageTemplateId [doc]
        document["message_template"] = raw["messageTemplateName"]
    routing = routing_document(raw.get("digitalRouting"))
    if routing is not None:
        document["routing"] = routing
    level = {}
    if raw.get("serviceLevelGoal") is not None:  # [doc]
        level["goal_percent"] = int(raw["serviceLevelGoal"])
    if raw.get("serviceLevelThreshold") is not None:  # [doc] seconds
        level["threshold_seconds"] = int(raw["serviceLevelThreshold"])
    if level:
        document["service_level"] = level
    if raw.get("agentResponseCountdownSeconds") is not None:  # [unknown]
        document["agent_response_countdown_seconds"] = int(raw["agentResponseCountdownSeconds"])
    countdown = raw.get("customerResponseCountdown")  # [unknown] {seconds, unassignOnExpiry}
    if isinstance(countdown, dict):
        body = {"unassign": bool(countdown.get("unassignOnExpiry"))}
        if countdown.get("seconds") is not None:
            body["seconds"] = int(countdown["seconds"])
        document["customer_response_countdown"] = body
    if raw.get("notes"):  # [doc] the skill's notes hold the description
        document["description"] = raw["notes"]
    return document, notes


def skill_body(name: str, document: dict, campaign_id) -> dict:
    media = document.get("media", "digital")
    if media not in MEDIA_TYPE_IDS:
        raise MappingError(f"media {media!r} has no CXone media type id (known: {', '.join(MEDIA_TYPE_IDS)})")
    level = document.get("service_level") or {}
    countdown = document.get("customer_response_countdown")
    return {
        SKILL_NAME: name,
        "mediaTypeId": MEDIA_TYPE_IDS[media],
        CAMPAIGN_ID: campaign_id,
        "isOutbound": document.get("direction", "inbound") == "outbound",
        "notes": document.get("description") or "",
        "serviceLevelGoal": level.get("goal_percent"),
        "serviceLevelThreshold": level.get("threshold_seconds"),
        "messageTemplateName": document.get("message_template"),
        "personalConnection": bool(document.get("personal_connection")),
        "byoc": bool(document.get("byoc")),
        "isSubSkill": bool(document.get("sub_skill")),
        "useScreenPops": bool(document.get("popurl")),
        "acceptRejectEnabled": bool(document.get("accept_reject")),
        "digitalRouting": routing_body(document.get("routing")),
        "agentResponseCountdownSeconds": document.get("agent_response_countdown_seconds"),
        "customerResponseCountdown": None if countdown is None else {
            "seconds": countdown.get("seconds"), "unassignOnExpiry": bool(countdown.get("unassign"))},
    }


def skill_create_body(name: str, document: dict, campaign_id) -> dict:
    """[doc] POST /skills takes a list of skills."""
    return {"skills": [skill_body(name, document, campaign_id)]}


def retired_skill_name(name: str, skill_id) -> str:
    """The name a replaced skill keeps once deactivated, so the new one can take its name (2..30 chars, F16)."""
    suffix = f"_old{skill_id}"
    return f"{name[:30 - len(suffix)]}{suffix}"


# --- channels ------------------------------------------------------------------------------------
def platform_of(channel_type: str) -> str:
    """[unknown] DFO names platforms with hyphens: instagram_direct -> instagram-direct."""
    return channel_type.replace("_", "-")


def channel_type_of(platform: str) -> str:
    return str(platform or "").replace("-", "_")


def channel_sla_document(raw):
    """[unknown] `slaPolicy: {useGlobal: true}` (YES) | `{useGlobal: false, ...minutes}` (NO, DIFFERENT) | null."""
    if not isinstance(raw, dict):
        return None
    if raw.get("useGlobal"):
        return "global"
    return sla_document(raw)


def channel_sla_body(value) -> dict | None:
    if value is None:
        return None
    if value == "global":
        return {"useGlobal": True}
    return {"useGlobal": False, **(sla_body(value) or {})}


def channel_document(raw: dict, skill_names: dict, script_names: dict) -> tuple[dict, list[Note]]:
    notes: list[Note] = []
    properties = raw.get("accountProperties") or {}  # [unknown]
    document: dict = {
        "type": channel_type_of(raw.get("platform")),  # [unknown] platform
        "account": {
            "id": str(raw.get("idOnExternalPlatform") or ""),  # [likely]
            "professional": bool(properties.get("professional")),
            "allow_message_access": bool(properties.get("allowMessageAccess")),
        },
    }
    skill_id = raw.get("defaultSkillId")  # [unknown]
    if skill_id is not None:
        if skill_id in skill_names:
            document["default_skill"] = skill_names[skill_id]
        else:
            notes.append(("default_skill", f"default skill id {skill_id} is not an active skill of the tenant"))
    script_id = raw.get("defaultScriptId")  # [unknown]
    if script_id is not None:
        if script_id in script_names:
            document["default_script"] = script_names[script_id]
        else:
            notes.append(("default_script", f"default Studio script id {script_id} not found in the tenant"))
    sla = channel_sla_document(raw.get("slaPolicy"))
    if sla is not None:
        document["sla"] = sla
    if raw.get("description"):
        document["description"] = raw["description"]
    return document, notes


def channel_body(name: str, document: dict, skill_id, script_id) -> dict:
    account = document.get("account") or {}
    return {
        DFO_NAME: name,
        "platform": platform_of(document["type"]),
        "idOnExternalPlatform": str(account.get("id", "")),
        "accountProperties": {"professional": bool(account.get("professional")),
                              "allowMessageAccess": bool(account.get("allow_message_access"))},
        "defaultSkillId": skill_id,
        "defaultScriptId": script_id,
        "slaPolicy": channel_sla_body(document.get("sla")),
        "description": document.get("description"),
    }


def channel_account_name(raw: dict) -> str | None:
    return raw.get("externalPlatformName") or None  # [unknown]


def authorised_account(raw: dict) -> tuple[str, str] | None:
    """[unknown] an external account a person authorised: `{platform, idOnExternalPlatform, authorized}`."""
    if not raw.get("authorized"):
        return None
    return channel_type_of(raw.get("platform")), str(raw.get("idOnExternalPlatform") or "")


# --- roles ---------------------------------------------------------------------------------------
def role_document(raw: dict, channel_names: dict) -> tuple[dict, list[Note]]:
    """[unknown] `{name, description, handlesContacts, adminPermissions, channelPermissions: [...]}`."""
    notes: list[Note] = []
    channels: dict[str, list[str]] = {}
    for entry in raw.get("channelPermissions") or []:
        channel = channel_names.get(entry.get("channelId"))
        if channel is None:
            notes.append(("channels", f"permissions on channel id {entry.get('channelId')}, not a channel of the tenant"))
            continue
        channels[channel] = sorted(set(entry.get("permissions") or []))
    document: dict = {
        "handles_contacts": bool(raw.get("handlesContacts", True)),
        "admin_permissions": sorted(set(raw.get("adminPermissions") or [])),
        "channels": {name: channels[name] for name in sorted(channels)},
    }
    if raw.get("description"):
        document["description"] = raw["description"]
    return document, notes


def role_body(name: str, document: dict, channel_ids: dict) -> dict:
    return {
        DFO_NAME: name,
        "description": document.get("description"),
        "handlesContacts": bool(document.get("handles_contacts", True)),
        "adminPermissions": sorted(document.get("admin_permissions", [])),
        "channelPermissions": [{"channelId": channel_ids[channel], "permissions": sorted(permissions)}
                               for channel, permissions in sorted(document.get("channels", {}).items())],
    }


# --- agents --------------------------------------------------------------------------------------
def agent_document(raw: dict, assignments: Iterable[dict], skill_names: dict, role_names: dict,
                   default_application: str) -> tuple[dict, list[Note]]:
    """[unknown] user fields `agentApplication`, `digitalEngagementEnabled`, `digitalRoleId`; skills [doc]."""
    application, notes = application_name(raw.get("agentApplication"), default_application)
    skills = {}
    for assignment in assignments:
        skill = skill_names.get(assignment.get(SKILL_ID))
        if skill is None:  # an inactive skill: not part of the configuration
            continue
        skills[skill] = int(assignment.get("agentProficiencyValue") or assignment.get("proficiency") or 1)
    role = None
    role_id = raw.get("digitalRoleId")
    if role_id is not None:
        role = role_names.get(role_id)
        if role is None:
            notes.append(("role", f"digital role id {role_id} not found in the tenant"))
    document: dict = {
        "application": application,
        "digital_engagement": bool(raw.get("digitalEngagementEnabled")),
        "skills": {name: skills[name] for name in sorted(skills)},
        "role": role,
    }
    if raw.get("notes"):
        document["description"] = raw["notes"]
    return document, notes


def is_digital_agent(raw: dict, assignments: Iterable[dict], digital_skill_ids: set) -> bool:
    """A user belongs to the Digital configuration if it has a digital role, the attribute or a digital skill."""
    return (raw.get("digitalRoleId") is not None or bool(raw.get("digitalEngagementEnabled"))
            or any(assignment.get(SKILL_ID) in digital_skill_ids for assignment in assignments))


def agent_body(document: dict | None, role_id) -> dict:
    """[unknown] PUT /agents/{id} body; None clears the agent's Digital configuration."""
    if document is None:
        return {"agentApplication": None, "digitalEngagementEnabled": False, "digitalRoleId": None}
    return {"agentApplication": application_code(document.get("application", "cxone_agent")),
            "digitalEngagementEnabled": bool(document.get("digital_engagement")),
            "digitalRoleId": role_id,
            "notes": document.get("description") or ""}


def agent_skills_body(skills: dict) -> dict:
    """[doc] {skills: [{skillId, proficiency, isActive}]} (POST adds, PUT changes)."""
    return {"skills": [{SKILL_ID: skill_id, "proficiency": proficiency, IS_ACTIVE: True}
                       for skill_id, proficiency in sorted(skills.items(), key=lambda item: str(item[0]))]}


def agent_skills_removal_body(skill_ids: Iterable) -> dict:
    return {"skills": [{SKILL_ID: skill_id} for skill_id in skill_ids]}  # [likely]


def assignment_proficiency(assignment: dict) -> int:
    return int(assignment.get("agentProficiencyValue") or assignment.get("proficiency") or 1)  # [doc]


# --- routing queues ------------------------------------------------------------------------------
def queue_document(raw: dict, channel_names: dict, skill_names: dict) -> tuple[dict, list[Note]]:
    """[unknown] `{filters: [{name, includedChannelIds, includedSkillIds}]}`."""
    notes: list[Note] = []
    filters = {}
    for entry in raw.get("filters") or []:
        channels, skills = [], []
        for channel_id in entry.get("includedChannelIds") or []:
            if channel_id in channel_names:
                channels.append(channel_names[channel_id])
            else:
                notes.append(("filters", f"filter {entry.get('name')!r} names channel id {channel_id}, not in the tenant"))
        for skill_id in entry.get("includedSkillIds") or []:
            if skill_id in skill_names:
                skills.append(skill_names[skill_id])
            else:
                notes.append(("filters", f"filter {entry.get('name')!r} names skill id {skill_id}, not an active skill"))
        filters[str(entry.get("name"))] = {"included_channels": channels, "included_skills": skills}
    return {"filters": {name: filters[name] for name in sorted(filters)}}, notes


def queue_filters_body(document: dict, channel_ids: dict, skill_ids: dict) -> dict:
    return {"filters": [
        {"name": name,
         "includedChannelIds": [channel_ids[channel] for channel in body.get("included_channels", [])],
         "includedSkillIds": [skill_ids[skill] for skill in body.get("included_skills", [])]}
        for name, body in sorted(document.get("filters", {}).items())
    ]}
