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
