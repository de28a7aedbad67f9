/**
 * Anypoint control planes, their Object Store v2 regions and hosts, and base URL normalization.
 *
 * Source: the "BASE_URL" table of "Object Store v2 REST APIs",
 * https://docs.mulesoft.com/object-store/osv2-apis. Every data-plane host follows
 * `https://object-store-<region>.<domain>`.
 *
 * Auth hosts: US `https://anypoint.mulesoft.com` is documented; the EU, Gov, Canada and Japan
 * hosts are the control planes' own hosts (inferred from the data-plane naming).
 *
 * Stats API: `https://object-store-stats.anypoint.mulesoft.com` (US) is documented. The docs say
 * only the US and EU clouds support the Stats API but do not give the EU host:
 * `https://object-store-stats.eu1.anypoint.mulesoft.com` is a GUESS. Gov, Canada and Japan have
 * no Stats API (undefined here; set `anypoint:statsBaseUrl` if you know one).
 */

import { STACK_CONFIG_NAMES, type SettingNames } from "./setting-names";

/** The Anypoint control planes (clouds). */
export type ControlPlane = "US" | "EU" | "Gov" | "Canada" | "Japan";

/** Static description of a control plane. */
export interface ControlPlaneInfo {
    name: ControlPlane;
    /** Domain appended to `object-store-<region>.`. */
    domain: string;
    /** Anypoint Platform host serving `/accounts/...` (tokens, login). */
    authBaseUrl: string;
    /** Stats API host, or `undefined` where the Stats API is not offered. */
    statsBaseUrl: string | undefined;
    /** True when {@link statsBaseUrl} is a guess rather than documented. */
    statsBaseUrlIsGuess: boolean;
    /** Region id -> display name, as in the docs' table. */
    regions: Readonly<Record<string, string>>;
}

/** The documented control planes and regions. */
export const CONTROL_PLANES: Readonly<Record<ControlPlane, ControlPlaneInfo>> = Object.freeze({
    US: {
        name: "US",
        domain: "anypoint.mulesoft.com",
        authBaseUrl: "https://anypoint.mulesoft.com",
        statsBaseUrl: "https://object-store-stats.anypoint.mulesoft.com",
        statsBaseUrlIsGuess: false,
        regions: {
            "us-east-1": "US East (N. Virginia)",
            "us-east-2": "US East (Ohio)",
            "us-west-1": "US West (N. California)",
            "us-west-2": "US West (Oregon)",
            "ap-southeast-1": "Asia Pacific (Singapore)",
            "ap-southeast-2": "Asia Pacific (Sydney)",
            "ap-northeast-1": "Asia Pacific (Tokyo)",
            "ca-central-1": "Canada (Central)",
            "eu-central-1": "Europe (Frankfurt)",
            "eu-west-1": "Europe (Ireland)",
            "eu-west-2": "Europe (London)",
            "sa-east-1": "South America (São Paulo)",
        },
    },
    EU: {
        name: "EU",
        domain: "eu1.anypoint.mulesoft.com",
        authBaseUrl: "https://eu1.anypoint.mulesoft.com",
        statsBaseUrl: "https://object-store-stats.eu1.anypoint.mulesoft.com",
        statsBaseUrlIsGuess: true,
        regions: {
            "eu-central-1": "Europe (Frankfurt)",
            "eu-west-1": "Europe (Ireland)",
        },
    },
    Gov: {
        name: "Gov",
        domain: "gov.anypoint.mulesoft.com",
        authBaseUrl: "https://gov.anypoint.mulesoft.com",
        statsBaseUrl: undefined,
        statsBaseUrlIsGuess: false,
        regions: { "us-gov-west-1": "US Gov West" },
    },
    Canada: {
        name: "Canada",
        domain: "ca1.platform.mulesoft.com",
        authBaseUrl: "https://ca1.platform.mulesoft.com",
        statsBaseUrl: undefined,
        statsBaseUrlIsGuess: false,
        regions: { "ca-central-1": "Canada (Central)" },
    },
    Japan: {
        name: "Japan",
        domain: "jp1.platform.mulesoft.com",
        authBaseUrl: "https://jp1.platform.mulesoft.com",
        statsBaseUrl: undefined,
        statsBaseUrlIsGuess: false,
        regions: { "ap-northeast-1": "Asia Pacific (Tokyo)" },
    },
});

