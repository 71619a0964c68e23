"""The admin API (`/incontactapi/services/v{N}`) and User Hub role search: skills, agents, their
skills, campaigns, scripts, templates, security profiles; skip/top paging, 204 for nothing."""

from __future__ import annotations

from collections.abc import Collection
from itertools import islice

from acdplan.emulator.fields import (
    ADMIN_PAGE_DEFAULT,
    AGENT_SKILL_FIELDS,
    AGENT_UPDATE_FIELDS,
    SKILL_CREATE_FIELDS,
    SKILL_NAME,
    SKILL_UPDATE_FIELDS,
)
from acdplan.emulator.tenant import MEDIA_TYPE_NAMES, EmulatedTenant
from acdplan.emulator.wire import ApiError, Response, _int, _only, _strings


class AdminApiMixin:
    """The admin host's routes, each checking its body as published (cj: AdminSkillsService.ts, AdminAgentsService.ts)."""

    tenant: EmulatedTenant
    max_page_size: int

    def get_business_unit(self, request) -> Response:
        return Response(200, {"businessUnits": [dict(self.tenant.data["businessUnit"])]})

    def list_skills(self, request) -> Response:
        items = list(self.tenant.data["skills"].values())
        search = request.query.get("searchString")
        if search:
            items = [item for item in items if search.lower() in item["skillName"].lower()]
        return self.admin_page(request, items, "skills", "skillId")

    def get_skill(self, request) -> Response:
        skill = self.tenant.data["skills"].get(request.params["id"])
        if skill is None:
            raise ApiError(404, "NotFound", "no such skill")
        return Response(200, dict(skill))

    def _skill_problem(self, skill: dict, skill_id=None) -> str | None:
        name = skill.get("skillName")
        if not isinstance(name, str) or not SKILL_NAME.fullmatch(name):
            return f"invalid skill name {name!r}"
        if skill.get("mediaTypeId") not in MEDIA_TYPE_NAMES:
            return f"unknown media type {skill.get('mediaTypeId')}"
        if str(skill.get("campaignId")) not in self.tenant.data["campaigns"]:
            return f"campaign {skill.get('campaignId')} does not exist"
        template = skill.get("messageTemplateId")
        if template is not None and str(template) not in self.tenant.data["templates"]:
            return f"message template {template} does not exist"
        for other in self.tenant.data["skills"].values():
            if other["isActive"] and other["skillName"].lower() == name.lower() and other["skillId"] != skill_id:
                return f"a skill named {name!r} already exists"
        return None

    def create_skills(self, request) -> Response:
        """postSkills: {skills: [...]} -> {errorCount, skillsResults: [{success, error}]}; no ids."""
        items = _batch(request, "skills")
        results = []
        for index, item in enumerate(items):
            _only(item, SKILL_CREATE_FIELDS, f"skills[{index}]")
            skill = self.tenant.skill_defaults()
            skill.update(item)
            problem = self._skill_problem(skill)
            if problem:
                results.append({"success": False, "error": problem})
                continue
            self.tenant.store_skill(skill)
            self.tenant.creates[("skills", skill["skillName"])] += 1
            results.append({"success": True, "error": None})
        return Response(
            200, {"errorCount": sum(1 for result in results if not result["success"]), "skillsResults": results}
        )

    def put_skill(self, request) -> Response:
        """putSkillsId: {skill: {...}} -> {success, skillId}."""
        skill = self.tenant.data["skills"].get(request.params["id"])
        if skill is None:
            raise ApiError(404, "NotFound", "no such skill")
        body = request.json()
        _only(body, {"skill"}, "")
        fields = body.get("skill")
        if not isinstance(fields, dict):
            raise ApiError(400, "InvalidArgument", 'the body must be {"skill": {...}}', "skill")
        _only(fields, SKILL_UPDATE_FIELDS, "skill")
        updated = dict(skill)
        updated.update({key: value for key, value in fields.items() if key != "mediatypeid"})
        if "mediatypeid" in fields and fields["mediatypeid"] != skill["mediaTypeId"]:
            raise ApiError(400, "InvalidArgument", "the media type of a skill cannot change", "skill.mediatypeid")
        problem = self._skill_problem(updated, skill["skillId"]) if updated["isActive"] else None
        if problem:
            raise ApiError(400, "InvalidArgument", problem)
        campaign = self.tenant.data["campaigns"].get(str(updated.get("campaignId")))
        updated["campaignName"] = campaign["name"] if campaign else ""
        skill.clear()
        skill.update(updated)
        return Response(200, {"success": True, "skillId": skill["skillId"]})

    def list_campaigns(self, request) -> Response:
        return self.admin_page(request, list(self.tenant.data["campaigns"].values()), "campaigns", "id")

    def search_scripts(self, request) -> Response:
        items = list(self.tenant.data["scripts"].values())
        if request.query.get("scriptName"):
            items = [item for item in items if request.query["scriptName"].lower() in item["scriptName"].lower()]
        return self.admin_page(request, items, "scriptSearchDetails", "masterID")

    def list_templates(self, request) -> Response:
        return Response(200, {"messageTemplates": [dict(item) for item in self.tenant.data["templates"].values()]})

    def list_agents(self, request) -> Response:
        items: Collection[dict] = self.tenant.data["agents"].values()
        search = request.query.get("searchString")
        if search:
            items = [item for item in items if search.lower() in item["userName"].lower()]
        return self.admin_page(request, items, "agents", "agentId",
                               view=lambda item: {k: v for k, v in item.items() if k != "roleId"})  # not in GET

    def _agent(self, agent_id) -> dict:
        agent = self.tenant.data["agents"].get(str(agent_id))
        if agent is None:
            raise ApiError(404, "NotFound", f"no such agent {agent_id}")
        return agent

    def _update_agent(self, fields: dict) -> str | None:
        agent = self.tenant.data["agents"].get(str(fields.get("agentId")))
        if agent is None:
            return f"agent {fields.get('agentId')} does not exist"
        role_id = fields.get("roleId")
        if role_id is not None and role_id not in self.tenant.data["roles"]:
            return f"role {role_id} does not exist"
        for key, value in fields.items():
            if key == "digitalEngagementEnabled":
                agent["DigitalEngagementEnabled"] = bool(value)
            elif key != "agentId":
                agent[key] = value
        return None

    def put_agents(self, request) -> Response:
        """operationsAgentsPutAgents: {agents: [...]} -> {errorCount, agentResults: [{agentId, success, error}]}."""
        items = _batch(request, "agents")
        results = []
        for index, item in enumerate(items):
            _only(item, AGENT_UPDATE_FIELDS, f"agents[{index}]")
            _strings(item, ("agentId", "roleId"), f"agents[{index}]")
            problem = self._update_agent(item)
            results.append({"agentId": str(item.get("agentId")), "success": problem is None, "error": problem})
        return Response(
            200, {"errorCount": sum(1 for result in results if not result["success"]), "agentResults": results}
        )

    def put_agent(self, request) -> Response:
        """operationsAgentsPutAgentsId: {agent: {...}}."""
        self._agent(request.params["id"])
        body = request.json()
        _only(body, {"agent"}, "")
        fields = body.get("agent")
        if not isinstance(fields, dict):
            raise ApiError(400, "InvalidArgument", 'the body must be {"agent": {...}}', "agent")
        _only(fields, AGENT_UPDATE_FIELDS, "agent")
        problem = self._update_agent(dict(fields, agentId=request.params["id"]))
        if problem:
            raise ApiError(400, "InvalidArgument", problem)
        return Response(200, {})

    def _assignment_view(self, assignment: dict) -> dict:
        skill = self.tenant.data["skills"].get(str(assignment["skillId"]), {})
        return {
            **assignment,
            "skillName": skill.get("skillName"),
            "isSkillActive": skill.get("isActive", False),
            "mediaTypeId": skill.get("mediaTypeId"),
            "campaignId": skill.get("campaignId"),
            "campaignName": skill.get("campaignName"),
        }

    def list_all_assignments(self, request) -> Response:
        items = self.tenant.data["assignments"].values()
        return self.admin_page(request, items, "agentSkillAssignments", "agentId", view=self._assignment_view)

    def list_agent_skills(self, request) -> Response:
        agent = self._agent(request.params["id"])
        items = [item for item in self.tenant.data["assignments"].values() if item["agentId"] == agent["agentId"]]
        return self.admin_page(request, items, "agentSkillAssignments", "skillId", view=self._assignment_view)

    def _assign(self, agent_id: int, item: dict, where: str, change_only: bool = False) -> dict:
        _only(item, AGENT_SKILL_FIELDS, where)
        skill = self.tenant.data["skills"].get(str(item.get("skillId")))
        key = f"{agent_id}:{item.get('skillId')}"
        if skill is None or not skill["isActive"]:
            return {
                "agentId": agent_id,
                "skillId": item.get("skillId"),
                "success": False,
                "error": f"skill {item.get('skillId')} does not exist or is inactive",
            }
        level = item.get("proficiency")
        if level is not None and not (isinstance(level, int) and 1 <= level <= 20):
            return {
                "agentId": agent_id,
                "skillId": item.get("skillId"),
                "success": False,
                "error": f"proficiency {level!r} is not 1..20",
            }
        current = self.tenant.data["assignments"].get(key)
        if current is None and change_only:
            return {
                "agentId": agent_id,
                "skillId": item.get("skillId"),
                "success": False,
                "error": "the skill is not assigned to the agent",
            }
        assignment = current or {
            "agentId": agent_id,
            "skillId": skill["skillId"],
            "agentProficiencyValue": 1,
            "isActive": True,
        }
        if level is not None:
            assignment["agentProficiencyValue"] = level
        if item.get("isActive") is not None:
            assignment["isActive"] = bool(item["isActive"])
        self.tenant.data["assignments"][key] = assignment
        return {"agentId": agent_id, "skillId": skill["skillId"], "success": True, "error": None}

    def post_agents_skills(self, request) -> Response:
        """postAgentsSkills: {agentAndSkillDetails: [{agentIds, skills}]} -> {resultSet: {errorCount, skillResults}}."""
        details = _batch(request, "agentAndSkillDetails")
        results = []
        for index, detail in enumerate(details):
            _only(detail, {"agentIds", "skills"}, f"agentAndSkillDetails[{index}]")
            _strings(detail, ("agentIds",), f"agentAndSkillDetails[{index}]")
            for number, item in enumerate(detail.get("skills") or []):
                _strings(item, ("skillId",), f"agentAndSkillDetails[{index}].skills[{number}]")
            for agent_id in detail.get("agentIds") or []:
                agent = self.tenant.data["agents"].get(str(agent_id))
                for number, item in enumerate(detail.get("skills") or []):
                    if agent is None:
                        results.append(
                            {
                                "agentId": agent_id,
                                "skillId": item.get("skillId"),
                                "success": False,
                                "error": f"agent {agent_id} does not exist",
                            }
                        )
                        continue
                    results.append(
                        self._assign(agent["agentId"], item, f"agentAndSkillDetails[{index}].skills[{number}]")
                    )
        return Response(
            200, {"resultSet": {"errorCount": sum(1 for r in results if not r["success"]), "skillResults": results}}
        )

    def _agent_skill_items(self, request) -> list[dict]:
        items = _batch(request, "skills")
        for index, item in enumerate(items):
            _strings(item, ("skillId",), f"skills[{index}]")
        return items

    def add_agent_skills(self, request, change_only: bool = False) -> Response:
        agent = self._agent(request.params["id"])
        results = [
            self._assign(agent["agentId"], item, f"skills[{index}]", change_only)
            for index, item in enumerate(self._agent_skill_items(request))
        ]
        return Response(
            200, {"resultSet": {"errorCount": sum(1 for r in results if not r["success"]), "skillResults": results}}
        )

    def change_agent_skills(self, request) -> Response:
        return self.add_agent_skills(request, change_only=True)

    def remove_agent_skills(self, request) -> Response:
        agent = self._agent(request.params["id"])
        for index, item in enumerate(self._agent_skill_items(request)):
            _only(item, {"skillId"}, f"skills[{index}]")
            self.tenant.data["assignments"].pop(f"{agent['agentId']}:{item.get('skillId')}", None)
        return Response(204)

    def search_roles(self, request) -> Response:
        """CxoneAuthorizationmanagementService.searchRole: {roles: [{roleId, roleName, ...}]}."""
        request.json()
        return Response(200, {"roles": [dict(role) for role in self.tenant.data["roles"].values()]})

    def list_security_profiles(self, request) -> Response:
        """getSecurityProfiles (cj:admin/AdminGeneralService.ts): {_links, profiles: [AdminGeneral_SecurityProfile]};
        no query parameters are published, so none are accepted."""
        if request.query:
            raise ApiError(400, "InvalidArgument", f"unknown parameters: {', '.join(sorted(request.query))}")
        profiles = [dict(profile) for profile in self.tenant.data.get("security_profiles", {}).values()
                    if profile.get("roleId") in self.tenant.data["roles"]]
        return Response(200, {"_links": {"self": request.path, "next": None, "previous": None}, "profiles": profiles})

    def admin_page(self, request, items: Collection[dict], key: str, order: str, view=dict) -> Response:
        """skip/top with totalRecords; 204 No Content when nothing matches. Items keep the order the
        tenant made them in (stable between pages); `view` shapes only the page served. A page is
        cut from `items` as it is (a tenant's dict of 280,000 assignments is not copied for each of
        its 2,800 pages: the emulator shares the benchmark's two cores with the client)."""
        del order  # kept for the call sites' readability: the tenant's insertion order is the id order
        if not items:
            return Response(204)
        skip = _int(request.query.get("skip"), 0)
        asked = _int(request.query.get("top"), ADMIN_PAGE_DEFAULT) if "top" in request.query else ADMIN_PAGE_DEFAULT
        if skip < 0 or asked < 1:
            raise ApiError(400, "InvalidArgument", "skip and top must be non-negative and top positive", "top")
        top = min(asked, self.max_page_size)
        page = [view(item) for item in islice(items, skip, skip + top)]
        links = {
            "self": request.path,
            "next": None if skip + top >= len(items) else f"{request.path}?skip={skip + top}&top={top}",
        }
        return Response(
            200,
            {
                "_links": links,
                "businessUnitId": self.tenant.data["businessUnit"]["businessUnitId"],
                "totalRecords": len(items),
                key: page,
            },
        )


def _batch(request, key: str) -> list:
    """A batch body: `{key: [items]}` and nothing else, the list not empty (the published wrapping)."""
    body = request.json()
    _only(body, {key}, "")
    items = body.get(key)
    if not isinstance(items, list) or not items:
        raise ApiError(400, "InvalidArgument", f"{key} must be a non-empty list", key)
    return items
