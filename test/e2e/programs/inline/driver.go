// Runs one Pulumi operation on a Go program as an Automation API inline program
// (github.com/pulumi/pulumi/sdk/v3/go/auto): the program runs in this process, the `pulumi` CLI on
// PATH attaches to it with `--client`, so no Go language host is needed. The same arguments and
// output as driver.py (see there); --program names one of the Go examples compiled in (`programs`,
// written by scripts/ensure-go-programs.sh from examples/go-*/: each example's `program` function,
// the one its main passes to pulumi.Run).
//
//	driver <preview|up|refresh|destroy> -work-dir DIR -project NAME -stack NAME -program go-stores
//	    [-refresh] [-expect-no-changes] [-diff] [-phase-url URL] [-imports JSON]
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"

	"github.com/pulumi-anypoint-objectstore/pulumi-anypoint-objectstore/sdk/go/anypoint/objectstore"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// upWithPreview is the CLI as the Automation API runs it, except that `up` keeps its preview (auto
// passes --skip-preview), as `pulumi up --yes` does for a user.
type upWithPreview struct{ auto.PulumiCommand }

func (c upWithPreview) Run(ctx context.Context, workdir string, stdin io.Reader, out, errOut []io.Writer,
	env []string, args ...string,
) (string, string, int, error) {
	if len(args) > 0 && args[0] == "up" {
		kept := args[:0:0]
		for _, a := range args {
			if a != "--skip-preview" {
				kept = append(kept, a)
			}
		}
		args = kept
	}
	return c.PulumiCommand.Run(ctx, workdir, stdin, out, errOut, env, args...)
}

// importSpec is a resource declared with the `import` option (only Stores: type "Store").
type importSpec struct {
	Type   string `json:"type"`
	Name   string `json:"name"`
	ID     string `json:"id"`
	Inputs struct {
		StoreID                       string `json:"storeId"`
		DefaultTTLSeconds             *int   `json:"defaultTtlSeconds"`
		DefaultConfirmationTTLSeconds *int   `json:"defaultConfirmationTtlSeconds"`
		Persistent                    *bool  `json:"persistent"`
		IsFixedTTL                    *bool  `json:"isFixedTtl"`
	} `json:"inputs"`
}

func inline(program pulumi.RunFunc, phaseURL string, imports []importSpec) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		if phaseURL != "" {
			res, err := http.Get(fmt.Sprintf("%s?dryRun=%t", phaseURL, ctx.DryRun()))
			if err != nil {
				return err
			}
			res.Body.Close()
		}
		if err := program(ctx); err != nil {
			return err
		}
		for _, spec := range imports {
			if spec.Type != "Store" {
				return fmt.Errorf("driver: only Stores are imported, not %q", spec.Type)
			}
			args := &objectstore.StoreArgs{StoreId: pulumi.String(spec.Inputs.StoreID)}
			if spec.Inputs.DefaultTTLSeconds != nil {
				args.DefaultTtlSeconds = pulumi.Int(*spec.Inputs.DefaultTTLSeconds)
			}
			if spec.Inputs.DefaultConfirmationTTLSeconds != nil {
				args.DefaultConfirmationTtlSeconds = pulumi.Int(*spec.Inputs.DefaultConfirmationTTLSeconds)
			}
			if spec.Inputs.Persistent != nil {
				args.Persistent = pulumi.Bool(*spec.Inputs.Persistent)
			}
			if spec.Inputs.IsFixedTTL != nil {
				args.IsFixedTtl = pulumi.Bool(*spec.Inputs.IsFixedTTL)
			}
			if _, err := objectstore.NewStore(ctx, spec.Name, args, pulumi.Import(pulumi.ID(spec.ID))); err != nil {
				return err
			}
		}
		return nil
	}
}

