package fhir_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"

	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/internal/samples"
)

func TestPeek(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		wantRT fhir.ResourceType
		wantID string
		err    bool // any error
		noRT   bool // ErrNoResourceType
		notObj bool // ErrNotObject
	}{
		{name: "simple", in: `{"resourceType":"Patient","id":"1"}`, wantRT: "Patient", wantID: "1"},
		{name: "sorted keys, nested first", in: `{"a":{"resourceType":"X","id":"n","b":[1,{"c":"}"}]},"id":"-9","resourceType":"ExplanationOfBenefit"}`, wantRT: "ExplanationOfBenefit", wantID: "-9"},
		{name: "whitespace", in: " \t{ \"id\" : \"7\" ,\n \"resourceType\" : \"Coverage\" } ", wantRT: "Coverage", wantID: "7"},
		{name: "escaped value", in: `{"resourceType":"Pat\u0069ent","id":"a\"b\\"}`, wantRT: "Patient", wantID: `a"b\`},
		{name: "escaped key", in: `{"resource\u0054ype":"Claim","\u0069d":"x"}`, wantRT: "Claim", wantID: "x"},
		{name: "quote in skipped string", in: `{"text":"say \"hi\" {[","resourceType":"Patient","id":"q"}`, wantRT: "Patient", wantID: "q"},
		{name: "backslash before quote", in: `{"t":"a\\","resourceType":"Patient"}`, wantRT: "Patient"},
		{name: "no id", in: `{"resourceType":"OperationOutcome","issue":[]}`, wantRT: "OperationOutcome"},
		{name: "null id", in: `{"id":null,"resourceType":"Patient"}`, wantRT: "Patient"},
		{name: "numbers and literals", in: `{"a":-1.5e3,"b":true,"c":null,"d":false,"resourceType":"Patient","id":"z"}`, wantRT: "Patient", wantID: "z"},
		{name: "first occurrence wins", in: `{"resourceType":"Patient","resourceType":"Claim","id":"1"}`, wantRT: "Patient", wantID: "1"},
		{name: "empty object", in: `{}`, noRT: true},
		{name: "no resourceType", in: `{"id":"1","a":[1,2]}`, noRT: true},
		{name: "null resourceType", in: `{"resourceType":null}`, noRT: true},
		{name: "empty resourceType", in: `{"resourceType":""}`, noRT: true},
		{name: "array", in: `[{"resourceType":"Patient"}]`, notObj: true},
		{name: "string", in: `"Patient"`, notObj: true},
		{name: "null", in: ` null`, notObj: true},
		{name: "number", in: `12`, notObj: true},
		{name: "not json", in: `resourceType=Patient`, notObj: true},
		{name: "control character in value", in: "{\"resourceType\":\"Pat\tient\",\"id\":\"1\"}", err: true},
		{name: "control character in id", in: "{\"resourceType\":\"Patient\",\"id\":\"1\n\"}", err: true},
		{name: "nested resourceType only", in: `{"contained":[{"resourceType":"Patient","id":"c"}],"id":"1"}`, noRT: true},
		{name: "nested before top level", in: `{"contained":[{"resourceType":"Organization","id":"c"}],"id":"1","resourceType":"ExplanationOfBenefit"}`, wantRT: "ExplanationOfBenefit", wantID: "1"},
		{name: "surrogate pair and invalid UTF-8", in: "{\"resourceType\":\"Patient\",\"id\":\"\\ud83d\\ude00\xff\"}", wantRT: "Patient", wantID: "\U0001F600\uFFFD"},
		{name: "empty", in: ``, err: true},
		{name: "blank", in: "  \n", err: true},
		{name: "truncated in key", in: `{"resourceTy`, err: true},
		{name: "truncated in value", in: `{"a":{"b":[1,2`, err: true},
		{name: "truncated after member", in: `{"resourceType":"Patient"`, err: true},
		{name: "number resourceType", in: `{"resourceType":1,"id":"1"}`, err: true},
		{name: "object id", in: `{"id":{},"resourceType":"Patient"}`, err: true},
		{name: "missing colon", in: `{"id" "1"}`, err: true},
		{name: "bad separator", in: `{"a":1;"resourceType":"Patient"}`, err: true},
		{name: "mismatched brackets", in: `{"a":[1}],"resourceType":"Patient"}`, err: true},
		{name: "unquoted key", in: `{resourceType:"Patient"}`, err: true},
		{name: "bad escape", in: `{"resourceType":"P\x","id":"1"}`, err: true},
		{name: "garbage value", in: `{"a":@,"resourceType":"Patient"}`, err: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rt, id, err := fhir.Peek([]byte(tt.in))
			switch {
			case tt.notObj:
				if !errors.Is(err, fhir.ErrNotObject) {
					t.Fatalf("Peek(%s) error = %v, want ErrNotObject", tt.in, err)
				}
			case tt.noRT:
				if !errors.Is(err, fhir.ErrNoResourceType) {
					t.Fatalf("Peek(%s) error = %v, want ErrNoResourceType", tt.in, err)
				}
			case tt.err:
				if err == nil {
					t.Fatalf("Peek(%s) = %q, %q, want an error", tt.in, rt, id)
				}
				var se *fhir.SyntaxError
				if !errors.As(err, &se) && !errors.Is(err, fhir.ErrNoResourceType) {
					t.Errorf("error %v (%T) is not a *SyntaxError", err, err)
				}
			default:
				if err != nil || rt != tt.wantRT || id != tt.wantID {
					t.Fatalf("Peek(%s) = %q, %q, %v; want %q, %q", tt.in, rt, id, err, tt.wantRT, tt.wantID)
				}
			}
		})
	}
}

