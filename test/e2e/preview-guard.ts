/**
 * A preview never writes (design decision 11): the one check every e2e preview is held to, from the
 * emulator's request journal (what the provider really sent), and the guard that applies it to every
 * `pulumi` command the e2e tests run, so that no test can forget it.
 *
 * - {@link previewWrites} / {@link assertPreviewWroteNothing}: the data-plane writes (PUT, POST, PATCH,
 *   DELETE under `/api/v1/`) in a journal range; token requests and reads are not writes. Usable from
 *   any test, whatever runs the program (the Automation API, a spawned CLI, a Go program): pass the
 *   emulator and the journal range of its preview.
 * - {@link watchEmulator}: the emulators every guarded command is checked against (the harness's
 *   `startTestEmulator` watches each one it starts, until it is closed).
 * - {@link guardCommand}: runs one CLI command under the guard. `pulumi preview`, and `refresh` or
 *   `destroy` with `--preview-only`, must send no write from start to end, also when they fail.
 *   `pulumi up` runs its own preview first; for an inline program (`--client=`, the program runs in
 *   this process) the boundary is exact: the program's second run, with `isDryRun()` false, starts
 *   the update ({@link notingPhases} records it), and nothing before it may write (the engine writes
 *   only for steps the update's program registers). A Python or Go inline program
 *   (./inline-programs.ts) tells the same boundary from its own process ({@link guardProgramRun}).
 *   An `up` of a program the CLI runs in another process (YAML, a program directory) has no such
 *   boundary here: its tests count the requests of the whole `up` instead.
 * A command that overlaps another guarded command cannot tell whose requests are whose: it is not
 * checked (and says so under E2E_VERBOSE). Tests run one command at a time today.
 */
import * as pulumi from "@pulumi/pulumi";
import type { RecordedRequest, RunningEmulator } from "../../emulator";

const WRITE_METHODS = new Set(["PUT", "POST", "PATCH", "DELETE"]);

/** The requests of `emulator`'s journal after `fromSeq` up to and including `toSeq` (default: all since). */
export function journalRange(emulator: Pick<RunningEmulator, "requests">, fromSeq: number, toSeq = Infinity): RecordedRequest[] {
    return emulator.requests(fromSeq).filter((r) => r.seq <= toSeq);
}

/** True for a data-plane write: PUT, POST, PATCH or DELETE on the OSv2 API (`/api/v1/`); token requests are not. */
export function isDataPlaneWrite(r: RecordedRequest): boolean {
    return WRITE_METHODS.has(r.method) && r.url.startsWith("/api/v1/");
}

/** The data-plane writes in `emulator`'s journal after `fromSeq` up to and including `toSeq`. */
export function previewWrites(emulator: Pick<RunningEmulator, "requests">, fromSeq: number, toSeq = Infinity): RecordedRequest[] {
    return journalRange(emulator, fromSeq, toSeq).filter(isDataPlaneWrite);
}

/** A journal entry as one line: `METHOD /path status` (path decoded, from the organization on). */
export function journalLine(r: RecordedRequest): string {
    return `${r.method} ${decodeURIComponent(r.url.replace(/^\/api\/v1\/organizations\/[^/]+/, ""))} ${r.status}`;
}

/**
 * Asserts that `emulator`'s journal shows no data-plane write after `fromSeq` up to and including
 * `toSeq`: what a preview (`what`) may send is reads and token requests only.
 * @returns the requests of the range (to print or to assert more on)
 * @throws Error naming every write, when there is one
 */
export function assertPreviewWroteNothing(
    emulator: Pick<RunningEmulator, "requests">,
    fromSeq: number,
    toSeq = Infinity,
    what = "the preview",
): RecordedRequest[] {
    const range = journalRange(emulator, fromSeq, toSeq);
    const writes = range.filter(isDataPlaneWrite);
    if (writes.length > 0) {
        const shown = range.slice(0, 40).map((r) => `  ${isDataPlaneWrite(r) ? "WRITE " : "      "}${journalLine(r)}`);
        throw new Error(
            `${what} sent ${writes.length} write(s); a preview never writes (README "Drift detection"). Its requests:\n` +
                shown.join("\n") +
                (range.length > shown.length ? `\n  … and ${range.length - shown.length} more` : ""),
        );
    }
    return range;
}

const watched = new Set<RunningEmulator>();

/** Checks every guarded command against `emulator`'s journal until it is closed; returns it. */
export function watchEmulator<T extends RunningEmulator>(emulator: T): T {
    watched.add(emulator);
    const close = emulator.close.bind(emulator);
    emulator.close = () => {
        watched.delete(emulator);
        return close();
    };
    return emulator;
}

type Cursors = Map<RunningEmulator, number>;

