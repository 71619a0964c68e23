"""Every CXone route acdplan calls, with where it is published (docs/CXONE.md is the long form).

Sources, abbreviated in the comments:
  auth-sdk    npm @nice-devone/auth-sdk, package/src/lib/cxone-auth.js
  common-sdk  npm @nice-devone/common-sdk, package/src/lib/model/authenticate/cxone-configuration.js
  core-sdk    npm @nice-devone/core-sdk, package/src/constants/api-uri-constants.js
  agent-sdk   npm @nice-devone/agent-sdk, package/src/lib/directory/util/skill-api-parser.js
  cj:<file>   github calljacob/nice-cxone-api, src/services/<file> (types generated from NICE's OpenAPI)
  ps:<file>   github WodongaTAFE/PSInContact, InContact/public/<file>
  tap         PyPI tap-nice-incontact 0.3.1, tap_nice_incontact/client.py and streams.py
"""

from __future__ import annotations

# --- authentication and discovery (on the issuer host, never on the API host) -----------------
DEFAULT_ISSUER = "https://cxone.niceincontact.com"  # auth-sdk example host (cxoneHostname)
ACCESS_KEY_TOKEN = "/authentication/v1/token/access-key"  # ps:Connect-IC.ps1, tap: JSON accessKeyId/Secret
OPENID_CONFIGURATION = "/.well-known/openid-configuration"  # auth-sdk getOpenIDConfiguration
CXONE_CONFIGURATION = "/.well-known/cxone-configuration"  # auth-sdk getCXoneConfiguration(?tenantId=)
TENANT_ID_CLAIM = "tenantId"  # auth-sdk: userInfo.tenantId feeds ?tenantId=


def dfo_base(area: str, domain: str) -> str:
    """common-sdk getDfoApiBaseUri: https://api-de-{area}.{domain}; na2 (FedRAMP) on nicecxone-gov.com."""
    if area == "na2":
        return f"https://api-de-{area}.nicecxone-gov.com"
    return f"https://api-de-{area}.{domain}"


# --- admin (ACD) API: /incontactapi/services/v{version}{path} --------------------------------
# The version each resource is called with; `api_version` / `api_versions` settings override.
ADMIN_VERSIONS = {
    "business-unit": "23.0",  # core-sdk uses v23.0 for the admin resources it reads
    "skills": "23.0",  # core-sdk GET_SKILL_WITH_ID_URI v23.0
    "agents": "23.0",  # core-sdk GET_AGENT_WITH_AGENT_ID_URI / GET_AGENT_SKILLS_URI v23.0
    "campaigns": "23.0",
    "scripts": "23.0",
    "message-templates": "23.0",
}
BUSINESS_UNIT = "/business-unit"  # cj:admin/AdminGeneralService.ts GET -> {businessUnits: [...]}
SKILLS = "/skills"  # cj:admin/AdminSkillsService.ts GET (skip/top), POST {skills: [...]} -> skillsResults
CAMPAIGNS = "/campaigns"  # cj:admin/AdminSkillsService.ts GET -> {campaigns: [{id, name}]}
SCRIPTS_SEARCH = "/scripts/search"  # cj:admin/AdminGeneralService.ts -> {scriptSearchDetails: [...]}
MESSAGE_TEMPLATES = "/message-templates"  # cj:admin/AdminGeneralService.ts -> {messageTemplates: [...]}
AGENTS = "/agents"  # cj:admin/AdminAgentsService.ts GET (skip/top); PUT {agents: [...]} -> agentResults
AGENTS_SKILLS = "/agents/skills"  # cj:AdminAgentsService.ts GET all; POST {agentAndSkillDetails: [...]}
# cj:admin/AdminGeneralService.ts getSecurityProfiles -> {profiles: [{roleId, permissions: [{permissionKey,
# optionKeys}]}]} (AdminGeneral_SecurityProfiles; no NICE SDK calls it: the default admin version)
SECURITY_PROFILES = "/security-profiles"


def skill_path(skill_id) -> str:
    return f"/skills/{skill_id}"  # cj:AdminSkillsService.ts PUT {skill: {...}}


def agent_skills_path(agent_id) -> str:
    return f"/agents/{agent_id}/skills"  # ps:Remove-ICAgentSkill.ps1 DELETE {skills: [{skillId}]}


# --- Digital Experience (DFO) API, on its own host: {dfo}/dfo/3.0{path} -----------------------
DFO_PREFIX = "/dfo/3.0"  # core-sdk DIGITAL_CHANNELS_LIST = '/dfo/3.0/channels'
CHANNELS = "/channels"  # cj:digitalEngagement/DigitalChannelService.ts GET -> bare array (page/size)
ROUTING_QUEUES = "/routing-queues"  # cj:DigitalRoutingqueueService.ts -> {hits, data}; agent-sdk ?size=500


def channel_path(channel_id) -> str:
    return f"/channels/{channel_id}"  # cj:DigitalChannelService.ts DELETE


# --- User Hub (on the admin API host) ---------------------------------------------------------
ROLES_SEARCH = "/authorization/v1/roles/search"  # cj:userhub/CxoneAuthorizationmanagementService.ts POST
