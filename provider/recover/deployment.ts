/**
 * The parts of a Pulumi stack's exported deployment (`pulumi stack export`, format version 3) that
 * recovery reads and edits, as pure functions: the pending operations (this package's and the
 * others), the provider configuration they ran with, whether two exports differ in anything but
 * their pending operations, and the deployment with the decisions applied (recovered resources
 * recorded, updated resources' outputs recorded, decided pending operations removed).
 *
 * Format: https://www.pulumi.com/docs/iac/concepts/state-and-backends/ (checkpoint and deployment
 * schema, `apitype.DeploymentV3` / `ResourceV3` / `OperationV2` of pulumi/pulumi sdk/go/common/apitype).
 * Secret values appear as `{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
 * "plaintext": "<JSON>"}` in an export with `--show-secrets` (`"ciphertext"` without it); `pulumi stack
 * import` accepts the plaintext form and encrypts it again with the stack's secrets provider.
 */
import { settingText } from "../config/keys";
import { ourType, urnName, type OurType } from "../resources/kinds";
import { hasSecretSignature, SECRET_SIG_KEY, SECRET_SIG_VALUE } from "../resources/markers";

/** One resource of a deployment (the fields recovery uses; the rest is kept as it is). */
export interface DeploymentResource {
    urn: string;
    type: string;
    custom?: boolean;
    id?: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
    provider?: string;
    additionalSecretOutputs?: string[];
    [field: string]: unknown;
}

/** A pending operation of a deployment. */
export interface PendingOperation {
    resource: DeploymentResource;
    type: string;
    [field: string]: unknown;
}

/** The `deployment` of `pulumi stack export` (fields recovery uses). */
export interface Deployment {
    resources?: DeploymentResource[];
    pending_operations?: PendingOperation[];
    [field: string]: unknown;
}

/** `pulumi stack export` output. */
export interface ExportedStack {
    version: number;
    deployment: Deployment;
}

/** The operation a pending operation was interrupted in (`apitype.OperationType`). */
export type OperationType = "creating" | "updating" | "deleting" | "reading" | "importing";

/** A pending operation of one of this package's resources. */
export interface OurPending {
    op: PendingOperation;
    type: OurType;
    name: string;
}

/** The deployment's pending operations: this package's resources' (`ours`) and every other one (`others`), in the deployment's order. Pure. */
export function classifyPending(deployment: Deployment): { ours: OurPending[]; others: PendingOperation[] } {
    const ours: OurPending[] = [];
    const others: PendingOperation[] = [];
    for (const op of deployment.pending_operations ?? []) {
        const type = ourType(op.resource.type);
        if (type) ours.push({ op, type, name: urnName(op.resource.urn) });
        else others.push(op);
    }
    return { ours, others };
}

/** One identity of a pending operation: its type and its resource's URN. Pure. */
export function pendingKey(op: { type: string; resource: { urn: string } }): string {
    return `${op.type} ${op.resource.urn}`;
}

/** The resource a pending update or delete is about: the one in `resources` with its URN that is not marked for deletion. Pure. */
export function currentResource(deployment: Deployment, urn: string): DeploymentResource | undefined {
    return (deployment.resources ?? []).find((r) => r.urn === urn && r.delete !== true);
}

/**
 * Whether two exports of a stack are the same state apart from their pending operations: every
 * resource, the manifest (a new one on every write of the state), the secrets provider and the
 * rest are equal. Pure.
 */
export function sameExceptPendingOperations(a: ExportedStack, b: ExportedStack): boolean {
    const rest = (e: ExportedStack) => JSON.stringify({ ...e, deployment: { ...e.deployment, pending_operations: undefined } });
    return rest(a) === rest(b);
}

/** True for a secret value of a deployment. Pure. */
export function isSecretValue(v: unknown): v is Record<string, unknown> {
    return hasSecretSignature(v);
}

/**
 * `v` with every secret in plaintext form (`--show-secrets`) replaced by its value, at any depth.
 * @throws Error for a secret that is still encrypted (an export without `--show-secrets`).
 */
export function revealSecrets(v: unknown): unknown {
    if (isSecretValue(v)) {
        if (typeof v.plaintext !== "string") throw new Error("the stack export holds an encrypted secret: export it with --show-secrets");
        return revealSecrets(JSON.parse(v.plaintext));
    }
    if (Array.isArray(v)) return v.map(revealSecrets);
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, revealSecrets(x)]));
    return v;
}

/** `value` as a secret in plaintext form (what `pulumi stack import` encrypts). Pure. */
export function asSecret(value: unknown): Record<string, unknown> {
    return { [SECRET_SIG_KEY]: SECRET_SIG_VALUE, plaintext: JSON.stringify(value) };
}

/**
 * `value` with the secret marks of `template` (the recorded inputs): wherever the template holds a
 * secret, the value at the same place is made a secret too, at any depth. Outputs recorded by
 * recovery so keep every secret input secret. Pure.
 */
