/**
 * Documented limits and defaults of Anypoint Object Store v2 (OSv2) that both the client (decoding
 * what the service returns) and the resources (validating what users declare) need. Pure constants.
 */

/**
 * Maximum store TTL in seconds (30 days), also the service's default TTL. Source: "Object Store v2
 * REST APIs", https://docs.mulesoft.com/object-store/osv2-apis ("The maximum TTL is 2592000 seconds
 * (30 days)... defaults to 2592000 seconds, without returning an error").
 */
export const MAX_TTL_SECONDS = 2_592_000;

/**
 * Default confirmation TTL reported by every documented store, in seconds. Source: the store
 * examples of https://docs.mulesoft.com/object-store/osv2-apis.
 */
export const DEFAULT_CONFIRMATION_TTL_SECONDS = 600;

/** storeId maximum length in characters. Source: "Anypoint Object Store v2 Release Notes" 2.3.2 (256 characters), https://docs.mulesoft.com/release-notes/object-store/anypoint-osv2-release-notes. */
export const MAX_STORE_ID_CHARS = 256;

/**
 * Key maximum size in bytes of UTF-8. Source: "Object Store v2 FAQ", https://docs.mulesoft.com/object-store/osv2-faq
 * ("1024 bytes"). Partition ids use the same limit (inferred: no doc states one).
 */
export const MAX_KEY_BYTES = 1024;

/** Value maximum size, measured base64-encoded (10 MB). Source: the Object Store v2 API portal, PUT key ("10MB or less"). */
export const MAX_VALUE_BASE64_BYTES = 10 * 1024 * 1024;
