/**
 * Recovery after a killed `pulumi up` (`pulumi-anypoint-objectstore recover`): what the killed run
 * was doing is recorded in the stack itself as pending operations. For each pending operation of
 * this package's resource types, ./decide.ts reads what it left in OSv2 and decides what to record;
 * nothing else is read or changed, so nothing is ever taken over because its contents look the
 * same as something this stack declares: only the stack's own interrupted operations are considered.
 *
 * The state is edited through `pulumi stack export` / `pulumi stack import`, because `pulumi refresh
 * --import-pending-creates` cannot record the dynamic resources (their read needs the recorded
 * provider text, which that refresh does not pass) and does not keep secret values secret (README
 * "After an interrupted run"). `pulumi stack import` drops EVERY pending operation of the state it
 * imports, so:
 * - recover refuses, before any change, when a pending operation would be dropped that it did not
 *   decide (another provider's or type's, or one of this package's it could not decide), unless
 *   `force` is given; then exactly those are cleared, as listed in the plan;
 * - it applies its decisions to the state as it is just before the import (exported again), and
 *   changes nothing when anything but the pending operations differs from the export it decided on
 *   (a concurrent `pulumi up`, `refresh`, `destroy`); the import itself takes the stack's lock, so
 *   it fails while another operation runs;
 * - everything it does not decide is imported as it was exported: the export is decoded once
 *   (multi-byte text intact) and only the decided resources and pending operations are edited;
 * - the backup is the encrypted export of the state it replaces, byte for byte, written first.
 */
import { decide, type RecoveryLine } from "./decide";
import {
    applyRecoveries,
    classifyPending,
    pendingKey,
    sameExceptPendingOperations,
    type ExportedStack,
    type OperationType,
    type PendingOperation,
    type Recovery,
} from "./deployment";
import { exportStack, importStack, stackName, writeBackup, type StackTarget } from "./pulumi-cli";

export type { RecoveryLine } from "./decide";

/** A pending operation recover does not decide, which `pulumi stack import` would drop. */
export interface UndecidedOperation {
    urn: string;
    /** The resource's type token. */
    type: string;
    operation: OperationType | string;
    /** `foreign`: another provider's or type's; `failed`: this package's, not decided (its line says why). */
    reason: "foreign" | "failed";
}

/** What recover found and decided, before any change. */
export interface RecoveryPlan {
    stack: string;
    /** One line per pending operation of this package's resources. */
    lines: RecoveryLine[];
    recoveries: Recovery[];
    /** The pending operations it does not decide (refused without `force`). */
    undecided: UndecidedOperation[];
    /** The export (secrets in plaintext, in memory only) the decisions were made on. */
    basis: ExportedStack;
}

/** What {@link applyRecovery} did. */
export type RecoveryOutcome =
    { applied: true; backup: string; cleared: UndecidedOperation[] } | { applied: false; reason: "changed"; detail: string };

function undecidedOf(op: PendingOperation, reason: UndecidedOperation["reason"]): UndecidedOperation {
    return { urn: op.resource.urn, type: op.resource.type, operation: op.type, reason };
}

/**
 * Reads the stack's pending operations and decides each of this package's (only reads OSv2).
 * @throws Error when the Pulumi CLI fails (no stack, a locked stack: run `pulumi cancel` first).
 */
export async function planRecovery(t: StackTarget): Promise<RecoveryPlan> {
    const stack = await stackName(t);
    const { exported } = await exportStack(t, true);
    const { ours, others } = classifyPending(exported.deployment);
    const lines: RecoveryLine[] = [];
    const recoveries: Recovery[] = [];
    const undecided: UndecidedOperation[] = [];
    for (const p of ours) {
        try {
            const { line, recovery } = await decide(exported.deployment, p);
            lines.push(line);
            if (recovery) recoveries.push(recovery);
            else undecided.push(undecidedOf(p.op, "failed"));
        } catch (e) {
            const resource = `${p.type.kind} '${p.name}'`;
            lines.push({
                urn: p.op.resource.urn,
                resource,
                operation: p.op.type as OperationType,
                action: "failed",
                text: (e as Error).message,
            });
            undecided.push(undecidedOf(p.op, "failed"));
        }
    }
    for (const op of others) undecided.push(undecidedOf(op, "foreign"));
    return { stack, lines, recoveries, undecided, basis: exported };
}

/** Why the state `now` is not the one `plan` decided on, or undefined when it is (apart from the pending operations it decided). */
function changedSince(plan: RecoveryPlan, now: ExportedStack): string | undefined {
    if (!sameExceptPendingOperations(plan.basis, now)) return "its resources or its manifest differ from the export recover decided on";
    const before = new Map((plan.basis.deployment.pending_operations ?? []).map((op) => [pendingKey(op), JSON.stringify(op)]));
    const after = now.deployment.pending_operations ?? [];
    const changed = after.filter((op) => before.get(pendingKey(op)) !== JSON.stringify(op));
    if (changed.length > 0 || after.length !== before.size) return "its pending operations differ from the ones recover decided on";
    return undefined;
}

/**
 * Applies the plan's decisions to the state as it is now: exports again, and changes nothing when the
 * state differs from the plan's basis (see the module comment); otherwise writes the backup, then
 * imports the state with the decisions applied and, with `force`, the undecided pending operations
 * cleared.
 * @throws Error when the plan has undecided operations and `force` is not set; when the CLI fails
 * (the import fails while another operation holds the stack's lock).
 */
export async function applyRecovery(t: StackTarget, plan: RecoveryPlan, o: { force?: boolean }): Promise<RecoveryOutcome> {
    if (plan.undecided.length > 0 && !o.force)
        throw new Error("recover does not import over pending operations it did not decide without --force");
    const encrypted = await exportStack(t, false);
    const fresh = await exportStack(t, true);
    const sameCheckpoint = JSON.stringify(encrypted.exported.deployment.manifest) === JSON.stringify(fresh.exported.deployment.manifest);
    const changed = sameCheckpoint ? changedSince(plan, fresh.exported) : "it was written while recover exported it";
    if (changed) return { applied: false, reason: "changed", detail: changed };
    const now = new Date();
    const backup = writeBackup(t, plan.stack, encrypted.text, now);
    const deployment = applyRecoveries(fresh.exported.deployment, plan.recoveries, now);
    await importStack(t, { ...fresh.exported, deployment: { ...deployment, pending_operations: [] } });
    return { applied: true, backup, cleared: plan.undecided };
}
