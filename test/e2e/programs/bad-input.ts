/**
 * The program of the bad-input e2e test: declares the case named by stack config `case:name`.
 * Run by the `pulumi` CLI from a directory (test/e2e/harness.ts programStack).
 */
import * as pulumi from "@pulumi/pulumi";
import { BAD_INPUTS } from "../bad-input-cases";

const name = new pulumi.Config("case").require("name");
const bad = BAD_INPUTS.find((b) => b.name === name);
if (!bad) throw new pulumi.RunError(`no bad-input case named ${JSON.stringify(name)}`);
// A lookup's rejection is left to the language host, which reports it as a user would see it.
void Promise.resolve(bad.program());