const cursors = (): Cursors => new Map([...watched].map((e) => [e, e.lastRequestSeq()]));

/** One guarded command: where each journal stood when it started, and whether another command overlapped it. */
interface Window {
    label: string;
    start: Cursors;
    shared: boolean;
}

const running = new Set<Window>();

/** The `up`s of inline programs running now, by stack name: whether the preview ran the program, and where the update began. */
const inlineUps = new Map<string, Phases>();

/**
 * `program` for an inline stack named `stackName`, noting each run's phase for the guard of `up`:
 * the run with `pulumi.runtime.isDryRun()` false starts the update.
 */
export function notingPhases<T>(stackName: string, program: () => Promise<T>): () => Promise<T> {
    return () => {
        const up = inlineUps.get(stackName);
        if (up && pulumi.runtime.isDryRun()) up.previewRan = true;
        else if (up) up.updateStart ??= cursors();
        return program();
    };
}

/** What kind of run `args` starts: a preview (checked whole), an `up` (its preview checked), or anything else. */
function kindOf(args: readonly string[]): "preview" | "up" | "other" {
    if (args[0] === "preview" || args.includes("--preview-only")) return "preview";
    return args[0] === "up" ? "up" : "other";
}

function verbose(line: string): void {
    if (process.env.E2E_VERBOSE) process.stdout.write(`      [preview guard] ${line}\n`);
}

/** Asserts no writes from `start` to `end` (or to now) on every emulator watched at the start. */
function checkWindow(window: Window, end?: Cursors): void {
    for (const [emulator, from] of window.start) {
        const to = end?.get(emulator) ?? Infinity;
        const range = assertPreviewWroteNothing(emulator, from, to, window.label);
        verbose(`${window.label}: ${range.length} request(s), no write`);
    }
}

/** Where an `up` stands: whether its preview ran the program, and where the update began. */
interface Phases {
    previewRan: boolean;
    updateStart?: Cursors;
}

/**
 * Runs `run` (one command of `kind`) under the guard described in the module comment, and checks its
 * window afterwards: a preview whole, an `up` up to the start of its update (when `phases` tells it).
 * A preview's writes fail the promise with an error naming them, even when the command itself failed
 * (a failing preview must not write either).
 */
async function guarded<T>(kind: "preview" | "up" | "other", label: string, phases: Phases | undefined, run: () => Promise<T>): Promise<T> {
    for (const other of running) other.shared = true;
    const window: Window = { label, start: cursors(), shared: running.size > 0 };
    running.add(window);
    let result: { ok: true; value: T } | { ok: false; error: unknown };
    try {
        result = { ok: true, value: await run() };
    } catch (error) {
        result = { ok: false, error };
    } finally {
        running.delete(window);
    }
    if (kind !== "other" && window.shared) verbose(`${window.label}: not checked, another command overlapped it`);
    else if (kind === "preview") checkWindow(window);
    else if (kind === "up" && phases?.previewRan) checkWindow({ ...window, label: `the preview of ${window.label}` }, phases.updateStart);
    if (!result.ok) throw result.error;
    return result.value;
}

/**
 * Runs `run` (one `pulumi <args>` command) under the guard described in the module comment. A
 * preview's writes fail the command's promise with an error naming them, even when the command
 * itself failed (a failing preview must not write either).
 */
export async function guardCommand<T>(args: readonly string[], run: () => Promise<T>): Promise<T> {
    const kind = kindOf(args);
    const stackName = args[args.indexOf("--stack") + 1];
    const inline = kind === "up" && args.some((a) => a.startsWith("--client=")) && args.includes("--stack");
    const phases: Phases | undefined = inline ? { previewRan: false } : undefined;
    if (phases) inlineUps.set(stackName, phases);
    try {
        return await guarded(kind, `\`pulumi ${args.slice(0, 3).join(" ")}\``, phases, run);
    } finally {
        if (phases) inlineUps.delete(stackName);
    }
}

/**
 * Runs one operation of a program in another process (a Python or Go inline program,
 * ./inline-programs.ts) under the same guard: `kind` as for {@link guardCommand}; `run` gets the
 * function the program's process calls at the start of each run of the program, with whether it is
 * a dry run, so an `up`'s preview is checked up to the exact start of its update.
 */
export function guardProgramRun<T>(
    kind: "preview" | "up" | "other",
    label: string,
    run: (programRuns: (dryRun: boolean) => void) => Promise<T>,
): Promise<T> {
    const phases: Phases = { previewRan: false };
    const programRuns = (dryRun: boolean) => {
        if (dryRun) phases.previewRan = true;
        else phases.updateStart ??= cursors();
    };
    return guarded(kind, label, phases, () => run(programRuns));
}
