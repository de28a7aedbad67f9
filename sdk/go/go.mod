module github.com/pulumi-anypoint-objectstore/pulumi-anypoint-objectstore/sdk/go

go 1.25

require github.com/pulumi/pulumi/sdk/v3 v3.276.0