export function withSecretsOf(template: unknown, value: unknown): unknown {
    if (value === undefined || isSecretValue(value)) return value;
    if (isSecretValue(template)) return asSecret(value);
    if (template !== null && typeof template === "object" && !Array.isArray(template) && value !== null && typeof value === "object") {
        const t = template as Record<string, unknown>;
        return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, withSecretsOf(t[k], x)]));
    }
    return value;
}

/**
 * The configuration a pending create ran with, as `anypoint:<key>` / `<key>` entries: the inputs of
 * its provider resource (the default `pulumi:providers:pulumi-nodejs` holds the stack config under
 * `anypoint:<key>`; an `anypoint` provider holds `<key>`), secrets revealed, numbers as text.
 * Undefined when the provider resource is not in the deployment. Pure.
 */
export function providerSettings(deployment: Deployment, resource: DeploymentResource): Record<string, string> | undefined {
    const ref = resource.provider;
    if (!ref) return undefined;
    const at = ref.lastIndexOf("::");
    const urn = ref.slice(0, at);
    const id = ref.slice(at + 2);
    const provider = (deployment.resources ?? []).find((r) => r.urn === urn && r.id === id);
    if (!provider) return undefined;
    const inputs = revealSecrets(provider.inputs ?? {}) as Record<string, unknown>;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(inputs)) {
        const text = settingText(v);
        if (text !== undefined) out[k] = text;
    }
    return out;
}

/**
 * A decision of recovery for one pending operation (`operation` and `urn` name it):
 * - `record` of a create: the resource is recorded with `id` and `outputs` (what the create would
 *   have returned);
 * - `record` of an update: the resource's inputs become the update's and its outputs `outputs`
 *   (as Pulumi records a partly applied update);
 * - `clear`: the pending operation is removed; the state's resources stay as they are.
 */
export type Recovery =
    | { urn: string; operation: "creating"; action: "record"; id: string; outputs: Record<string, unknown> }
    | { urn: string; operation: "updating"; action: "record"; outputs: Record<string, unknown> }
    | { urn: string; operation: OperationType; action: "clear" };

/** `outputs` with the secret marks of the pending operation's inputs, of `recorded` (outputs recorded before) and of its additional secret outputs. Pure. */
function markSecrets(op: PendingOperation, outputs: Record<string, unknown>, recorded?: Record<string, unknown>): Record<string, unknown> {
    const secretOutputs = new Set(op.resource.additionalSecretOutputs ?? []);
    let marked = withSecretsOf(op.resource.inputs ?? {}, outputs) as Record<string, unknown>;
    if (recorded) marked = withSecretsOf(recorded, marked) as Record<string, unknown>;
    for (const [k, v] of Object.entries(marked)) if (secretOutputs.has(k) && !isSecretValue(v)) marked[k] = asSecret(v);
    return marked;
}

/**
 * The deployment with each decision applied; every decided pending operation is removed, pending
 * operations without a decision stay (`pulumi stack import` would drop them: the caller decides).
 * - a recorded create is appended to `resources` (after everything it depends on, which is already
 *   there) with its id and outputs, secrets marked as in its recorded inputs. When the state
 *   already holds a resource of that URN, the create was a replacement's: that one is marked
 *   `delete: true`, as Pulumi marks it after a replacement's create, so the next `pulumi up`
 *   deletes it;
 * - a recorded update replaces the resource's inputs with the update's and its outputs;
 * - a clear changes no resource.
 * Pure (returns a new object; the resources it does not decide are the same objects).
 */
export function applyRecoveries(deployment: Deployment, recoveries: readonly Recovery[], now: Date): Deployment {
    const byKey = new Map(recoveries.map((r) => [`${r.operation} ${r.urn}`, r]));
    let resources = [...(deployment.resources ?? [])];
    const pending: PendingOperation[] = [];
    for (const op of deployment.pending_operations ?? []) {
        const decision = byKey.get(pendingKey(op));
        if (!decision) {
            pending.push(op);
            continue;
        }
        if (decision.action !== "record") continue;
        const current = currentResource({ resources }, op.resource.urn);
        if (decision.operation === "creating") {
            if (current) resources = resources.map((r) => (r === current ? { ...r, delete: true } : r));
            resources.push({
                ...op.resource,
                custom: true,
                id: decision.id,
                outputs: markSecrets(op, decision.outputs),
                created: now.toISOString(),
                modified: now.toISOString(),
            });
        } else if (current) {
            const updated: DeploymentResource = {
                ...current,
                inputs: op.resource.inputs,
                outputs: markSecrets(op, decision.outputs, current.outputs),
                modified: now.toISOString(),
            };
            resources = resources.map((r) => (r === current ? updated : r));
        }
    }
    return { ...deployment, resources, pending_operations: pending };
}
