"""Runs one Pulumi operation on a Python program as an Automation API inline program
(pulumi.automation): the program runs in this process, the `pulumi` CLI on PATH attaches to it with
`--client`, so no Python language host is needed. test/e2e/inline-programs.ts runs it; the Go
driver (driver.go) takes the same arguments.

    python driver.py <preview|up|refresh|destroy> --work-dir DIR --project NAME --stack NAME --program FILE
        [--refresh] [--expect-no-changes] [--diff] [--phase-url URL] [--imports JSON]

- The stack (its project, Pulumi.yaml in DIR, and config) exists already; the CLI's environment
  (backend, PULUMI_HOME, passphrase) is this process's.
- FILE is a program as `runtime: python` runs it (e.g. examples/python-stores/__main__.py): run
  with runpy as `__main__`, its directory first on sys.path.
- `up` runs its own preview first, as `pulumi up --yes` does for a user (the Automation API's up
  passes --skip-preview; the command here leaves it out).
- --phase-url: before each run of the program, a GET of URL?dryRun=true|false, answered before the
  program declares anything (where a preview ends and an update begins, for the preview guard).
- --imports: a JSON list of {"type": "Store", "name", "id", "inputs": {camelCase inputs}}, each
  declared too, with the `import` resource option (Pulumi adopts the object by id, reading it only).
- The CLI's output streams to stdout; the last line is `OSV2_RESULT <json>` (ok, outputs, summary,
  or error). Exit code 0 on success, 1 on failure.
"""
import argparse
import json
import os
import re
import runpy
import sys
import urllib.request

import pulumi
from pulumi import automation as auto


class UpWithPreview(auto.PulumiCommand):
    """The CLI as the Automation API runs it, except that `up` keeps its preview."""

    def run(self, args, *rest, **kwargs):
        if args and args[0] == "up":
            args = [a for a in args if a != "--skip-preview"]
        return super().run(args, *rest, **kwargs)


def snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def program_of(file, phase_url, imports):
    def program():
        if phase_url:
            dry_run = "true" if pulumi.runtime.is_dry_run() else "false"
            urllib.request.urlopen(f"{phase_url}?dryRun={dry_run}", timeout=30).read()
        sys.path.insert(0, os.path.dirname(os.path.abspath(file)))
        runpy.run_path(file, run_name="__main__")
        if imports:
            import pulumi_anypoint as anypoint

            for spec in imports:
                resource = getattr(anypoint.objectstore, spec["type"])
                inputs = {snake(k): v for k, v in spec["inputs"].items()}
                resource(spec["name"], **inputs, opts=pulumi.ResourceOptions(import_=spec["id"]))

    return program


def line(text):
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("operation", choices=["preview", "up", "refresh", "destroy"])
    parser.add_argument("--work-dir", required=True)
    parser.add_argument("--project", required=True)
    parser.add_argument("--stack", required=True)
    parser.add_argument("--program", required=True)
    parser.add_argument("--refresh", action="store_true")
    parser.add_argument("--expect-no-changes", action="store_true")
    parser.add_argument("--diff", action="store_true")
    parser.add_argument("--phase-url")
    parser.add_argument("--imports", default="[]")
    a = parser.parse_args()

    stack = auto.select_stack(
        stack_name=a.stack,
        project_name=a.project,
        program=program_of(a.program, a.phase_url, json.loads(a.imports)),
        opts=auto.LocalWorkspaceOptions(work_dir=a.work_dir, pulumi_command=UpWithPreview()),
    )
    result = {"ok": True, "operation": a.operation}
    try:
        if a.operation == "preview":
            r = stack.preview(refresh=a.refresh, expect_no_changes=a.expect_no_changes, diff=a.diff, on_output=line)
            result["changeSummary"] = {str(k.value if hasattr(k, "value") else k): v for k, v in r.change_summary.items()}
        elif a.operation == "up":
            r = stack.up(refresh=a.refresh, diff=a.diff, on_output=line)
            result["outputs"] = {k: {"value": v.value, "secret": v.secret} for k, v in r.outputs.items()}
            result["summary"] = {"result": r.summary.result, "resourceChanges": r.summary.resource_changes}
        elif a.operation == "refresh":
            r = stack.refresh(expect_no_changes=a.expect_no_changes, on_output=line)
            result["summary"] = {"result": r.summary.result, "resourceChanges": r.summary.resource_changes}
        else:
            r = stack.destroy(on_output=line)
            result["summary"] = {"result": r.summary.result, "resourceChanges": r.summary.resource_changes}
    except auto.CommandError as e:
        sys.stderr.write(f"{e}\n")
        result = {"ok": False, "operation": a.operation, "error": str(e)}
    line("OSV2_RESULT " + json.dumps(result))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
