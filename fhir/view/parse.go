package view

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// sqlName is the sql-name invariant of FHIR/sql-on-fhir-v2
// input/fsh/models.fsh, for view, column and constant names.
var sqlName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

// constantTypes are the value[x] types a constant may have
// (ViewDefinition.constant.value[x] in input/fsh/models.fsh).
var constantTypes = []string{
	"base64Binary", "boolean", "canonical", "code", "date", "dateTime", "decimal", "id",
	"instant", "integer", "integer64", "oid", "string", "positiveInt", "time",
	"unsignedInt", "uri", "url", "uuid",
}

// topLevel are the elements a ViewDefinition may carry besides those the
// runner reads: the CanonicalResource metadata (input/fsh/models.fsh:
// "Parent: CanonicalResource") and the Resource/DomainResource elements.
var topLevel = []string{
	"resourceType", "id", "meta", "implicitRules", "language", "text", "contained",
	"extension", "modifierExtension", "identifier", "version", "versionAlgorithmString",
	"versionAlgorithmCoding", "title", "status", "experimental", "date", "publisher",
	"contact", "description", "useContext", "jurisdiction", "purpose", "copyright",
	"copyrightLabel", "profile", "url", "name", "fhirVersion", "resource", "constant",
	"select", "where",
}

// Parse reads a ViewDefinition in its JSON form and checks its structure:
// required elements, element types, names, and at most one of forEach,
// forEachOrNull and repeat per select. Unknown elements are refused, so a
// feature this runner does not know is never silently ignored. Errors are
// [*ElementError]s naming the element. FHIRPath expressions are checked by
// [Compile].
func Parse(data []byte) (*Definition, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var raw any
	if err := dec.Decode(&raw); err != nil {
		return nil, &ElementError{Err: fmt.Errorf("not JSON: %w", err)}
	}
	if _, err := dec.Token(); err == nil {
		return nil, &ElementError{Err: errors.New("not JSON: data after the ViewDefinition object")}
	}
	obj, ok := raw.(map[string]any)
	if !ok {
		return nil, &ElementError{Err: fmt.Errorf("a ViewDefinition is a JSON object, not %s", jsonKind(raw))}
	}
	p := &parser{}
	d := p.definition(obj)
	if p.err != nil {
		return nil, p.err
	}
	return d, nil
}

// parser walks the decoded JSON; it keeps the first error.
type parser struct{ err error }

func (p *parser) fail(element, format string, args ...any) {
	if p.err == nil {
		p.err = &ElementError{Element: element, Err: fmt.Errorf(format, args...)}
	}
}

func (p *parser) definition(obj map[string]any) *Definition {
	p.known("", obj, topLevel)
	if rt, ok := obj["resourceType"]; ok && rt != "ViewDefinition" {
		p.fail("resourceType", "is %v, want ViewDefinition", rt)
	}
	d := &Definition{
		URL:         p.str(obj, "", "url", false),
		Name:        p.str(obj, "", "name", false),
		Title:       p.str(obj, "", "title", false),
		Status:      p.str(obj, "", "status", false),
		Description: p.str(obj, "", "description", false),
		Resource:    p.str(obj, "", "resource", true),
		FHIRVersion: p.strs(obj, "", "fhirVersion"),
	}
	if d.Name != "" && !sqlName.MatchString(d.Name) {
		p.fail("name", "%q is not a valid name (letters, digits and _, starting with a letter)", d.Name)
	}
	for i, c := range p.objects(obj, "", "constant") {
		d.Constants = append(d.Constants, p.constant(fmt.Sprintf("constant[%d]", i), c))
	}
	sels := p.objects(obj, "", "select")
	if _, ok := obj["select"]; !ok || len(sels) == 0 {
		p.fail("select", "at least one select is required")
	}
	for i, s := range sels {
		d.Select = append(d.Select, p.selection(fmt.Sprintf("select[%d]", i), s))
	}
	for i, w := range p.objects(obj, "", "where") {
		el := fmt.Sprintf("where[%d]", i)
		p.known(el, w, []string{"path", "description", "id", "extension"})
		d.Where = append(d.Where, Where{Path: p.str(w, el, "path", true), Description: p.str(w, el, "description", false)})
	}
	return d
}

