/**
 * The doctor's checks as data, and the pure functions that turn what was found (settings, answers,
 * errors) into them and print them: one line per check with ✓ / ✗ (and – for a check that does not
 * apply, • for information), followed for a failure by the fix. Nothing here does I/O.
 */
import { ObjectStoreApiError, ObjectStoreConfigError } from "../client/errors";
import { missingPermissionOf } from "../client/hints";
import type { ConnectionSettings } from "../config";
import type { FoundSetting, SettingsSource } from "../config/command-settings";
import type { SettingKey, SettingOrigin } from "../config/keys";

/** How a check ended: passed, failed, does not apply here, or information only. */
export type CheckStatus = "pass" | "fail" | "skip" | "info";

/** One check. */
export interface Check {
    /** Stable id, e.g. `token`. */
    id: string;
    status: CheckStatus;
    /** Short name, e.g. `token`. */
    title: string;
    /** What was found (never a credential's value). */
    detail: string;
    /** What to do (failures). */
    fix?: string;
}

const MARK: Record<CheckStatus, string> = { pass: "✓", fail: "✗", skip: "–", info: "•" };

/** Whether every check passed (skipped and information lines do not fail). */
export function doctorPassed(checks: readonly Check[]): boolean {
    return checks.every((c) => c.status !== "fail");
}

/** The checks as printed: one line each, a failure's fix indented under it, then a summary line. */
export function renderChecks(checks: readonly Check[]): string {
    const lines: string[] = [];
    for (const c of checks) {
        lines.push(`${MARK[c.status]} ${c.title}: ${c.detail}`);
        if (c.status === "fail" && c.fix) lines.push(`    fix: ${c.fix}`);
    }
    const failed = checks.filter((c) => c.status === "fail").length;
    lines.push(failed === 0 ? "All checks passed." : `${failed} check${failed === 1 ? "" : "s"} failed.`);
    return `${lines.join("\n")}\n`;
}

const KIND_LABEL = {
    connectedApp: { label: "a connected app", keys: ["clientId", "clientSecret"] },
    userLogin: { label: "a user login", keys: ["username", "password"] },
    accessToken: { label: "a bearer token", keys: ["accessToken"] },
} as const;

const CREDENTIAL_KEYS: readonly SettingKey[] = ["clientId", "clientSecret", "accessToken", "username", "password"];

/** Where the settings are read from. */
export function sourceCheck(source: SettingsSource): Check {
    if (source.problem)
        return { id: "settings-source", status: "fail", title: "settings", detail: source.problem.message, fix: source.problem.fix };
    return { id: "settings-source", status: "info", title: "settings", detail: `read from ${source.description}` };
}

/** Which credentials were found and from where (keys and sources only). */
export function credentialsCheck(found: readonly FoundSetting[], settings: ConnectionSettings | undefined): Check {
    const fromOf = (key: string) => found.find((f) => f.key === key)?.from;
    if (settings) {
        const kind = KIND_LABEL[settings.credentials.kind];
        const used = kind.keys.map((k) => `${k} from ${fromOf(k)}`).join(", ");
        const ignored = found.filter((f) => CREDENTIAL_KEYS.includes(f.key) && !(kind.keys as readonly string[]).includes(f.key));
        return {
            id: "credentials",
            status: "pass",
            title: "credentials",
            detail: `${kind.label}: ${used}${ignored.length ? `; ignored (stack config wins): ${ignored.map((f) => f.from).join(", ")}` : ""}`,
        };
    }
    const present = found.filter((f) => CREDENTIAL_KEYS.includes(f.key));
    return {
        id: "credentials",
        status: present.length === 0 ? "fail" : "info",
        title: "credentials",
        detail: present.length === 0 ? "none found" : `found ${present.map((f) => f.from).join(", ")}`,
        ...(present.length === 0
            ? {
                  fix: "set a connected app's anypoint:clientId and anypoint:clientSecret (ANYPOINT_CLIENT_ID / ANYPOINT_CLIENT_SECRET), or anypoint:accessToken, or anypoint:username + anypoint:password",
              }
            : {}),
    };
}

