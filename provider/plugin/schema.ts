/**
 * The Pulumi package schema of the `anypoint` provider plugin (https://www.pulumi.com/docs/iac/
 * extending-pulumi/schema/): its configuration, the resources `anypoint:objectstore:Store`,
 * `Partition`, `Key`, `KeyEntries` (same inputs and outputs as the TypeScript dynamic resources) and
 * the lookups as functions. GetSchema serves it; scripts/gen-sdks.sh generates the SDKs in sdk/ from
 * it (`npm run schema` writes provider/plugin/schema.json).
 */
import { MAX_TTL_SECONDS } from "../limits";
import { PLUGIN_DOWNLOAD_URL, REPOSITORY, SDK_PACKAGES, sdkReadme } from "./sdk-packages";

/** A schema property. */
interface Property {
    type?: "string" | "integer" | "number" | "boolean" | "array" | "object";
    $ref?: string;
    items?: Property;
    additionalProperties?: Property;
    description: string;
    secret?: boolean;
    willReplaceOnChanges?: boolean;
    default?: unknown;
}
type Properties = Record<string, Property>;

const str = (description: string, extra: Partial<Property> = {}): Property => ({ type: "string", description, ...extra });
const int = (description: string): Property => ({ type: "integer", description });
const num = (description: string): Property => ({ type: "number", description });
const bool = (description: string): Property => ({ type: "boolean", description });
const ref = (type: string, description: string): Property => ({ $ref: `#/types/anypoint:objectstore:${type}`, description });
const list = (items: Property, description: string): Property => ({ type: "array", items, description });

/** Provider settings: README "Configuration" (every `anypoint:*` key; ANYPOINT_* variables are the fallbacks). */
const CONFIG: Properties = {
    clientId: str("Connected app client id (ANYPOINT_CLIENT_ID). Needs clientSecret."),
    clientSecret: str("Connected app client secret (ANYPOINT_CLIENT_SECRET).", { secret: true }),
    accessToken: str("A bearer token, used as is and not renewed (ANYPOINT_ACCESS_TOKEN).", { secret: true }),
    username: str("User login without MFA (ANYPOINT_USERNAME). Needs password."),
    password: str("Password of the user login (ANYPOINT_PASSWORD).", { secret: true }),
    organizationId: str("Organization (business group) id (ANYPOINT_ORGANIZATION_ID, ANYPOINT_ORG_ID). Required."),
    environmentId: str("Environment id (ANYPOINT_ENVIRONMENT_ID, ANYPOINT_ENV_ID). Required."),
    region: str("OSv2 region id such as us-east-1 (ANYPOINT_REGION); default us-east-1."),
    controlPlane: str("Anypoint control plane: US, EU, Gov, Canada or Japan (ANYPOINT_CONTROL_PLANE); default US."),
    baseUrl: str("Object Store base URL override, e.g. the emulator or a private endpoint (ANYPOINT_BASE_URL)."),
    authBaseUrl: str("Host of the /accounts token endpoints (ANYPOINT_AUTH_BASE_URL); default baseUrl when set, else the control plane's."),
    statsBaseUrl: str("Stats API host (ANYPOINT_STATS_BASE_URL); default baseUrl when set, else the control plane's."),
    requestsPerSecond: num(
        "Client-side rate limit in requests per second (ANYPOINT_REQUESTS_PER_SECOND); default 10, the OSv2 limit per application; 0 disables it.",
    ),
    retryBudgetSeconds: num(
        "Time one resource operation may spend retrying 429s, 502/503/504 and resets, in seconds (ANYPOINT_RETRY_BUDGET_SECONDS); default 120.",
    ),
};