func (p *parser) constant(el string, obj map[string]any) Constant {
	c := Constant{Name: p.str(obj, el, "name", true)}
	if c.Name != "" && !sqlName.MatchString(c.Name) {
		p.fail(el+".name", "%q is not a valid name (letters, digits and _, starting with a letter)", c.Name)
	}
	for k, v := range obj {
		switch {
		case k == "name" || k == "id" || k == "extension":
			continue
		case !strings.HasPrefix(k, "value"):
			p.fail(el+"."+k, "unknown element")
			continue
		}
		typ := lowerFirst(strings.TrimPrefix(k, "value"))
		if !slices.Contains(constantTypes, typ) {
			p.fail(el+"."+k, "unsupported constant type %q", typ)
			continue
		}
		if c.Type != "" {
			p.fail(el, "more than one value[x]")
			continue
		}
		c.Type = typ
		c.Value = p.constValue(el+"."+k, typ, v)
	}
	if c.Type == "" && p.err == nil {
		p.fail(el, "a constant needs a value[x] (valueString, valueInteger, …)")
	}
	return c
}

func (p *parser) constValue(el, typ string, v any) string {
	switch typ {
	case "boolean":
		b, ok := v.(bool)
		if !ok {
			p.fail(el, "want a JSON boolean, got %s", jsonKind(v))
		}
		return strconv.FormatBool(b)
	case "decimal", "integer", "positiveInt", "unsignedInt":
		n, ok := v.(json.Number)
		if !ok {
			p.fail(el, "want a JSON number, got %s", jsonKind(v))
			return ""
		}
		if typ != "decimal" {
			if _, err := strconv.ParseInt(n.String(), 10, 64); err != nil {
				p.fail(el, "%s is not an integer", n)
			}
		}
		return n.String()
	case "integer64":
		// FHIR R5 writes integer64 as a JSON string; accept a number too.
		switch x := v.(type) {
		case string:
			if _, err := strconv.ParseInt(x, 10, 64); err != nil {
				p.fail(el, "%q is not an integer", x)
			}
			return x
		case json.Number:
			return x.String()
		}
		p.fail(el, "want an integer, got %s", jsonKind(v))
		return ""
	}
	s, ok := v.(string)
	if !ok {
		p.fail(el, "want a JSON string, got %s", jsonKind(v))
	}
	return s
}

func (p *parser) selection(el string, obj map[string]any) Select {
	p.known(el, obj, []string{"column", "select", "forEach", "forEachOrNull", "repeat", "unionAll", "id", "extension"})
	s := Select{
		ForEach:       p.str(obj, el, "forEach", false),
		ForEachOrNull: p.str(obj, el, "forEachOrNull", false),
		Repeat:        p.strs(obj, el, "repeat"),
	}
	n := 0
	for _, k := range []string{"forEach", "forEachOrNull", "repeat"} {
		if _, ok := obj[k]; ok {
			n++
		}
	}
	if n > 1 {
		// The sql-expressions invariant of input/fsh/models.fsh.
		p.fail(el, "at most one of forEach, forEachOrNull and repeat")
	}
	if _, ok := obj["repeat"]; ok && len(s.Repeat) == 0 {
		p.fail(el+".repeat", "needs at least one path")
	}
	for i, c := range p.objects(obj, el, "column") {
		s.Column = append(s.Column, p.column(fmt.Sprintf("%s.column[%d]", el, i), c))
	}
	for i, c := range p.objects(obj, el, "select") {
		s.Select = append(s.Select, p.selection(fmt.Sprintf("%s.select[%d]", el, i), c))
	}
	for i, c := range p.objects(obj, el, "unionAll") {
		s.UnionAll = append(s.UnionAll, p.selection(fmt.Sprintf("%s.unionAll[%d]", el, i), c))
	}
	return s
}

