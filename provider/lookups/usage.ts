/**
 * The usage statistics lookup (Object Store Stats API). See ./index for the forms (Promise and
 * Output), the settings and the errors.
 */
import type * as pulumi from "@pulumi/pulumi";
import { lookupOutput } from "./sdk";
import { z } from "zod";
import type { StatsPeriod, UsageStat, UsageStatsLevel } from "../client";
import { booleanSchema } from "../resources/validation";
import { describe } from "../resources/message-text";
import type { ScopeArgs } from "../resources/scope";
import { keyInputsSchema } from "../resources/key";
import { compact } from "../util/objects";
import { connect, lookupScopeShape, parseArgs, type LookupOptions, type ScopeInputs } from "./connect";

// ---------------------------------------------------------------- getUsageStats

const LEVELS = ["organization", "environment", "region", "store"] as const satisfies readonly UsageStatsLevel[];
const PERIODS = ["1hour", "1day", "1month"] as const satisfies readonly StatsPeriod[];
const oneOf = (values: readonly string[]) => values.map((v) => `"${v}"`).join(", ");

/** An ISO-8601 string or a Date, as a Date. */
function dateSchema(name: string) {
    const error = (iss: { input: unknown }) =>
        `${name} must be an ISO-8601 date string (e.g. 2024-08-01T00:00:00Z) or a Date; got ${describe(iss.input)}.`;
    return z
        .union([z.date(), z.string().trim().min(1).pipe(z.coerce.date())], { error })
        .refine((d) => !Number.isNaN(d.getTime()), { error });
}

const usageStatsArgs = z
    .object({
        ...lookupScopeShape,
        level: z.enum(LEVELS, { error: (iss) => `level must be one of ${oneOf(LEVELS)}; got ${describe(iss.input)}.` }),
        period: z.enum(PERIODS, { error: (iss) => `period must be one of ${oneOf(PERIODS)}; got ${describe(iss.input)}.` }),
        startDate: dateSchema("startDate"),
        endDate: dateSchema("endDate"),
        storeId: keyInputsSchema.shape.storeId.optional(),
        isMaster: booleanSchema("isMaster"),
    })
    .refine((a) => a.level !== "store" || a.storeId !== undefined, { error: 'storeId is required at level "store".' })
    .refine((a) => a.startDate.getTime() <= a.endDate.getTime(), {
        error: (iss) => {
            const a = iss.input as { startDate: Date; endDate: Date };
            return `startDate ${a.startDate.toISOString()} is after endDate ${a.endDate.toISOString()}.`;
        },
    });

/** Arguments of {@link getUsageStats}. */
export interface GetUsageStatsArgs extends ScopeArgs {
    /**
     * What is counted: the whole `organization` (with `isMaster`, its sub-organizations too), one
     * `environment`, one `region` of the environment, or one `store` (in `region`).
     */
    level: UsageStatsLevel;
    /** Required at level `store`. */
    storeId?: string;
    /** Start of the window: an ISO-8601 string (e.g. `2024-08-01T00:00:00Z`) or a Date. */
    startDate: string | Date;
    /** End of the window, same forms. At most 1 day after `startDate` for `1hour`, 1 month for `1day`, 2 months for `1month`. */
    endDate: string | Date;
    /** Size of each bucket. */
    period: StatsPeriod;
    /** At level `organization` of a root organization: include every sub-organization. */
    isMaster?: boolean;
}

/** Arguments of {@link getUsageStatsOutput} (dates as ISO-8601 strings; a plain Date is accepted too). */
export interface GetUsageStatsOutputArgs extends ScopeInputs {
    /** `"organization"`, `"environment"`, `"region"` or `"store"`: the Stats API path `…/organizations/{org}[/environments/{env}[/regions/{region}[/stores/{storeId}]]]`. */
    level: pulumi.Input<UsageStatsLevel>;
    /** Store whose requests are counted; required when `level` is `"store"` (Stats API `…/stores/{storeId}`). */
    storeId?: pulumi.Input<string>;
    /** Start of the window: an ISO-8601 string (e.g. `2024-08-01T00:00:00Z`) or a Date. */
    startDate: pulumi.Input<string> | Date;
    /** End of the window, same forms. At most 1 day after `startDate` for `1hour`, 1 month for `1day`, 2 months for `1month`. */
    endDate: pulumi.Input<string> | Date;
    /** Bucket size: `"1hour"`, `"1day"` or `"1month"`. */
    period: pulumi.Input<StatsPeriod>;
    /** Stats API `isMaster`: include the organization's sub-organizations (level `organization` only). */
    isMaster?: pulumi.Input<boolean>;
}

