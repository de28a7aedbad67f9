module example.com/go-two-providers

go 1.25

require (
	github.com/pulumi-anypoint-objectstore/pulumi-anypoint-objectstore/sdk/go v0.2.0
	github.com/pulumi/pulumi/sdk/v3 v3.276.0
)