func outputsOf(outputs auto.OutputMap) map[string]any {
	out := map[string]any{}
	for k, v := range outputs {
		out[k] = map[string]any{"value": v.Value, "secret": v.Secret}
	}
	return out
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: driver <preview|up|refresh|destroy> -work-dir DIR -project NAME -stack NAME -program NAME [flags]")
		os.Exit(2)
	}
	operation := os.Args[1]
	flags := flag.NewFlagSet(operation, flag.ExitOnError)
	workDir := flags.String("work-dir", "", "the project directory (Pulumi.yaml)")
	project := flags.String("project", "", "the project's name")
	stackName := flags.String("stack", "", "the stack (created already)")
	programName := flags.String("program", "", "which program: a Go example's directory name")
	refresh := flags.Bool("refresh", false, "refresh first")
	expectNoChanges := flags.Bool("expect-no-changes", false, "fail when the preview or refresh shows changes")
	diff := flags.Bool("diff", false, "show the detailed diff")
	phaseURL := flags.String("phase-url", "", "GET before each program run, with ?dryRun=")
	importsJSON := flags.String("imports", "[]", "resources declared with the import option (JSON)")
	_ = flags.Parse(os.Args[2:])

	program, ok := programs[*programName]
	if !ok {
		fmt.Fprintf(os.Stderr, "driver: no program %q\n", *programName)
		os.Exit(2)
	}
	var imports []importSpec
	if err := json.Unmarshal([]byte(*importsJSON), &imports); err != nil {
		fmt.Fprintf(os.Stderr, "driver: -imports: %v\n", err)
		os.Exit(2)
	}
	ctx := context.Background()
	cmd, err := auto.NewPulumiCommand(nil)
	if err != nil {
		fmt.Fprintf(os.Stderr, "driver: %v\n", err)
		os.Exit(1)
	}
	stack, err := auto.SelectStackInlineSource(ctx, *stackName, *project, inline(program, *phaseURL, imports),
		auto.WorkDir(*workDir), auto.Pulumi(upWithPreview{cmd}))
	if err != nil {
		fmt.Fprintf(os.Stderr, "driver: %v\n", err)
		os.Exit(1)
	}

	result := map[string]any{"ok": true, "operation": operation}
	switch operation {
	case "preview":
		opts := []optpreview.Option{optpreview.ProgressStreams(os.Stdout)}
		if *refresh {
			opts = append(opts, optpreview.Refresh())
		}
		if *expectNoChanges {
			opts = append(opts, optpreview.ExpectNoChanges())
		}
		if *diff {
			opts = append(opts, optpreview.Diff())
		}
		var r auto.PreviewResult
		if r, err = stack.Preview(ctx, opts...); err == nil {
			result["changeSummary"] = r.ChangeSummary
		}
	case "up":
		opts := []optup.Option{optup.ProgressStreams(os.Stdout)}
		if *refresh {
			opts = append(opts, optup.Refresh())
		}
		if *diff {
			opts = append(opts, optup.Diff())
		}
		var r auto.UpResult
		if r, err = stack.Up(ctx, opts...); err == nil {
			result["outputs"] = outputsOf(r.Outputs)
			result["summary"] = map[string]any{"result": r.Summary.Result, "resourceChanges": r.Summary.ResourceChanges}
		}
	case "refresh":
		opts := []optrefresh.Option{optrefresh.ProgressStreams(os.Stdout)}
		if *expectNoChanges {
			opts = append(opts, optrefresh.ExpectNoChanges())
		}
		var r auto.RefreshResult
		if r, err = stack.Refresh(ctx, opts...); err == nil {
			result["summary"] = map[string]any{"result": r.Summary.Result, "resourceChanges": r.Summary.ResourceChanges}
		}
	case "destroy":
		var r auto.DestroyResult
		if r, err = stack.Destroy(ctx, optdestroy.ProgressStreams(os.Stdout)); err == nil {
			result["summary"] = map[string]any{"result": r.Summary.Result, "resourceChanges": r.Summary.ResourceChanges}
		}
	default:
		fmt.Fprintf(os.Stderr, "driver: unknown operation %q\n", operation)
		os.Exit(2)
	}
	code := 0
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		result = map[string]any{"ok": false, "operation": operation, "error": err.Error()}
		code = 1
	}
	text, _ := json.Marshal(result)
	fmt.Printf("OSV2_RESULT %s\n", text)
	os.Exit(code)
}
