/**
 * Recovery's decision for one pending operation of this package's resources (provider/recover/):
 * what the interrupted operation left in OSv2, read with the credentials its provider configuration
 * names, and what to record. Only reads OSv2.
 * - creating: the object's id is derived from the recorded inputs (ids are deterministic) and the
 *   object read: one that holds exactly what the create would have written is recorded (the
 *   create's id and outputs); one that does not exist is cleared (the next `pulumi up` creates it);
 *   one with other contents is not taken (cleared, with the `adopt` that takes it over);
 * - updating: the state holds the outputs from before the update (Pulumi records an update's
 *   outputs only when it completes) and the pending operation the update's inputs. What the update
 *   wrote is recorded: a KeyEntries' keys holding their new values (the keys it added among them,
 *   which the next `pulumi up` would otherwise POST again and meet with 409), a Store or Key that
 *   holds exactly its new settings or value; otherwise the pending update is cleared and the next
 *   `pulumi up` sends it again (an update only overwrites what this stack owns);
 * - deleting, reading, importing: cleared. A delete that was cut off is sent again by the next
 *   `pulumi up` or `pulumi destroy` (deleting what is gone succeeds); a read or an import writes
 *   nothing in OSv2.
 */
import { resolveConnectionSettings } from "../config";
import type { ProviderContext } from "../resources/context";
import { setInput } from "../resources/door-phrases";
import { withStoredEntries } from "../resources/key-entries-plan";
import { RESOURCE_KINDS, type OurType } from "../resources/kinds";
import type { CreatedObject, ResourceKind, UpdatedObject } from "../resources/ownership";
import { UpdatePlan } from "../resources/update-plan";
import {
    currentResource,
    providerSettings,
    revealSecrets,
    type Deployment,
    type OperationType,
    type OurPending,
    type Recovery,
} from "./deployment";

/** What recovery did (or, with a dry run, would do) for one pending operation. */
export interface RecoveryLine {
    urn: string;
    /** `Key 'flag'` */
    resource: string;
    /** The operation that was interrupted. */
    operation: OperationType;
    action: "recorded" | "cleared" | "left" | "failed";
    /** One sentence: what was found and what was done. */
    text: string;
}

type CoreProvider = {
    check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ inputs?: unknown; failures?: { reason: string }[] }>;
    findCreated(inputs: never): Promise<CreatedObject<object>>;
    findUpdated?(olds: never, news: never): Promise<UpdatedObject<object>>;
};

/** The core provider of `kind` (as recover reads it: entries in the core's own form), on `context`. */
function coreProvider(kind: ResourceKind, context: ProviderContext): CoreProvider {
    return RESOURCE_KINDS[kind].coreProvider(context) as unknown as CoreProvider;
}

/** Outputs as the door records them: a KeyEntries in the stored entry form (both doors), the dynamic door's with `__provider`. Pure. */
function recordedOutputs(type: OurType, outs: object, provider: unknown): Record<string, unknown> {
    const outputs: Record<string, unknown> = { ...(type.kind === "KeyEntries" ? withStoredEntries(outs) : outs) };
    if (type.door === "dynamic" && provider !== undefined) outputs.__provider = provider;
    return outputs;
}

const quoted = (keys: readonly string[]) => keys.map((k) => `'${k}'`).join(", ");

