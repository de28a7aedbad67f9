/**
 * Recovery after a killed `pulumi up` (`pulumi-anypoint-objectstore recover`): what the killed run was
 * creating is recorded in the stack itself as pending create operations. For each pending create of
 * this package's resource types, the object's id is derived from the recorded inputs (ids are
 * deterministic), the object is read, and
 * - an object that exists and holds exactly what that create would have written is recorded in
 *   the state (the create's id and outputs; secrets stay secret);
 * - a pending create whose object does not exist is cleared (the next `pulumi up` creates it);
 * - an object that exists with other contents is not taken: its pending create is cleared and it is
 *   listed with the `adopt` that takes it over.
 * Nothing else is read or changed, so nothing is ever taken over because its contents look the same
 * as something this stack declares: only the stack's own interrupted creates are considered.
 *
 * The state is edited through `pulumi stack export` / `pulumi stack import` (a backup of the state
 * before is written beside the project), because `pulumi refresh --import-pending-creates` cannot
 * record the dynamic resources (their read needs the recorded provider text, which that refresh
 * does not pass) and does not keep secret values secret (README "After an interrupted run").
 */
import { resolveConnectionSettings } from "../config";
import type { ProviderContext } from "../resources/context";
import { KeyProvider } from "../resources/key";
import { KeyEntriesProvider } from "../resources/key-entries";
import type { CreatedObject, ResourceKind } from "../resources/ownership";
import { PartitionProvider } from "../resources/partition";
import { StoreProvider } from "../resources/store";
import { UpdatePlan } from "../resources/update-plan";
import {
    applyRecoveries,
    pendingCreates,
    providerSettings,
    revealSecrets,
    type Deployment,
    type PendingCreate,
    type Recovery,
} from "./deployment";
import { exportStack, importStack, stackName, writeBackup, type StackTarget } from "./pulumi-cli";

/** What recovery did (or, with dryRun, would do) for one pending create. */
export interface RecoveryLine {
    urn: string;
    /** `Key 'flag'` */
    resource: string;
    action: "recorded" | "cleared" | "left" | "failed";
    /** One sentence: what was found and what was done. */
    text: string;
}

/** Options of {@link recover}. */
export interface RecoverOptions extends StackTarget {
    /** Only report; change nothing. */
    dryRun?: boolean;
    /** Asked before the state is changed (unless dryRun); resolves true to go ahead. */
    confirm(question: string): Promise<boolean>;
}

/** Result of {@link recover}. */
export interface RecoverResult {
    stack: string;
    lines: RecoveryLine[];
    /** Whether the state was changed. */
    applied: boolean;
    /** The backup of the state before the change, when applied. */
    backup?: string;
}

type CoreProvider = {
    check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ inputs?: unknown; failures?: { reason: string }[] }>;
    findCreated(inputs: never): Promise<CreatedObject<object>>;
};

function coreProvider(kind: ResourceKind, context: ProviderContext): CoreProvider {
    switch (kind) {
        case "Store":
            return new StoreProvider(context) as unknown as CoreProvider;
        case "Partition":
            return new PartitionProvider(context) as unknown as CoreProvider;
        case "Key":
            return new KeyProvider(context) as unknown as CoreProvider;
        case "KeyEntries":
            return new KeyEntriesProvider(context) as unknown as CoreProvider;
    }
}

/** The decision and its report line for one pending create. */
async function decide(deployment: Deployment, pending: PendingCreate): Promise<{ line: RecoveryLine; recovery?: Recovery }> {
    const { op, type, name } = pending;
    const resource = `${type.kind} '${name}'`;
    const urn = op.resource.urn;
    const recorded = revealSecrets(op.resource.inputs ?? {}) as Record<string, unknown>;
    const { __provider, ...inputs } = recorded;
    const settings = providerSettings(deployment, op.resource);
    const context: ProviderContext = {
        settings: () => resolveConnectionSettings(settings, process.env),
        door: type.door,
        plan: new UpdatePlan(),
    };
    const provider = coreProvider(type.kind, context);
    const checked = await provider.check({}, inputs);
    if (checked.failures && checked.failures.length > 0) {
        return { line: { urn, resource, action: "failed", text: `its recorded inputs do not check: ${checked.failures[0].reason}` } };
    }
    const found = await provider.findCreated(checked.inputs as never);
    if (found.state === "absent") {
        return {
            line: { urn, resource, action: "cleared", text: "does not exist: pending create cleared (the next `pulumi up` creates it)." },
            recovery: { urn, action: "clear" },
        };
    }
    if (found.state === "other") {
        const importHint = type.door === "plugin" ? " (or import it)" : "";
        return {
            line: {
                urn,
                resource,
                action: "left",
                text:
                    `exists, but ${found.detail}: not taken, pending create cleared. To manage it from this stack, set ` +
                    `\`adopt: true\` on ${resource}${importHint} and run \`pulumi up\`; otherwise choose another id.`,
            },
            recovery: { urn, action: "clear" },
        };
    }
    const outputs: Record<string, unknown> = { ...(found.outs as Record<string, unknown>) };
    if (type.door === "dynamic" && __provider !== undefined) outputs.__provider = __provider;
    const partial =
        found.others && found.others.length > 0
            ? ` Keys holding other values were not taken: ${found.others.map((k) => `'${k}'`).join(", ")} (set \`adopt: true\` to take them over).`
            : "";
    const entries = type.kind === "KeyEntries" ? ` (${(found.outs as { entryCount: number }).entryCount} entries)` : "";
    return {
        line: {
            urn,
            resource,
            action: "recorded",
            text: `exists and holds what its create would have written: recorded in the state as id ${found.id}${entries}.${partial}`,
        },
        recovery: { urn, action: "record", id: found.id, outputs },
    };
}

/**
 * Recovers the stack's pending creates of this package's resources (see the module comment).
 * @throws Error when the Pulumi CLI fails (no stack, a locked stack: run `pulumi cancel` first).
 */
export async function recover(o: RecoverOptions): Promise<RecoverResult> {
    const stack = await stackName(o);
    const exported = await exportStack(o, true);
    const pending = pendingCreates(exported.deployment);
    const lines: RecoveryLine[] = [];
    const recoveries: Recovery[] = [];
    for (const p of pending) {
        try {
            const { line, recovery } = await decide(exported.deployment, p);
            lines.push(line);
            if (recovery) recoveries.push(recovery);
        } catch (e) {
            lines.push({ urn: p.op.resource.urn, resource: `${p.type.kind} '${p.name}'`, action: "failed", text: (e as Error).message });
        }
    }
    if (o.dryRun || recoveries.length === 0) return { stack, lines, applied: false };
    const counts = {
        record: recoveries.filter((r) => r.action === "record").length,
        clear: recoveries.filter((r) => r.action === "clear").length,
    };
    if (!(await o.confirm(`Record ${counts.record} and clear ${counts.clear} pending creates in stack '${stack}'?`))) {
        return { stack, lines, applied: false };
    }
    const now = new Date();
    const backup = writeBackup(o, stack, await exportStack(o, false), now);
    await importStack(o, { ...exported, deployment: applyRecoveries(exported.deployment, recoveries, now) });
    return { stack, lines, applied: true, backup };
}