func (p *parser) column(el string, obj map[string]any) Column {
	p.known(el, obj, []string{"name", "path", "type", "collection", "description", "tag", "tags", "id", "extension"})
	c := Column{
		Name:        p.str(obj, el, "name", true),
		Path:        p.str(obj, el, "path", true),
		Type:        p.str(obj, el, "type", false),
		Description: p.str(obj, el, "description", false),
	}
	if c.Name != "" && !sqlName.MatchString(c.Name) {
		p.fail(el+".name", "%q is not a valid column name (letters, digits and _, starting with a letter)", c.Name)
	}
	if v, ok := obj["collection"]; ok {
		b, ok := v.(bool)
		if !ok {
			p.fail(el+".collection", "want a JSON boolean, got %s", jsonKind(v))
		}
		c.Collection = b
	}
	// The logical model names the element "tag"; the specification's own
	// example in StructureDefinition-ViewDefinition-notes.md writes "tags".
	for _, key := range []string{"tag", "tags"} {
		for i, t := range p.objects(obj, el, key) {
			tel := fmt.Sprintf("%s.%s[%d]", el, key, i)
			p.known(tel, t, []string{"name", "value", "id", "extension"})
			c.Tags = append(c.Tags, Tag{Name: p.str(t, tel, "name", true), Value: p.str(t, tel, "value", true)})
		}
	}
	return c
}

// known refuses elements outside allowed.
func (p *parser) known(el string, obj map[string]any, allowed []string) {
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys) // report the same element every time
	for _, k := range keys {
		if !slices.Contains(allowed, k) {
			p.fail(join(el, k), "unknown element (not part of the supported ViewDefinition)")
		}
	}
}

func (p *parser) str(obj map[string]any, el, key string, required bool) string {
	v, ok := obj[key]
	if !ok {
		if required {
			p.fail(join(el, key), "required")
		}
		return ""
	}
	s, ok := v.(string)
	if !ok {
		p.fail(join(el, key), "want a JSON string, got %s", jsonKind(v))
		return ""
	}
	if required && strings.TrimSpace(s) == "" {
		p.fail(join(el, key), "required, and empty")
	}
	return s
}

func (p *parser) strs(obj map[string]any, el, key string) []string {
	v, ok := obj[key]
	if !ok {
		return nil
	}
	arr, ok := v.([]any)
	if !ok {
		p.fail(join(el, key), "want a JSON array of strings, got %s", jsonKind(v))
		return nil
	}
	out := make([]string, 0, len(arr))
	for i, x := range arr {
		s, ok := x.(string)
		if !ok {
			p.fail(fmt.Sprintf("%s[%d]", join(el, key), i), "want a JSON string, got %s", jsonKind(x))
		}
		out = append(out, s)
	}
	return out
}

// objects reads an array of objects. A single object is accepted as a
// one-element array: the specification's own prose writes
// "select": {"unionAll": …} (StructureDefinition-ViewDefinition-notes.md).
func (p *parser) objects(obj map[string]any, el, key string) []map[string]any {
	v, ok := obj[key]
	if !ok {
		return nil
	}
	if m, ok := v.(map[string]any); ok {
		return []map[string]any{m}
	}
	arr, ok := v.([]any)
	if !ok {
		p.fail(join(el, key), "want a JSON array of objects, got %s", jsonKind(v))
		return nil
	}
	out := make([]map[string]any, 0, len(arr))
	for i, x := range arr {
		m, ok := x.(map[string]any)
		if !ok {
			p.fail(fmt.Sprintf("%s[%d]", join(el, key), i), "want a JSON object, got %s", jsonKind(x))
			continue
		}
		out = append(out, m)
	}
	return out
}

func join(el, key string) string {
	if el == "" {
		return key
	}
	return el + "." + key
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
