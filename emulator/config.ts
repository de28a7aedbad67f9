/**
 * Limits and defaults of Anypoint Object Store v2 as the emulator enforces them.
 *
 * Every constant names its public source (the index is in emulator/README.md, "Sources"):
 * S1 = "Object Store v2 REST APIs", https://docs.mulesoft.com/object-store/osv2-apis;
 * S2 = the developer portal's operation list, https://dev-portal.mulesoft.com/apis/object-store-v2.html;
 * S3 = "Object Store v2 FAQ", https://docs.mulesoft.com/object-store/osv2-faq;
 * S4 = "Object Store v2 overview", https://docs.mulesoft.com/object-store/;
 * S5 = "Object Store v2 usage" (rate limits, billing), https://docs.mulesoft.com/object-store/osv2-usage;
 * S11 = "Anypoint Object Store v2 Release Notes", https://docs.mulesoft.com/release-notes/object-store/anypoint-osv2-release-notes.
 * "Emulator choice" marks values the public docs do not settle; each one is listed in
 * emulator/README.md, section "Differences from Anypoint OSv2".
 */
export const LIMITS = {
    /** Maximum entry TTL; larger (or <= 0) values are silently set to this. [DOC S1, S4] */
    maxTtlSeconds: 2_592_000,
    /** Default store TTL (30 days since release 2.4.1). [DOC S1, S11] */
    defaultTtlSeconds: 2_592_000,
    /** Default confirmation TTL seen in every documented store object. [DOC S1] */
    defaultConfirmationTtlSeconds: 600,
    /** Key length limit, UTF-8 bytes. [DOC S3 FAQ] */
    maxKeyBytes: 1024,
    /** storeId length limit, characters. [DOC S11 release 2.3.2] */
    maxStoreIdChars: 256,
    /** partitionId length limit, UTF-8 bytes. Emulator choice (undocumented; same as keys). */
    maxPartitionIdBytes: 1024,
    /** Value size limit, measured on the base64-encoded value: 10 MB = 10 MiB here. [DOC S2, S4] */
    maxValueBase64Bytes: 10 * 1024 * 1024,
    /** Metadata size limit, UTF-8 bytes (4 KB). [DOC S2] */
    maxMetadataBytes: 4096,
    /** Items per page on every listing (default and maximum). [DOC S1: "maximum of 25 keys with each GET"] */
    maxPageSize: 25,
    /** Base rate limit per application, requests per second (2xx only). [DOC S5, S3] */
    defaultRequestsPerSecond: 10,
    /** HTTP body limit: a 10 MB base64 value plus JSON framing must fit. Emulator choice. */
    bodyLimitBytes: 16 * 1024 * 1024,
    /** Lifetime of issued access tokens; user tokens report expires_in 3600. [DOC S1] */
    defaultTokenTtlSeconds: 3600,
    /** Max path parameter length accepted by the router (longer keys still get a clean 400). */
    maxPathParamChars: 64 * 1024,
} as const;

/** Stats API query windows: maximum endDate - startDate per period. [DOC S1 "Usage Metrics Limits"] */
export const STATS_WINDOWS = {
    "1hour": { maxDays: 1, maxMonths: 0 },
    "1day": { maxDays: 0, maxMonths: 1 },
    "1month": { maxDays: 0, maxMonths: 2 },
} as const;

export type StatsPeriod = keyof typeof STATS_WINDOWS;

/** Regions of the US control plane, from the BASE_URL table of osv2-rest-apis-examples.txt. [DOC S1] */
export const US_CONTROL_PLANE_REGIONS: ReadonlyArray<{ id: string; name: string }> = [
    { id: "us-east-1", name: "US East (N. Virginia)" },
    { id: "us-east-2", name: "US East (Ohio)" },
    { id: "us-west-1", name: "US West (N. California)" },
    { id: "us-west-2", name: "US West (Oregon)" },
    { id: "ap-southeast-1", name: "Asia Pacific (Singapore)" },
    { id: "ap-southeast-2", name: "Asia Pacific (Sydney)" },
    { id: "ap-northeast-1", name: "Asia Pacific (Tokyo)" },
    { id: "ca-central-1", name: "Canada (Central)" },
    { id: "eu-central-1", name: "Europe (Frankfurt)" },
    { id: "eu-west-1", name: "Europe (Ireland)" },
    { id: "eu-west-2", name: "Europe (London)" },
    { id: "sa-east-1", name: "South America (São Paulo)" },
];

/** Response header set on writes that exceed a WARN usage limit (emulator choice). */
export const USAGE_WARNING_HEADER = "x-osv2-usage-limit-exceeded";
/** Response header carrying the confirmation id of a confirmable write (emulator choice). */
export const CONFIRMATION_ID_HEADER = "x-confirmation-id";
/** Media type of the number operation on POST K. [DOC S2] */
export const NUMBER_OPERATION_MEDIA_TYPE = "application/vnd.objectstore.v1.numberoperation+json";
