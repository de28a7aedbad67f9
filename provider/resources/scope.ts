/**
 * The scope a resource may override (organization, environment, region) and the scope an object
 * was created in, as recorded in its outputs. Pure.
 */
import { compact } from "../util/objects";

/** Fields every resource accepts to override the provider-wide connection scope (one stack, many environments). */
export interface ScopeArgs {
    /** Anypoint organization (business group) id; default: `anypoint:organizationId` / ANYPOINT_ORGANIZATION_ID. */
    organizationId?: string;
    /** Anypoint environment id; default: `anypoint:environmentId` / ANYPOINT_ENVIRONMENT_ID. */
    environmentId?: string;
    /** OSv2 region id such as `us-east-1`; default: `anypoint:region` / ANYPOINT_REGION (us-east-1). */
    region?: string;
}

/** The scope overrides and `adopt` flag a resource declared (unset ones left out). Pure. */
export function declaredScope(x: ScopeArgs & { adopt?: boolean }): ScopeArgs & { adopt?: boolean } {
    return compact({ organizationId: x.organizationId, environmentId: x.environmentId, region: x.region, adopt: x.adopt });
}

/** Identity fields of the scope: changing one moves the object, so it replaces the resource. */
export const SCOPE_FIELDS = ["organizationId", "environmentId", "region"] as const;

/**
 * The scope recorded in a resource's outputs when it was created (`resolved*` fields). Reads,
 * updates and deletes use it, so a later change of stack config never points them at another
 * environment's object.
 */
export interface ResolvedScope {
    /** Organization id the object lives in, recorded at create; reads, updates and deletes use it even if the stack's settings change later. */
    resolvedOrganizationId: string;
    /** Environment id the object lives in, recorded at create; reads, updates and deletes use it. */
    resolvedEnvironmentId: string;
    /** Region id (e.g. `us-east-1`) whose OSv2 host holds the object, recorded at create. */
    resolvedRegion: string;
    /**
     * The Object Store endpoint the object is reached through (`https://object-store-us-east-1.anypoint.mulesoft.com`,
     * or the `baseUrl` setting such as the emulator's URL; without credentials, query or trailing slash), recorded at
     * create, update and refresh. Undefined in state written by earlier versions of this package: then it is not compared.
     */
    resolvedBaseUrl?: string;
}