const SCOPE: Properties = {
    organizationId: str(
        "Organization (business group) id override; default: the provider's organizationId. Changing it replaces the resource.",
        {
            willReplaceOnChanges: true,
        },
    ),
    environmentId: str("Environment id override; default: the provider's environmentId. Changing it replaces the resource.", {
        willReplaceOnChanges: true,
    }),
    region: str("OSv2 region id override such as eu-central-1; default: the provider's region. Changing it replaces the resource.", {
        willReplaceOnChanges: true,
    }),
};
const RESOLVED: Properties = {
    resolvedOrganizationId: str("Organization id the object lives in, recorded at create; reads, updates and deletes use it."),
    resolvedEnvironmentId: str("Environment id the object lives in, recorded at create."),
    resolvedRegion: str("Region id whose OSv2 host holds the object, recorded at create."),
    resolvedBaseUrl: str(
        "Object Store endpoint the object is reached through (from controlPlane and region, or the baseUrl setting; no credentials), recorded at create, update and refresh. A different endpoint in the provider's settings fails the plan, naming the ways forward.",
    ),
};
const ADOPT = bool(
    "Take over an object that already exists instead of failing (a stack owns only what it created, adopted or imported). Destroy then deletes it. Default false.",
);
const STORE_ID = str("Store id: 1 … 256 characters, no '|'. Changing it replaces the resource.", { willReplaceOnChanges: true });
const PARTITION_ID = str("Partition id: 1 … 1024 bytes of UTF-8, no '|'. Changing it replaces the resource.", {
    willReplaceOnChanges: true,
});
const VALUE: Properties = {
    stringValue: str("A STRING value (UTF-8 text); at most 10 MB measured base64-encoded. A secret stays secret."),
    numberValue: num("A NUMBER value (a finite number)."),
    binaryValue: str("A BINARY value as base64 (standard or URL-safe, padded or not; kept in canonical form); at most 10 MB."),
};

/** A key's value as a function reads it: a secret, whatever the program declared (as the TypeScript lookups' Output forms). */
const SECRET_VALUE: Properties = {
    stringValue: str("Set when valueType is STRING: the text. A secret.", { secret: true }),
    numberValue: { ...num("Set when valueType is NUMBER: the number. A secret."), secret: true },
    binaryValue: str("Set when valueType is BINARY: the bytes, base64-encoded as the service returns them. A secret.", { secret: true }),
};

const STORE_SETTINGS: Properties = {
    defaultTtlSeconds: int(
        `Entry time to live in seconds, 1 … ${MAX_TTL_SECONDS} (30 days; service default). Larger values are clamped with a warning, as OSv2 does.`,
    ),
    defaultConfirmationTtlSeconds: int(
        `Time to live of unconfirmed (confirmable) writes in seconds, 1 … ${MAX_TTL_SECONDS}; service default 600.`,
    ),
    persistent: bool("Whether entries survive application restarts; service default true."),
    isFixedTtl: bool("true: static TTL (entries expire TTL seconds after their last write); false: rolling TTL."),
    usageLimits: ref("StoreUsageLimits", "Usage limits by number of keys and by size, and how they are enforced."),
};

const STORE_INFO: Properties = {
    storeId: str("Store id."),
    defaultTtlSeconds: int("Entry TTL in seconds."),
    defaultConfirmationTtlSeconds: int("Confirmation TTL in seconds."),
    persistent: bool("Whether entries survive restarts."),
    isFixedTtl: bool("true = static TTL, false or absent = rolling."),
    encrypted: bool("As OSv2 reports it."),
    permanentOsFlag: bool("As OSv2 reports it."),
    usageLimits: ref("StoreUsageLimits", "Usage limits, absent when none."),
};

const LOOKUP_SCOPE_IN: Properties = {
    organizationId: str("Organization id override; default: the provider's."),
    environmentId: str("Environment id override; default: the provider's."),
    region: str("Region id override; default: the provider's."),
};
const LOOKUP_SCOPE_OUT: Properties = {
    organizationId: str("Organization id read."),
    environmentId: str("Environment id read."),
    region: str("Region id read."),
};