// TestPeekSamples checks Peek against a full encoding/json decode on every
// real sample line.
func TestPeekSamples(t *testing.T) {
	names, _ := filepath.Glob(filepath.Join(samples.Dir(t), "*.ndjson"))
	for _, name := range names {
		for i, line := range sampleLines(t, filepath.Base(name)) {
			var want struct {
				ResourceType string `json:"resourceType"`
				ID           string `json:"id"`
			}
			if err := json.Unmarshal(line, &want); err != nil {
				t.Fatal(err)
			}
			rt, id, err := fhir.Peek(line)
			if err != nil || string(rt) != want.ResourceType || id != want.ID {
				t.Errorf("%s:%d: Peek = %q, %q, %v; want %q, %q", name, i+1, rt, id, err, want.ResourceType, want.ID)
			}
		}
	}
}

// FuzzPeek checks that Peek never panics, and that on valid JSON objects
// without repeated members it agrees with encoding/json.
func FuzzPeek(f *testing.F) {
	for _, s := range []string{
		`{"resourceType":"Patient","id":"1"}`,
		`{"a":{"b":[1,"x\"y",{}]},"id":"-9","resourceType":"ExplanationOfBenefit"}`,
		`{"resource\u0054ype":"Claim","id":"a\\b"}`,
		`[1,2]`, `{"id":null}`, `{"a":"\\"}`, `{"resourceType":1}`, ``, `{`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rt, id, err := fhir.Peek(data)
		if !json.Valid(data) {
			return
		}
		var members map[string]json.RawMessage
		if json.Unmarshal(data, &members) != nil || members == nil { // not an object (null decodes to a nil map)
			if err == nil {
				t.Fatalf("Peek(%q) accepted a non-object", data)
			}
			return
		}
		if repeated(data) {
			return
		}
		var wantRT, wantID *string
		rtOK := decodeString(members["resourceType"], &wantRT)
		idOK := decodeString(members["id"], &wantID)
		switch {
		case !rtOK || !idOK:
			// Peek reads both members before it can succeed.
			if err == nil {
				t.Fatalf("Peek(%q) = %q, %q, nil; want an error", data, rt, id)
			}
		case wantRT == nil || *wantRT == "":
			if !errors.Is(err, fhir.ErrNoResourceType) {
				t.Fatalf("Peek(%q) error %v, want ErrNoResourceType", data, err)
			}
		default:
			if err != nil || string(rt) != *wantRT || (wantID != nil && id != *wantID) || (wantID == nil && id != "") {
				t.Fatalf("Peek(%q) = %q, %q, %v", data, rt, id, err)
			}
		}
	})
}

// decodeString decodes a member that must be a string or null (or absent).
func decodeString(raw json.RawMessage, out **string) bool {
	if raw == nil {
		return true
	}
	return json.Unmarshal(raw, out) == nil
}

// repeated reports whether a valid JSON object repeats a top-level member.
func repeated(data []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(data))
	seen := map[string]bool{}
	depth := 0
	expectKey := false
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		switch v := tok.(type) {
		case json.Delim:
			if v == '{' || v == '[' {
				depth++
				expectKey = v == '{' && depth == 1
			} else {
				depth--
				expectKey = depth == 1
			}
			continue
		case string:
			if depth == 1 && expectKey {
				if seen[v] {
					return true
				}
				seen[v] = true
				expectKey = false
				continue
			}
		}
		if depth == 1 {
			expectKey = true
		}
	}
}
