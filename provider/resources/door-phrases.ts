/**
 * How a message shows program code, per front door. The dynamic resources are TypeScript classes,
 * so their messages may show TypeScript (`adopt: true`, `store.storeId`). The `anypoint` plugin
 * serves YAML, Go, Python and TypeScript programs and cannot know which one it talks to, so its
 * messages say the same in words that fit every language (the input and output names are the
 * schema's; each SDK spells them its own way: `adopt` in YAML and TypeScript, `Adopt` in Go). Pure.
 */
import type { FrontDoor } from "./context";

/** "set <input> to <value> on <resource>", e.g. ``set `adopt: true` on the Store`` or ``set `adopt` to true on the Store``. */
export function setInput(door: FrontDoor, input: string, value: string, on: string): string {
    return door === "dynamic" ? `set \`${input}: ${value}\` on ${on}` : `set \`${input}\` to ${value} on ${on}`;
}

/** "<input> set to <value>" after "declare it with …", e.g. `` `adopt: true` `` or `` `adopt` set to true ``. */
export function inputSetTo(door: FrontDoor, input: string, value: string): string {
    return door === "dynamic" ? `\`${input}: ${value}\`` : `\`${input}\` set to ${value}`;
}

/**
 * A reference to another resource's output, e.g. `` `store.storeId` `` (TypeScript, `variable` being
 * the usual name of a resource of that kind) or `` the Store's `storeId` output ``.
 */
export function outputOf(door: FrontDoor, resource: string, variable: string, output: string): string {
    return door === "dynamic" ? `\`${variable}.${output}\`` : `the ${resource}'s \`${output}\` output`;
}
