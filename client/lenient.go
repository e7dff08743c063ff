package client

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
)

// decodeLenient decodes data into v (a pointer to a struct). When the
// strict decode fails, it drops each member whose JSON does not fit the Go
// field (recursively, element by element in arrays) and decodes what fits.
// It exists for the STU3 CapabilityStatement of API v1, which differs from
// R4 in a few members only.
func decodeLenient(data []byte, v any) error {
	strict := json.Unmarshal(data, v)
	if strict == nil {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return strict
	}
	kept, ok := prune(tree, reflect.TypeOf(v).Elem())
	if !ok {
		return strict
	}
	b, err := json.Marshal(kept)
	if err != nil {
		return strict
	}
	rv := reflect.ValueOf(v).Elem()
	rv.Set(reflect.Zero(rv.Type()))
	return json.Unmarshal(b, v)
}

// fits reports whether val decodes into a value of type t.
func fits(val any, t reflect.Type) bool {
	b, err := json.Marshal(val)
	return err == nil && json.Unmarshal(b, reflect.New(t).Interface()) == nil
}

// prune returns the part of val that decodes into t, and false when nothing
// does.
func prune(val any, t reflect.Type) (any, bool) {
	if fits(val, t) {
		return val, true
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := val.(map[string]any)
		if !ok {
			return nil, false
		}
		fields := jsonFields(t)
		out := make(map[string]any, len(obj))
		for k, v := range obj {
			ft, known := fields[k]
			if !known {
				continue
			}
			if pv, ok := prune(v, ft); ok {
				out[k] = pv
			}
		}
		return out, true
	case reflect.Slice:
		arr, ok := val.([]any)
		if !ok {
			return nil, false
		}
		out := make([]any, 0, len(arr))
		for _, e := range arr {
			if pe, ok := prune(e, t.Elem()); ok {
				out = append(out, pe)
			}
		}
		return out, true
	}
	return nil, false
}

// jsonFields maps a struct's JSON member names to their field types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	m := make(map[string]reflect.Type, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch name {
		case "-":
			continue
		case "":
			name = f.Name
		}
		m[name] = f.Type
	}
	return m
}
