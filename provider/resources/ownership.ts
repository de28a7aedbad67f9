/**
 * Ownership rules, pure, shared by both front doors:
 *
 * - One owner per object within a program: two resources that declare the same store, partition or
 *   key (same resolved scope, same ids; a KeyEntries entry declares a key) fail at preview naming
 *   both ({@link DeclarationRegistry}). The dynamic resources check this in the program's process
 *   (provider/dynamic/declarations.ts), the plugin in its check (it knows each resource's URN).
 * - A stack owns only what it created, adopted or imported: a create that meets an existing object
 *   fails with {@link alreadyExistsMessage} unless the declaration says `adopt: true` (or, with the
 *   plugin, Pulumi's import is used). Recovery after a killed run reads the stack's own pending
 *   creates (provider/recover/), never equal contents.
 */
import type { ResolvedScope, ScopeArgs } from "./scope";
import type { FrontDoor } from "./context";
import { setInput } from "./door-phrases";
import { shellWord } from "../util/shell";

/** The kinds of OSv2 object a resource declares. */
export type ObjectKind = "Store" | "Partition" | "Key";

/** The kinds of resource of this package. */
export type ResourceKind = "Store" | "Partition" | "Key" | "KeyEntries";

/** One identity string for an object: kind, resolved scope and ids. Pure. */
export function objectIdentity(kind: ObjectKind, scope: Required<ScopeArgs>, ids: readonly string[]): string {
    return JSON.stringify([kind, scope.organizationId, scope.environmentId, scope.region, ...ids]);
}

/** The object in words for messages: `store 's'`, `partition 'p' of store 's'`, `key 'k' in partition 'p' of store 's'`. Pure. */
export function describeObject(kind: ObjectKind, ids: readonly string[]): string {
    const [storeId, partitionId, keyId] = ids;
    if (kind === "Store") return `store '${storeId}'`;
    if (kind === "Partition") return `partition '${partitionId}' of store '${storeId}'`;
    return `key '${keyId}' in partition '${partitionId}' of store '${storeId}'`;
}

/** A resource as messages name it: `Key 'flag'`, `KeyEntries 'seed'`. */
export function describeResource(kind: ResourceKind, name: string): string {
    return `${kind} '${name}'`;
}

/**
 * Which resource declares each object in one program run. {@link claim} records a declaration and
 * returns the message for a second resource that declares the same object.
 */
export class DeclarationRegistry {
    private readonly owners = new Map<string, string>();

    /**
     * Records that `owner` (as {@link describeResource} names it) declares the object.
     * @returns undefined, or the message naming both resources when another one declared it first.
     */
    claim(kind: ObjectKind, scope: Required<ScopeArgs>, ids: readonly string[], owner: string): string | undefined {
        const identity = objectIdentity(kind, scope, ids);
        const other = this.owners.get(identity);
        if (other !== undefined && other !== owner) return duplicateDeclarationMessage(kind, ids, other, owner);
        this.owners.set(identity, owner);
        return undefined;
    }
}

/** Two resources of one program declare one object. Pure. */
export function duplicateDeclarationMessage(kind: ObjectKind, ids: readonly string[], first: string, second: string): string {
    return (
        `${first} and ${second} both declare ${describeObject(kind, ids)}. One object can be managed by only one ` +
        `resource: remove it from one of them, or give one another id.`
    );
}

/** What {@link alreadyExistsMessage} says about an existing object. */
export interface ExistingObject {
    kind: ObjectKind;
    /** storeId, partitionId, keyId as far as the kind needs. */
    ids: readonly string[];
    /** Where it lives. */
    scope: ResolvedScope;
    /** The resource kind whose create met it (a key may be met by a KeyEntries). */
    resource: ResourceKind;
    /** The id `pulumi import` takes for it (the resource id), when the resource can be imported. */
    importId?: string;
    /** What setting `adopt` to true does to it, e.g. "its declared settings are applied". */
    adoptEffect: string;
    /** What `pulumi destroy` of the stack then does to it, e.g. "deletes the store with all its partitions and keys". */
    destroyEffect: string;
    /**
     * What this stack's create did to it, when the create wrote before it could learn that the object
     * existed (a race: see store.ts); default "Pulumi did not change it".
     */
    changed?: string;
}

