// A store, a partition and a seed key from Go, with the SDK generated from the anypoint schema.
package main

import (
	"github.com/pulumi-anypoint-objectstore/pulumi-anypoint-objectstore/sdk/go/anypoint/objectstore"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(program)
}

// program declares the resources; `pulumi up` runs it through main, and the Automation API can run it
// as an inline program (auto.UpsertStackInlineSource).
func program(ctx *pulumi.Context) error {
	store, err := objectstore.NewStore(ctx, "sessions", &objectstore.StoreArgs{
		StoreId:           pulumi.String("sessions"),
		DefaultTtlSeconds: pulumi.Int(86400),
		Persistent:        pulumi.Bool(true),
	})
	if err != nil {
		return err
	}
	flags, err := objectstore.NewPartition(ctx, "flags", &objectstore.PartitionArgs{
		StoreId:     store.StoreId,
		PartitionId: pulumi.String("flags"),
	})
	if err != nil {
		return err
	}
	_, err = objectstore.NewKey(ctx, "checkout", &objectstore.KeyArgs{
		StoreId:     store.StoreId,
		PartitionId: flags.PartitionId,
		KeyId:       pulumi.String("new-checkout"),
		StringValue: pulumi.String("enabled"),
	})
	if err != nil {
		return err
	}
	ctx.Export("effectiveTtlSeconds", store.DefaultTtlSeconds)
	return nil
}