/** The decision and its report line for one pending operation of this package's resources. */
export async function decide(deployment: Deployment, pending: OurPending): Promise<{ line: RecoveryLine; recovery?: Recovery }> {
    const { op, type, name } = pending;
    const resource = `${type.kind} '${name}'`;
    const urn = op.resource.urn;
    const operation = op.type as OperationType;
    const line = (action: RecoveryLine["action"], text: string): RecoveryLine => ({ urn, resource, operation, action, text });
    if (operation === "deleting")
        return {
            line: line(
                "cleared",
                "its delete was cut off: pending delete cleared; the resource stays in the state, and the next `pulumi up` or `pulumi destroy` deletes it again (what is already gone counts as deleted).",
            ),
            recovery: { urn, operation, action: "clear" },
        };
    if (operation === "reading" || operation === "importing")
        return {
            line: line(
                "cleared",
                `a ${operation === "reading" ? "read" : "import"} writes nothing in OSv2: pending ${operation === "reading" ? "read" : "import"} cleared.`,
            ),
            recovery: { urn, operation, action: "clear" },
        };
    if (operation !== "creating" && operation !== "updating") return { line: line("failed", `unknown operation '${operation}'.`) };

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
        return { line: line("failed", `its recorded inputs do not check: ${checked.failures[0].reason}`) };
    }
    if (operation === "updating") {
        const current = currentResource(deployment, urn);
        if (!current) return { line: line("failed", "the resource it updates is not in the state.") };
        return decideUpdate(provider, type, checked.inputs, revealSecrets(current.outputs ?? {}), __provider, line, urn);
    }

    const found = await provider.findCreated(checked.inputs as never);
    if (found.state === "absent") {
        return {
            line: line("cleared", "does not exist: pending create cleared (the next `pulumi up` creates it)."),
            recovery: { urn, operation, action: "clear" },
        };
    }
    if (found.state === "other") {
        const importHint = type.door === "plugin" ? " (or import it)" : "";
        return {
            line: line(
                "left",
                `exists, but ${found.detail}: not taken, pending create cleared. To manage it from this stack, ` +
                    `${setInput(type.door, "adopt", "true", resource)}${importHint} and run \`pulumi up\`; otherwise choose another id.`,
            ),
            recovery: { urn, operation, action: "clear" },
        };
    }
    const partial =
        found.others && found.others.length > 0
            ? ` Keys holding other values were not taken: ${quoted(found.others)} (${setInput(type.door, "adopt", "true", "it")} to take them over).`
            : "";
    const entries = type.kind === "KeyEntries" ? ` (${(found.outs as { entryCount: number }).entryCount} entries)` : "";
    return {
        line: line(
            "recorded",
            `exists and holds what its create would have written: recorded in the state as id ${found.id}${entries}.${partial}`,
        ),
        recovery: { urn, operation, action: "record", id: found.id, outputs: recordedOutputs(type, found.outs, __provider) },
    };
}

/** The decision for a pending update (see the module comment). */
async function decideUpdate(
    provider: CoreProvider,
    type: OurType,
    news: unknown,
    olds: unknown,
    providerText: unknown,
    line: (action: RecoveryLine["action"], text: string) => RecoveryLine,
    urn: string,
): Promise<{ line: RecoveryLine; recovery?: Recovery }> {
    const clear = (found: string) => ({
        line: line("cleared", `${found}: pending update cleared (the next \`pulumi up\` sends the update again).`),
        recovery: { urn, operation: "updating" as const, action: "clear" as const },
    });
    if (provider.findUpdated) {
        const found = await provider.findUpdated(olds as never, news as never);
        const notTaken =
            found.others.length > 0
                ? ` Keys it adds that hold other values were not taken: ${quoted(found.others)} (${setInput(type.door, "adopt", "true", "it")} to take them over).`
                : "";
        if (found.state === "not-updated") return withNote(clear(found.detail), notTaken);
        return {
            line: line(
                "recorded",
                `${found.written.length} key(s) its update wrote hold their new values: recorded in the state ` +
                    `(${(found.outs as { entryCount: number }).entryCount} entries; the next \`pulumi up\` sends only the rest).${notTaken}`,
            ),
            recovery: { urn, operation: "updating", action: "record", outputs: recordedOutputs(type, found.outs, providerText) },
        };
    }
    const found = await provider.findCreated(news as never);
    if (found.state === "absent") return clear("does not exist");
    if (found.state === "other") return clear(`does not hold what its update would have written (${found.detail})`);
    return {
        line: line(
            "recorded",
            "holds what its update would have written: recorded in the state (the next `pulumi up` sends nothing for it).",
        ),
        recovery: { urn, operation: "updating", action: "record", outputs: recordedOutputs(type, found.outs, providerText) },
    };
}

function withNote<T extends { line: RecoveryLine }>(decision: T, note: string): T {
    return { ...decision, line: { ...decision.line, text: decision.line.text + note } };
}