/** One failed check per settings problem (what a preview would fail with); the message names the fix. */
export function settingsProblemChecks(error: ObjectStoreConfigError): Check[] {
    return error.problems.map((p, i) => {
        const [first, ...rest] = p.message.split("\n");
        return {
            id: `setting-${i + 1}`,
            status: "fail" as const,
            title: `settings (${p.settings.join(", ") || "connection"})`,
            detail: `${first}${rest.length ? ` ${rest.map((l) => l.trim()).join(" ")}` : ""}`,
            fix: "this makes every program fail at preview; the message says how to set it",
        };
    });
}

function originText(o: SettingOrigin | undefined, found: readonly FoundSetting[], key: SettingKey): string {
    if (o === "default" || o === undefined) return "default";
    return found.find((f) => f.key === key)?.from ?? o;
}

/** The target the settings name: organization, environment, region, control plane and the hosts. */
export function targetCheck(s: ConnectionSettings, found: readonly FoundSetting[]): Check {
    const o = s.origins;
    return {
        id: "target",
        status: "info",
        title: "target",
        detail:
            `organization ${s.organizationId} (${originText(o.organizationId, found, "organizationId")}), ` +
            `environment ${s.environmentId} (${originText(o.environmentId, found, "environmentId")}), ` +
            `region ${s.region} (${originText(o.region, found, "region")}), control plane ${s.controlPlane} (${originText(o.controlPlane, found, "controlPlane")}); ` +
            `Object Store ${s.baseUrl}, token host ${s.authBaseUrl}, Stats API ${s.statsBaseUrl ?? "none"}`,
    };
}

/** A failed check from an error: the status and the service's message, and the client's advice as the fix. */
export function failureCheck(id: string, title: string, err: unknown, fallbackFix: string): Check {
    if (err instanceof ObjectStoreApiError) {
        const what =
            err.statusCode !== undefined
                ? `${err.method} ${err.path} answered ${err.statusCode}${err.serverMessage ? `: ${err.serverMessage}` : ""}`
                : `no answer from ${err.host ?? "the host"} (${err.code ?? "request failed"})`;
        const permission = err.statusCode === 403 ? missingPermissionOf(err.serverMessage) : undefined;
        return {
            id,
            status: "fail",
            title,
            detail: permission ? `lacks ${permission}: ${what}` : what,
            fix: err.hint ?? fallbackFix,
        };
    }
    if (err instanceof ObjectStoreConfigError)
        return { id, status: "fail", title, detail: err.message.replace(/\n\s*/g, " "), fix: fallbackFix };
    return { id, status: "fail", title, detail: (err as Error)?.message ?? String(err), fix: fallbackFix };
}

/** A check that did not run because an earlier one failed. */
export function notChecked(id: string, title: string, because: string): Check {
    return { id, status: "skip", title, detail: `not checked: ${because}` };
}

/** The environment in an environments listing (`{data: [...]}` and/or `{environments: [...]}`), and the others' names. Pure. */
export function findEnvironment(
    body: unknown,
    environmentId: string,
): { found?: { name: string; isProduction?: boolean; type?: string }; others: string[] } {
    const b = (body ?? {}) as { data?: unknown; environments?: unknown };
    const arrayOf = (v: unknown) => (Array.isArray(v) ? (v as Array<Record<string, unknown>>) : []);
    const list = [...arrayOf(b.data), ...arrayOf(b.environments)];
    const match = list.find((e) => e && e.id === environmentId);
    const others = [...new Set(list.filter((e) => e && e.id !== environmentId).map((e) => `${String(e.name)} (${String(e.id)})`))];
    if (!match) return { others };
    return {
        found: {
            name: String(match.name),
            ...(typeof match.isProduction === "boolean" ? { isProduction: match.isProduction } : {}),
            ...(typeof match.type === "string" ? { type: match.type } : {}),
        },
        others,
    };
}