/**
 * The message of a create that met an object that exists and that this stack did not create: it
 * names the object (scope and ids), says it exists, gives both ways to take it over (`adopt`, and
 * Pulumi's import where the front door supports it) and what `destroy` then does. Pure.
 */
export function alreadyExistsMessage(o: ExistingObject, door: FrontDoor): string {
    const what = describeObject(o.kind, o.ids);
    const where = `organization ${o.scope.resolvedOrganizationId}, environment ${o.scope.resolvedEnvironmentId} (region ${o.scope.resolvedRegion})`;
    const importCommand =
        o.importId === undefined ? undefined : `pulumi import anypoint:objectstore:${o.resource} <name> ${shellWord(o.importId)}`;
    const adopt = `${setInput(door, "adopt", "true", `the ${o.resource}`)} (${o.adoptEffect})`;
    const ways =
        door === "plugin" && importCommand
            ? `${adopt}, or import it (\`${importCommand}\`, or the \`import\` resource option)`
            : adopt + (importCommand ? ` (with the \`anypoint\` provider plugin, \`${importCommand}\` works too)` : "");
    return (
        `${what[0].toUpperCase()}${what.slice(1)} already exists in ${where}, and this stack did not create it; ${o.changed ?? "Pulumi did not change it"}. ` +
        `To manage it from this stack, ${ways}; \`pulumi destroy\` of this stack then ${o.destroyEffect}. ` +
        `If an interrupted \`pulumi up\` of this stack created it, run \`npx pulumi-anypoint-objectstore recover\` instead. ` +
        `Otherwise choose another ${o.kind === "Store" ? "storeId" : o.kind === "Partition" ? "partitionId" : "keyId"}.`
    );
}

/**
 * What a create of given inputs would have left behind, as found now (recovery after a killed
 * `pulumi up`: provider/recover/). Each core provider answers it with `findCreated(inputs)`.
 * - `absent`: the object does not exist (the create did not take effect): nothing to recover.
 * - `created`: it exists and holds exactly what that create would have written: `id` and `outs`
 *   are what the create would have returned. For a KeyEntries, `outs` holds the entries found so
 *   and `others` lists keys that exist with other values.
 * - `other`: it exists with other contents: not taken; `detail` says what differs.
 */
export type CreatedObject<O> =
    | {
          /** The object does not exist. */
          state: "absent";
      }
    | {
          /** It exists and holds what the create would have written. */
          state: "created";
          /** The id the create would have returned. */
          id: string;
          /** The outputs the create would have returned. */
          outs: O;
          /** A KeyEntries' keys that exist with other values (not taken). */
          others?: string[];
      }
    | {
          /** It exists with other contents. */
          state: "other";
          /** What differs. */
          detail: string;
      };

/**
 * What an interrupted update from the recorded outputs to new inputs left, as found now (recovery
 * after a killed `pulumi up`: provider/recover/). A KeyEntries answers it with
 * `findUpdated(olds, news)`; an update of a single object (Store, Key) took effect exactly when the
 * object holds what a create of the new inputs would have written ({@link CreatedObject}).
 * - `updated`: some of what the update writes is in place: `outs` are the outputs to record (the
 *   update's result where it took effect, the recorded outputs elsewhere), `written` names what it
 *   wrote (for a KeyEntries, the key ids).
 * - `not-updated`: none of it is in place; `detail` says what was found.
 * `others` lists keys the update would have added that exist with other values (not taken).
 */
export type UpdatedObject<O> =
    | {
          /** Some of what the update writes is in place. */
          state: "updated";
          /** The outputs to record: the update's result where it took effect, the recorded outputs elsewhere. */
          outs: O;
          /** What the update wrote (for a KeyEntries, the key ids). */
          written: string[];
          /** Keys the update would have added that exist with other values (not taken). */
          others: string[];
      }
    | {
          /** None of what the update writes is in place. */
          state: "not-updated";
          /** What was found. */
          detail: string;
          /** Keys the update would have added that exist with other values (not taken). */
          others: string[];
      };