/** The package schema for `version`. Pure. */
export function packageSchema(version: string): Record<string, unknown> {
    const resource = (description: string, inputs: Properties, required: string[], outputs: Properties, requiredOutputs: string[]) => ({
        description,
        inputProperties: inputs,
        requiredInputs: required,
        properties: outputs,
        required: requiredOutputs,
    });
    const fn = (description: string, inputs: Properties, required: string[], outputs: Properties, requiredOutputs: string[]) => ({
        description,
        inputs: { properties: inputs, required },
        outputs: { properties: outputs, required: requiredOutputs },
    });
    return {
        name: "anypoint",
        displayName: "Anypoint Object Store v2",
        version,
        description: "MuleSoft Anypoint Object Store v2 (OSv2) stores, partitions and seed keys as code.",
        keywords: ["pulumi", "anypoint", "mulesoft", "objectstore", "category/cloud", "kind/native"],
        license: "Apache-2.0",
        publisher: "pulumi-anypoint-objectstore",
        repository: `https://${REPOSITORY}`,
        // Where Pulumi downloads the plugin of this version from; every SDK carries it (README "Install the plugin").
        pluginDownloadURL: PLUGIN_DOWNLOAD_URL,
        meta: { moduleFormat: "(.*)" },
        config: { variables: CONFIG },
        provider: {
            description:
                "The anypoint provider: one set of credentials, organization, environment and region, with its own token and rate limiter.",
            inputProperties: CONFIG,
            properties: {},
        },
        types: {
            "anypoint:objectstore:StoreUsageLimits": {
                type: "object",
                description: "Usage limits of a store.",
                properties: {
                    maxKeys: int("Maximum number of keys in the store (≥ 1)."),
                    maxSizeBytes: int("Maximum total size of the store's values in bytes, measured base64-encoded (≥ 1)."),
                    enforcement: str("What OSv2 does when a limit is reached: REJECT (default) or WARN."),
                },
            },
            "anypoint:objectstore:EntryValue": {
                type: "object",
                description: "One entry's value: exactly one of stringValue, numberValue, binaryValue.",
                properties: VALUE,
            },
            "anypoint:objectstore:StoreInfo": {
                type: "object",
                description: "A store as OSv2 lists it.",
                properties: STORE_INFO,
                required: ["storeId"],
            },
            "anypoint:objectstore:Region": {
                type: "object",
                description: "An OSv2 region.",
                properties: {
                    id: str("Region id, e.g. us-east-1."),
                    name: str("Region name."),
                    url: str("URL as the service reports it."),
                },
                required: ["id", "name"],
            },
            "anypoint:objectstore:PartitionKeyValue": {
                type: "object",
                description: "One key of a partition with its value (exactly one of the value fields is set).",
                properties: {
                    keyId: str("Key id as the service reports it."),
                    valueType: str("STRING, NUMBER or BINARY."),
                    ...SECRET_VALUE,
                },
                required: ["keyId", "valueType"],
            },
            "anypoint:objectstore:UsageStat": {
                type: "object",
                description: "One bucket of the Stats API.",
                properties: {
                    timeStamp: str("Start of the bucket (ISO-8601)."),
                    objectStoreRequestCount: int("Billable OSv2 requests in it."),
                },
                required: ["timeStamp", "objectStoreRequestCount"],
            },
        },
        resources: {
            "anypoint:objectstore:Store": resource(
                "An OSv2 object store with its TTL, persistence and usage-limit settings. Create: GET, then PUT …/stores/{storeId} (an existing store fails the create unless adopt); update: PATCH; delete: DELETE (with every partition and key in it). Import id: the storeId.",
                { storeId: STORE_ID, ...STORE_SETTINGS, ...SCOPE, adopt: ADOPT },
                ["storeId"],
                {
                    storeId: str("Store id."),
                    ...STORE_SETTINGS,
                    encrypted: bool("Read-only, as OSv2 reports it."),
                    permanentOsFlag: bool("Read-only, as OSv2 reports it."),
                    declaredProperties: list(
                        str("A setting name."),
                        "The settings this resource declares (a setting removed later returns to its default).",
                    ),
                    ...SCOPE,
                    adopt: ADOPT,
                    ...RESOLVED,
                },
                [
                    "storeId",
                    "defaultTtlSeconds",
                    "defaultConfirmationTtlSeconds",
                    "persistent",
                    "isFixedTtl",
                    "encrypted",
                    "permanentOsFlag",
                    "resolvedOrganizationId",
                    "resolvedEnvironmentId",
                    "resolvedRegion",
                ],
            ),
            "anypoint:objectstore:Partition": resource(
                "A partition of a store. OSv2 has no call that creates one: a partition exists from its first key. Create checks the store (GET) and the partition (HEAD) and writes nothing; delete removes it WITH EVERY KEY IN IT. Import id: storeId/partitionId, each URI-encoded.",
                { storeId: STORE_ID, partitionId: PARTITION_ID, ...SCOPE, adopt: ADOPT },
                ["storeId", "partitionId"],
                {
                    storeId: str("Store id."),
                    partitionId: str("Partition id."),
                    exists: bool("Whether OSv2 held the partition at the last create or refresh (false until a key is written)."),
                    ...SCOPE,
                    adopt: ADOPT,
                    ...RESOLVED,
                },
                ["storeId", "partitionId", "exists", "resolvedOrganizationId", "resolvedEnvironmentId", "resolvedRegion"],
            ),
            "anypoint:objectstore:Key": resource(
                "A seed key entry: a key and exactly one STRING, NUMBER or BINARY value. Create: one POST (409 when it exists: the create fails unless adopt); update: PUT; delete: DELETE. Spaces in keyId are stored as '+' (OSv2 FAQ). Import id: storeId/partitionId/keyId, each URI-encoded.",
                {
                    storeId: STORE_ID,
                    partitionId: PARTITION_ID,
                    keyId: str("Key id: 1 … 1024 bytes of UTF-8, no '|'; spaces become '+'. Changing it replaces the entry.", {
                        willReplaceOnChanges: true,
                    }),
                    ...VALUE,
                    ...SCOPE,
                    adopt: ADOPT,
                },
                ["storeId", "partitionId", "keyId"],
                {
                    storeId: str("Store id."),
                    partitionId: str("Partition id."),
                    keyId: str("Key id as OSv2 stores it."),
                    valueType: str("STRING, NUMBER or BINARY: which value field is set."),
                    ...VALUE,
                    ...SCOPE,
                    adopt: ADOPT,
                    ...RESOLVED,
                },
                ["storeId", "partitionId", "keyId", "valueType", "resolvedOrganizationId", "resolvedEnvironmentId", "resolvedRegion"],
            ),
            "anypoint:objectstore:KeyEntries": resource(
                "Many seed key entries of one partition as one resource (at most 10,000): only changed keys are written, removed keys deleted; refresh reports drift per key; keys applications write are not drift.",
                {
                    storeId: STORE_ID,
                    partitionId: PARTITION_ID,
                    entries: {
                        type: "object",
                        additionalProperties: ref("EntryValue", "The value of one key."),
                        description: "keyId -> value (exactly one of stringValue, numberValue, binaryValue each).",
                    },
                    ...SCOPE,
                    adopt: ADOPT,
                },
                ["storeId", "partitionId", "entries"],
                {
                    storeId: str("Store id."),
                    partitionId: str("Partition id."),
                    entries: {
                        type: "object",
                        // Any, not a union: the Python SDK cannot take an object into a union of a string, a number and a type.
                        additionalProperties: {
                            $ref: "pulumi.json#/Any",
                            description:
                                "The value of one key as recorded: a STRING value as the string, a NUMBER value as the number, a BINARY value as { binaryValue } (base64).",
                        },
                        description:
                            "keyId -> value as recorded (one value per entry, not the { stringValue } objects the input takes): what this resource wrote into the partition, or what refresh read.",
                    },
                    entryCount: int("Number of entries this resource holds in the partition."),
                    partitionKeyCount: int(
                        "How many keys the partition held at the last refresh (exact when the listing was read to its end, else a lower bound): it picks the cheaper read next time. Never diffed.",
                    ),
                    ...SCOPE,
                    adopt: ADOPT,
                    ...RESOLVED,
                },
                ["storeId", "partitionId", "entries", "entryCount", "resolvedOrganizationId", "resolvedEnvironmentId", "resolvedRegion"],
            ),
        },
        functions: {
            "anypoint:objectstore:getRegions": fn(
                "Regions where OSv2 is available to the organization (GET /api/v1/organizations/{org}/regions).",
                LOOKUP_SCOPE_IN,
                [],
                {
                    organizationId: str("Organization id read."),
                    regions: list(ref("Region", "A region."), "The regions."),
                    regionIds: list(str("A region id."), "Their ids."),
                },
                ["organizationId", "regions", "regionIds"],
            ),
            "anypoint:objectstore:getStores": fn(
                "Every store of the environment (all pages), with its settings.",
                { ...LOOKUP_SCOPE_IN, beginsWith: str("Only stores whose id starts with this prefix.") },
                [],
                {
                    ...LOOKUP_SCOPE_OUT,
                    beginsWith: str("The prefix given."),
                    stores: list(ref("StoreInfo", "A store."), "The stores."),
                    storeIds: list(str("A store id."), "Their ids."),
                },
                ["organizationId", "environmentId", "region", "stores", "storeIds"],
            ),
            "anypoint:objectstore:getPartitions": fn(
                "Every partition of a store (all pages).",
                { ...LOOKUP_SCOPE_IN, storeId: str("Store id.") },
                ["storeId"],
                { ...LOOKUP_SCOPE_OUT, storeId: str("Store id."), partitionIds: list(str("A partition id."), "The partitions' ids.") },
                ["organizationId", "environmentId", "region", "storeId", "partitionIds"],
            ),
            "anypoint:objectstore:getKeys": fn(
                "Every key id of a partition (all pages).",
                {
                    ...LOOKUP_SCOPE_IN,
                    storeId: str("Store id."),
                    partitionId: str("Partition id."),
                    beginsWith: str("Only keys whose id starts with this prefix."),
                },
                ["storeId", "partitionId"],
                {
                    ...LOOKUP_SCOPE_OUT,
                    storeId: str("Store id."),
                    partitionId: str("Partition id."),
                    beginsWith: str("The prefix given."),
                    keyIds: list(str("A key id."), "The keys' ids."),
                },
                ["organizationId", "environmentId", "region", "storeId", "partitionId", "keyIds"],
            ),
            "anypoint:objectstore:getKeyValue": fn(
                "One key and its value (a secret).",
                { ...LOOKUP_SCOPE_IN, storeId: str("Store id."), partitionId: str("Partition id."), keyId: str("Key id.") },
                ["storeId", "partitionId", "keyId"],
                {
                    ...LOOKUP_SCOPE_OUT,
                    storeId: str("Store id."),
                    partitionId: str("Partition id."),
                    keyId: str("Key id as the service reports it."),
                    valueType: str("STRING, NUMBER or BINARY."),
                    ...SECRET_VALUE,
                },
                ["organizationId", "environmentId", "region", "storeId", "partitionId", "keyId", "valueType"],
            ),
            "anypoint:objectstore:getKeyValues": fn(
                "Every key of a partition with its value (values are secrets), read by the page (GET …/partitions/{partitionId}?inclusion=ALL; key by key where the service does not serve values).",
                { ...LOOKUP_SCOPE_IN, storeId: str("Store id."), partitionId: str("Partition id.") },
                ["storeId", "partitionId"],
                {
                    ...LOOKUP_SCOPE_OUT,
                    storeId: str("Store id."),
                    partitionId: str("Partition id."),
                    values: list(
                        ref("PartitionKeyValue", "A key and its value."),
                        "Every live key with its value, in the service's order.",
                    ),
                    keyIds: list(str("A key id."), "The keys' ids, in the same order."),
                },
                ["organizationId", "environmentId", "region", "storeId", "partitionId", "values", "keyIds"],
            ),
            "anypoint:objectstore:getUsageStats": fn(
                "Usage statistics (billable OSv2 request counts per period) from the Object Store Stats API.",
                {
                    ...LOOKUP_SCOPE_IN,
                    level: str("organization, environment, region or store."),
                    storeId: str("Store id; required at level store."),
                    startDate: str("Start of the window (ISO-8601)."),
                    endDate: str("End of the window (ISO-8601)."),
                    period: str("1hour, 1day or 1month."),
                    isMaster: bool("Include sub-organizations (level organization)."),
                },
                ["level", "startDate", "endDate", "period"],
                {
                    level: str("The level read."),
                    organizationId: str("Organization id."),
                    environmentId: str("Environment id."),
                    region: str("Region id."),
                    storeId: str("Store id."),
                    period: str("Bucket size."),
                    startDate: str("Start of the window."),
                    endDate: str("End of the window."),
                    isMaster: bool("As given."),
                    buckets: list(ref("UsageStat", "A bucket."), "One bucket per period."),
                    totalRequestCount: int("Sum of objectStoreRequestCount over the buckets."),
                },
                ["level", "organizationId", "period", "startDate", "endDate", "buckets", "totalRequestCount"],
            ),
        },
        // What tools/sdkgen's generators read (see its main.go).
        language: {
            go: { importBasePath: SDK_PACKAGES.goImport, generateResourceContainerTypes: true, respectSchemaVersion: true },
            nodejs: {
                packageName: SDK_PACKAGES.npm,
                packageDescription: "The anypoint Pulumi provider (Anypoint Object Store v2), generated from its schema.",
                readme: sdkReadme(version),
                respectSchemaVersion: true,
            },
            python: {
                packageName: SDK_PACKAGES.pypi,
                readme: sdkReadme(version),
                pyproject: { enabled: true },
                respectSchemaVersion: true,
            },
        },
    };
}
