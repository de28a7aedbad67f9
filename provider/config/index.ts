/**
 * Connection settings for Anypoint Object Store v2: where they come from (./keys), how they are
 * checked (./resolve), the provider's configure state (./state) and the cached clients (./clients).
 *
 * Sources, in order of precedence (per setting):
 * 1. Pulumi stack config in the `anypoint` namespace (`pulumi config set anypoint:clientId ...`),
 *    handed to the dynamic provider's `configure()` and stored with {@link configureConnection};
 * 2. `ANYPOINT_*` environment variables, read when settings are resolved (inside provider calls,
 *    never captured in a closure).
 *
 * | config key (`anypoint:`) | environment variable(s)                          | meaning |
 * |--------------------------|--------------------------------------------------|---------|
 * | clientId                 | ANYPOINT_CLIENT_ID                               | connected app id |
 * | clientSecret (secret)    | ANYPOINT_CLIENT_SECRET                           | connected app secret |
 * | accessToken (secret)     | ANYPOINT_ACCESS_TOKEN                            | a bearer token (not renewed) |
 * | username                 | ANYPOINT_USERNAME                                | user login (no MFA) |
 * | password (secret)        | ANYPOINT_PASSWORD                                | user password |
 * | organizationId           | ANYPOINT_ORGANIZATION_ID, ANYPOINT_ORG_ID        | business group id (required) |
 * | environmentId            | ANYPOINT_ENVIRONMENT_ID, ANYPOINT_ENV_ID         | environment id (required) |
 * | region                   | ANYPOINT_REGION                                  | OSv2 region, default `us-east-1` |
 * | controlPlane             | ANYPOINT_CONTROL_PLANE                           | US, EU, Gov, Canada, Japan; default US |
 * | baseUrl                  | ANYPOINT_BASE_URL                                | OSv2 endpoint override (emulator, private endpoint) |
 * | authBaseUrl              | ANYPOINT_AUTH_BASE_URL                           | token host; default baseUrl if set, else the control plane's host |
 * | statsBaseUrl             | ANYPOINT_STATS_BASE_URL                          | Stats API host; default baseUrl if set, else the control plane's |
 * | requestsPerSecond        | ANYPOINT_REQUESTS_PER_SECOND                     | client-side rate limit, default 10 |
 * | retryBudgetSeconds       | ANYPOINT_RETRY_BUDGET_SECONDS                    | time one resource operation may spend recovering (retries, read-backs), default 120 |
 *
 * Exactly one kind of credential must be set: `accessToken`, or `clientId` + `clientSecret`, or
 * `username` + `password`. When credentials of one kind come from config and another kind only from
 * the environment, config wins and the environment's are ignored; two kinds from the same source,
 * none at all, or half a pair is an error. All problems are reported at once in one
 * {@link ObjectStoreConfigError}.
 *
 * Settings objects are safe to log: secrets are non-enumerable, and `toJSON()` / `util.inspect`
 * print `[REDACTED]` instead.
 */

export {
    CONFIG_NAMESPACE,
    SETTINGS,
    STACK_CONFIG,
    howToSet,
    providerArguments,
    type ConfigSource,
    type SettingKey,
    type SettingOrigin,
    type SettingsHolder,
} from "./keys";
export {
    makeCredentials,
    type Credentials,
    type AccessTokenCredentials,
    type ConnectedAppCredentials,
    type UserLoginCredentials,
} from "./credentials";
export { resolveConnectionSettings, settingsFor, type ConnectionSettings, type ConnectionOverrides } from "./resolve";
export { getClient, clearClientCache, tokenSourceFor, type ClientOptions } from "./clients";
export { configureConnection, currentConnectionSettings, resetConnection } from "./state";
