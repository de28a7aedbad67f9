// Copyright 2026, the pulumi-anypoint-objectstore contributors. Apache-2.0 (as pulumi-yaml).
//
// A reproduction for pulumi-yaml v1.25.0: copy this file into pkg/pulumiyaml and run
//
//	go test ./pkg/pulumiyaml -run TestMapKeyNamedLikeAField                  # fails before fix.patch
//	go test ./pkg/pulumiyaml -run '^$' -bench BenchmarkMapOfObjects -benchtime 1x
//
// (*typeCache).isAssignable checks a YAML object against a map<object> type (a resource input such
// as a KeyEntries' entries) by re-entering, for each entry, with the whole map as fromExpr and the
// entry's type; the ObjectType branch's primeMap then indexes every entry of that map again (N²) and
// looks the entry's fields up among the map's keys (a key named like a field is checked as that
// field). fix.patch, beside this file, checks each entry through its own expression.
package pulumiyaml

import (
	"fmt"
	"testing"

	"github.com/pulumi/pulumi-yaml/pkg/pulumiyaml/ast"
	"github.com/pulumi/pulumi-yaml/pkg/pulumiyaml/syntax"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// A map whose keys are named like the fields of its values: {stringValue: {numberValue: 1}, other: {stringValue: "x"}}
// against map<{stringValue?: string, numberValue?: number}> is assignable.
func TestMapKeyNamedLikeAField(t *testing.T) {
	entryType := &schema.ObjectType{Token: "test:index:Entry", Properties: []*schema.Property{
		{Name: "stringValue", Type: &schema.OptionalType{ElementType: schema.StringType}},
		{Name: "numberValue", Type: &schema.OptionalType{ElementType: schema.NumberType}},
	}}
	tc := newTypeCache()
	num := ast.NumberSyntax(syntax.Number(1))
	tc.exprs[num] = schema.NumberType
	str := ast.StringSyntax(syntax.String("x"))
	tc.exprs[str] = schema.StringType
	first := ast.Object(ast.ObjectProperty{Key: ast.StringSyntax(syntax.String("numberValue")), Value: num})
	firstType := &schema.ObjectType{Properties: []*schema.Property{{Name: "numberValue", Type: schema.NumberType}}}
	tc.exprs[first] = firstType
	second := ast.Object(ast.ObjectProperty{Key: ast.StringSyntax(syntax.String("stringValue")), Value: str})
	secondType := &schema.ObjectType{Properties: []*schema.Property{{Name: "stringValue", Type: schema.StringType}}}
	tc.exprs[second] = secondType
	obj := ast.Object(
		ast.ObjectProperty{Key: ast.StringSyntax(syntax.String("stringValue")), Value: first},
		ast.ObjectProperty{Key: ast.StringSyntax(syntax.String("other")), Value: second},
	)
	tc.exprs[obj] = &schema.ObjectType{Properties: []*schema.Property{{Name: "stringValue", Type: firstType}, {Name: "other", Type: secondType}}}
	if notOk := tc.isAssignable(obj, &schema.MapType{ElementType: entryType}); notOk != nil {
		t.Fatal(notOk)
	}
}

func BenchmarkMapOfObjects(b *testing.B) {
	entryType := &schema.ObjectType{
		Token:      "test:index:Entry",
		Properties: []*schema.Property{{Name: "stringValue", Type: schema.StringType}},
	}
	to := &schema.MapType{ElementType: entryType}
	for _, n := range []int{1000, 2000, 4000, 8000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			tc := newTypeCache()
			entries := make([]ast.ObjectProperty, n)
			props := make([]*schema.Property, n)
			for i := range entries {
				value := ast.StringSyntax(syntax.String(fmt.Sprintf("value %d", i)))
				tc.exprs[value] = schema.StringType
				inner := ast.Object(ast.ObjectProperty{Key: ast.StringSyntax(syntax.String("stringValue")), Value: value})
				innerType := &schema.ObjectType{Properties: []*schema.Property{{Name: "stringValue", Type: schema.StringType}}}
				tc.exprs[inner] = innerType
				key := fmt.Sprintf("k%d", i)
				entries[i] = ast.ObjectProperty{Key: ast.StringSyntax(syntax.String(key)), Value: inner}
				props[i] = &schema.Property{Name: key, Type: innerType}
			}
			obj := ast.Object(entries...)
			tc.exprs[obj] = &schema.ObjectType{Properties: props}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if notOk := tc.isAssignable(obj, to); notOk != nil {
					b.Fatal(notOk)
				}
			}
		})
	}
}
