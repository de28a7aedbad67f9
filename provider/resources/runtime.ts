/**
 * Where the dynamic resources' provider text finds its provider module: every stack's `__provider`
 * names `dist/provider/resources/runtime.js` (provider/dynamic/shim.ts), so this path stays, for the
 * stacks written by every version of this package. The module itself is provider/dynamic/runtime.ts.
 */
export { runtimeProvider } from "../dynamic/runtime";
