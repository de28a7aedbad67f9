/**
 * The KeyEntries core provider as BOTH front doors record it: `entries` in the stored form
 * (key-entries-plan.ts `StoredEntry`: the string, the number, or `{ binaryValue }`, one property value
 * per entry) in everything the engine records, that is what check returns (the inputs), what create,
 * read and update return (the outputs, and read's inputs), and the outputs a partial failure carries
 * (KeyEntriesWriteError), and a preview's plans of create and update (the plugin's Create and Update
 * with `preview = true` answer them as the real calls would). Diff and delete take either form as they are; recover
 * records what findCreated / findUpdated find in the stored form itself. The core provider itself
 * reads both forms and works in the declared one (`{ stringValue }` …).
 *
 * The dynamic door (provider/dynamic/runtime.ts) and the plugin (provider/plugin/resources.ts) wrap
 * their KeyEntries provider with {@link storedFormProvider}; recover (provider/recover/decide.ts)
 * records what it decides with `withStoredEntries` too. Nothing here performs I/O beyond the wrapped
 * provider's; no Pulumi SDK is loaded (the plugin's bundle leaves it out).
 */
import type { KeyEntriesProvider } from "./key-entries";
import { withStoredEntries } from "./key-entries-plan";

/** The engine-facing methods of the KeyEntries provider, recording the stored form. */
export type StoredFormKeyEntries = Pick<
    KeyEntriesProvider,
    "check" | "diff" | "create" | "planCreate" | "read" | "update" | "planUpdate" | "delete" | "findCreated" | "findUpdated"
>;

/** Property maps as check and read return them (typed `any` by @pulumi/pulumi's dynamic provider types). */
type Props = Record<string, unknown>;

/** A failure carrying the outputs of a partial write (KeyEntriesWriteError) gets them in the stored form too. */
function storedFailure(e: unknown): unknown {
    if (e instanceof Error && "properties" in e) {
        Object.defineProperty(e, "properties", { value: withStoredEntries((e as { properties: unknown }).properties) });
    }
    return e;
}

/** `p` recording `entries` in the stored form (see the module comment). */
export function storedFormProvider(p: KeyEntriesProvider): StoredFormKeyEntries {
    return {
        check: async (olds, news, owner) => {
            const r = await p.check(olds, news, owner); // the core reads either form (a stored-form entry: ignoreChanges, recover)
            return r.inputs ? { ...r, inputs: withStoredEntries(r.inputs as Props) } : r;
        },
        diff: (id, olds, news, owner) => p.diff(id, olds, news, owner),
        create: async (inputs) => {
            try {
                const r = await p.create(inputs);
                return { id: r.id, outs: withStoredEntries(r.outs) };
            } catch (e) {
                throw storedFailure(e);
            }
        },
        planCreate: (inputs) => {
            const r = p.planCreate(inputs);
            return { id: r.id, outs: withStoredEntries(r.outs) };
        },
        read: async (id, props) => {
            const r = await p.read(id, props);
            return {
                id: r.id,
                props: withStoredEntries(r.props as Props | undefined),
                ...(r.inputs !== undefined && { inputs: withStoredEntries(r.inputs as Props) }),
            };
        },
        update: async (id, olds, news) => {
            try {
                const r = await p.update(id, olds, news);
                return { outs: withStoredEntries(r.outs) };
            } catch (e) {
                throw storedFailure(e);
            }
        },
        planUpdate: (id, olds, news) => ({ outs: withStoredEntries(p.planUpdate(id, olds, news).outs) }),
        delete: (id, props) => p.delete(id, props),
        findCreated: (inputs) => p.findCreated(inputs),
        findUpdated: (olds, news) => p.findUpdated(olds, news),
    };
}
