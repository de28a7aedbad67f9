/**
 * Mocha reporter: the spec reporter's output, then one closing line `N passed, N failed, N skipped`
 * that CI counts.
 */
import Mocha from "mocha";

const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
    constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
        super(runner, options);
        runner.once(EVENT_RUN_END, () => {
            const s = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
            // Printed after the spec reporter's epilogue so it is the last line.
            process.nextTick(() => console.log(`${s.passes} passed, ${s.failures} failed, ${s.pending} skipped`));
        });
    }
}

export = SummaryReporter;