/** Result of {@link getUsageStats}. */
export interface GetUsageStatsResult {
    /** `"organization"`, `"environment"`, `"region"` or `"store"`: the Stats API path `…/organizations/{org}[/environments/{env}[/regions/{region}[/stores/{storeId}]]]`. */
    level: UsageStatsLevel;
    /** Organization id the lookup read. */
    organizationId: string;
    /** Set unless `level` is `organization`. */
    environmentId?: string;
    /** Set at levels `region` and `store`. */
    region?: string;
    /** Set at level `store`. */
    storeId?: string;
    /** Bucket size: `"1hour"`, `"1day"` or `"1month"`. */
    period: StatsPeriod;
    /** The window as sent, ISO-8601 (UTC). */
    startDate: string;
    /** The window's end as sent, ISO-8601 (UTC). */
    endDate: string;
    /** Stats API `isMaster`: include the organization's sub-organizations (level `organization` only). */
    isMaster?: boolean;
    /**
     * One bucket per period as the Stats API returns them: `timeStamp` (start of the bucket, ISO-8601)
     * and `objectStoreRequestCount` (billable OSv2 requests in it).
     */
    buckets: UsageStat[];
    /** Sum of `objectStoreRequestCount` over the buckets. */
    totalRequestCount: number;
}

/**
 * Usage statistics (billable OSv2 request counts per period) from the Object Store Stats API. Not
 * real time: the service updates them with a delay. Only the US and EU control planes offer the
 * Stats API (elsewhere set `anypoint:statsBaseUrl` if you know one).
 *
 * Stats API (host `anypoint:statsBaseUrl`, default `baseUrl` when set, else the control plane's):
 * `GET /api/v1/organizations/{org}[/environments/{env}[/regions/{region}[/stores/{storeId}]]]`
 * `?startDate=&endDate=&period=[&isMaster=]` -> `[{timeStamp, objectStoreRequestCount}]`.
 * At levels `region` and `store` the region is `region` (the scope override) or `anypoint:region`.
 * The credentials need the "Store Metrics Viewer" permission.
 * @throws LookupArgumentError for an unknown level or period, a bad date, startDate after endDate, or a
 *   missing storeId at level `store`; ObjectStoreApiError 400 when the window exceeds the period's
 *   maximum; ObjectStoreConfigError when the settings are incomplete or the control plane has no Stats API.
 */
export async function getUsageStats(args: GetUsageStatsArgs, opts?: LookupOptions): Promise<GetUsageStatsResult> {
    const {
        level,
        period,
        startDate,
        endDate,
        isMaster,
        storeId: storeArg,
        ...scopeArgs
    } = parseArgs("getUsageStats", usageStatsArgs, args);
    const storeId = level === "store" ? storeArg : undefined;
    const { client, scope } = await connect(scopeArgs, opts);
    const region = level === "region" || level === "store" ? scope.region : undefined;
    const buckets = await client.getUsageStats({ level, region, storeId, startDate, endDate, period, isMaster });
    return {
        level,
        organizationId: scope.organizationId,
        ...compact({ environmentId: level === "organization" ? undefined : scope.environmentId, region, storeId }),
        period,
        startDate: startDate.toISOString(),
        endDate: endDate.toISOString(),
        ...compact({ isMaster }),
        buckets,
        totalRequestCount: buckets.reduce((n, b) => n + b.objectStoreRequestCount, 0),
    };
}

/** Output form of {@link getUsageStats}. */
export function getUsageStatsOutput(args: GetUsageStatsOutputArgs, opts?: LookupOptions): pulumi.Output<GetUsageStatsResult> {
    // A Date inside an Input would be flattened to {} by pulumi.output: send it as ISO-8601.
    const iso = (d: pulumi.Input<string> | Date) => (d instanceof Date ? d.toISOString() : d);
    return lookupOutput({ ...args, startDate: iso(args.startDate), endDate: iso(args.endDate) }, (a) =>
        getUsageStats(a as GetUsageStatsArgs, opts),
    );
}
