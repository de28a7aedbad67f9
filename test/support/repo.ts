import * as path from "path";

/** Repository root (dist/test/support/../../..). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
