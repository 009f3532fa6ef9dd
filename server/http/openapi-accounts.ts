// The OpenAPI paths of accounts, display tokens and the audit trail, from the same zod schemas
// that validate them; server/http/openapi.ts merges them into the document.
import {
  DisplayTokenCreate,
  DisplayTokenIssued,
  DisplayTokenView,
  LoginRequest,
  Me,
  PasswordChange,
  UserCreate,
  UserUpdate,
  UserView,
} from "../../contract/accounts.ts";
import { ChangeLogPage, ChangeLogQuery, HistoryQuery } from "../../contract/change-log.ts";
import { body, query, schema, type JsonSchema } from "./openapi-parts.ts";

const json = (s: JsonSchema, description: string) => ({ description, content: { "application/json": { schema: s } } });
const error = (description: string) => json({ $ref: "#/components/schemas/Error" }, description);
const id = (what: string) => ({
  name: "id",
  in: "path",
  required: true,
  description: what,
  schema: { type: "integer", minimum: 1 },
});
const adminOnly = { 401: error("Not logged in"), 403: error("Not an administrator") };

/** Both ways in: a person's session cookie, or a wall display's read-only token. */
export const securitySchemes = {
  session: {
    type: "apiKey",
    in: "cookie",
    name: "up_session",
    description: "Set by POST /api/auth/login; httpOnly, SameSite=Lax",
  },
  displayToken: {
    type: "http",
    scheme: "bearer",
    description: "A read-only display token (POST /api/display-tokens); also accepted as ?token=",
  },
};

export const accountPaths = {
  "/api/auth/login": {
    post: {
      summary: "Log in: sets the session cookie",
      security: [],
      requestBody: body(LoginRequest),
      responses: {
        200: json(schema(Me, "output"), "Logged in; who you are"),
        400: error("Missing username or password"),
        401: error("Wrong username or password"),
        429: error("Too many failed logins (5 per 15 minutes per username and address); see Retry-After"),
      },
    },
  },
  "/api/auth/logout": {
    post: {
      summary: "Log out: ends this session and clears the cookie",
      security: [],
      responses: { 204: { description: "Logged out" } },
    },
  },
  "/api/me": {
    get: {
      summary: "Who is asking, with role and editable districts",
      responses: { 200: json(schema(Me, "output"), "The account or display"), 401: error("Not logged in") },
    },
  },
  "/api/me/password": {
    post: {
      summary: "Change one's own password; ends one's other sessions",
      requestBody: body(PasswordChange),
      responses: {
        204: { description: "Changed" },
        400: error("Wrong current password or a weak new one"),
        401: error("Not logged in"),
      },
    },
  },
  "/api/users": {
    get: {
      summary: "Accounts (administrators)",
      responses: {
        200: json(
          { type: "object", properties: { items: { type: "array", items: schema(UserView, "output") } } },
          "Accounts",
        ),
        ...adminOnly,
      },
    },
    post: {
      summary: "Create an account (administrators)",
      description:
        'role PARTNER is a partner organisation\'s account: organisation ("WOMEN", "YOUTH" or "VETERANS") is required for it and refused for every other role (400 VALIDATION naming organisation, like every other field rule). A partner reads every figure and changes only its organisation\'s presence flag on any enterprise.',
      requestBody: body(UserCreate),
      responses: {
        201: json(schema(UserView, "output"), "Created"),
        400: error("Invalid fields; organisation missing for a PARTNER, or given for another role"),
        ...adminOnly,
        409: error("Username taken"),
      },
    },
  },
  "/api/users/{id}": {
    patch: {
      summary:
        "Change an account: name, role, districts, disabled, password (administrators). Disabling or a new password ends the user's sessions and live connections",
      parameters: [id("user id")],
      requestBody: body(UserUpdate),
      responses: {
        200: json(schema(UserView, "output"), "Changed"),
        400: error("Invalid fields; organisation missing for a PARTNER, or given for another role"),
        ...adminOnly,
        404: error("No such user"),
      },
    },
  },
  "/api/display-tokens": {
    get: {
      summary: "Wall-display tokens, without the tokens themselves (administrators)",
      responses: {
        200: json(
          { type: "object", properties: { items: { type: "array", items: schema(DisplayTokenView, "output") } } },
          "Tokens",
        ),
        ...adminOnly,
      },
    },
    post: {
      summary: "Issue a read-only display token; the answer is the only time it is shown (administrators)",
      requestBody: body(DisplayTokenCreate),
      responses: { 201: json(schema(DisplayTokenIssued, "output"), "Issued"), ...adminOnly },
    },
  },
  "/api/display-tokens/{id}": {
    delete: {
      summary: "Revoke a display token; displays using it are disconnected (administrators)",
      parameters: [id("token id")],
      responses: {
        200: json(schema(DisplayTokenView, "output"), "Revoked"),
        ...adminOnly,
        404: error("No such token"),
      },
    },
  },
  "/api/enterprises/{id}/history": {
    get: {
      summary: "An enterprise's change log: who, when, source, old → new; newest first",
      parameters: [id("enterprise id"), ...query(HistoryQuery)],
      responses: {
        200: json(schema(ChangeLogPage, "output"), "History"),
        400: error("Invalid query"),
        401: error("Not logged in"),
        404: error("No such enterprise"),
      },
    },
  },
};

/** GET /api/changes with user, from, to, page or pageSize: the administrator's browse of the whole log. */
export const changeLogBrowse = {
  parameters: query(ChangeLogQuery),
  response: json(
    schema(ChangeLogPage, "output"),
    "With user, from, to, page or pageSize (administrators only): a page of the whole change log",
  ),
};
