// examples/yaml-two-providers in Go: a store, a partition, keys of the three value types and seed
// entries in one environment through the default provider (stack config anypoint:*), and a key in
// another environment written with an explicit provider that has its own connected app.
package main

import (
	"github.com/pulumi-anypoint-objectstore/pulumi-anypoint-objectstore/sdk/go/anypoint"
	"github.com/pulumi-anypoint-objectstore/pulumi-anypoint-objectstore/sdk/go/anypoint/objectstore"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(program)
}

// program declares the resources; `pulumi up` runs it through main, and the Automation API can run it
// as an inline program (auto.UpsertStackInlineSource).
func program(ctx *pulumi.Context) error {
	cfg := config.New(ctx, "")
	prodEnvironmentID := cfg.Require("prodEnvironmentId")

	// An explicit provider: another connected app, e.g. one limited to the production environment
	// (View stores + Manage stores data there: it may write keys, not create stores).
	prodArgs := &anypoint.ProviderArgs{
		OrganizationId: pulumi.String(cfg.Require("organizationId")),
		EnvironmentId:  pulumi.String(prodEnvironmentID),
		ClientId:       pulumi.String(cfg.Require("prodClientId")),
		ClientSecret:   cfg.RequireSecret("prodClientSecret"),
	}
	if baseURL := cfg.Get("baseUrl"); baseURL != "" { // unset: the control plane's regional host; the emulator's URL to try it locally
		prodArgs.BaseUrl = pulumi.String(baseURL)
	}
	prod, err := anypoint.NewProvider(ctx, "prod", prodArgs)
	if err != nil {
		return err
	}

	// The default provider (stack config anypoint:*, or ANYPOINT_* variables): e.g. the sandbox environment.
	sessions, err := objectstore.NewStore(ctx, "sessions", &objectstore.StoreArgs{
		StoreId:           pulumi.String("go-sessions"),
		DefaultTtlSeconds: pulumi.Int(3_888_000), // 45 days: clamped to 30, with a warning
		Persistent:        pulumi.Bool(true),
	})
	if err != nil {
		return err
	}
	flags, err := objectstore.NewPartition(ctx, "flags", &objectstore.PartitionArgs{
		StoreId:     sessions.StoreId,
		PartitionId: pulumi.String("flags"),
	})
	if err != nil {
		return err
	}
	if _, err := objectstore.NewKey(ctx, "checkout", &objectstore.KeyArgs{
		StoreId: sessions.StoreId, PartitionId: flags.PartitionId,
		KeyId: pulumi.String("new-checkout"), StringValue: pulumi.String("enabled"),
	}); err != nil {
		return err
	}
	if _, err := objectstore.NewKey(ctx, "maxSessions", &objectstore.KeyArgs{
		StoreId: sessions.StoreId, PartitionId: flags.PartitionId,
		KeyId: pulumi.String("max-sessions"), NumberValue: pulumi.Float64(500),
	}); err != nil {
		return err
	}
	if _, err := objectstore.NewKey(ctx, "banner", &objectstore.KeyArgs{
		StoreId: sessions.StoreId, PartitionId: flags.PartitionId,
		KeyId: pulumi.String("banner"), BinaryValue: pulumi.String("SGVsbG8sIE9TdjI="), // base64 of "Hello, OSv2"
	}); err != nil {
		return err
	}
	if _, err := objectstore.NewKeyEntries(ctx, "seed", &objectstore.KeyEntriesArgs{
		StoreId:     sessions.StoreId,
		PartitionId: flags.PartitionId,
		Entries: objectstore.EntryValueMap{
			"max-items": objectstore.EntryValueArgs{NumberValue: pulumi.Float64(50)},
			"greeting":  objectstore.EntryValueArgs{StringValue: pulumi.String("hello")},
		},
	}); err != nil {
		return err
	}

	// A store in production made with the default provider's app (the production app cannot manage stores) ...
	prodStore, err := objectstore.NewStore(ctx, "prodStore", &objectstore.StoreArgs{
		StoreId:       pulumi.String("go-prod"),
		EnvironmentId: pulumi.String(prodEnvironmentID),
	})
	if err != nil {
		return err
	}
	// ... and a key in it written with the explicit provider's app.
	region, err := objectstore.NewKey(ctx, "region", &objectstore.KeyArgs{
		StoreId:     prodStore.StoreId,
		PartitionId: pulumi.String("settings"),
		KeyId:       pulumi.String("region"),
		StringValue: pulumi.String("eu-central-1"),
	}, pulumi.Provider(prod))
	if err != nil {
		return err
	}

	ctx.Export("effectiveTtlSeconds", sessions.DefaultTtlSeconds)
	ctx.Export("regionEnvironment", region.ResolvedEnvironmentId)
	return nil
}