/** All control plane names. */
export const CONTROL_PLANE_NAMES: readonly ControlPlane[] = ["US", "EU", "Gov", "Canada", "Japan"];

const ALIASES: Record<string, ControlPlane> = {
    us: "US",
    "us-prod": "US",
    eu: "EU",
    eu1: "EU",
    gov: "Gov",
    govcloud: "Gov",
    canada: "Canada",
    ca: "Canada",
    ca1: "Canada",
    japan: "Japan",
    jp: "Japan",
    jp1: "Japan",
};

/**
 * Parses a control plane name case-insensitively (`US`, `EU`/`eu1`, `Gov`, `Canada`/`ca1`,
 * `Japan`/`jp1`). Returns `undefined` for anything else.
 */
export function parseControlPlane(value: string): ControlPlane | undefined {
    return ALIASES[value.trim().toLowerCase()];
}

/** Region ids of a control plane. */
export function regionsOf(controlPlane: ControlPlane): string[] {
    return Object.keys(CONTROL_PLANES[controlPlane].regions);
}

/** The shape of an OSv2 region id (`us-east-1`, `eu-central-1`, `ap-southeast-2`, `us-gov-west-1`, ...). */
export const REGION_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+){2,4}$/;

/**
 * The Object Store v2 data-plane base URL for a control plane and region, e.g.
 * `objectStoreBaseUrl("US", "us-east-1")` = `https://object-store-us-east-1.anypoint.mulesoft.com`.
 * (Routes live under `/api/v1` of this URL.)
 *
 * @param names how the message names the settings (default: the stack's `anypoint:*` config).
 * @throws Error naming the valid regions when the region is not offered on that control plane.
 */
export function objectStoreBaseUrl(controlPlane: ControlPlane, region: string, names: SettingNames = STACK_CONFIG_NAMES): string {
    const cp = CONTROL_PLANES[controlPlane];
    if (!cp) {
        throw new Error(`Unknown Anypoint control plane "${controlPlane}". Valid control planes: ${CONTROL_PLANE_NAMES.join(", ")}.`);
    }
    if (!Object.prototype.hasOwnProperty.call(cp.regions, region)) {
        const elsewhere = CONTROL_PLANE_NAMES.filter(
            (n) => n !== controlPlane && Object.prototype.hasOwnProperty.call(CONTROL_PLANES[n].regions, region),
        );
        throw new Error(
            `Object Store v2 has no region "${region}" on the ${controlPlane} control plane. ` +
                `Valid regions there: ${regionsOf(controlPlane).join(", ")}.` +
                (elsewhere.length
                    ? ` "${region}" exists on the ${elsewhere.join(", ")} control plane(s): set ${names.refer("controlPlane")}.`
                    : "") +
                ` For another endpoint (emulator, private endpoint) set ${names.refer("baseUrl")} instead.`,
        );
    }
    return `https://object-store-${region}.${cp.domain}`;
}

/** The Anypoint Platform host for token and login calls on a control plane. */
export function authBaseUrl(controlPlane: ControlPlane): string {
    return CONTROL_PLANES[controlPlane].authBaseUrl;
}

/**
 * The Stats API host of a control plane, or `undefined` where the Stats API is not offered
 * (Gov, Canada, Japan). The EU value is a guess (see the module comment).
 */
export function statsBaseUrl(controlPlane: ControlPlane): string | undefined {
    return CONTROL_PLANES[controlPlane].statsBaseUrl;
}

/** A base URL without its trailing slashes, so that `${base}${path}` never doubles a slash. */
export function trimBase(url: string): string {
    return url.replace(/\/+$/, "");
}
