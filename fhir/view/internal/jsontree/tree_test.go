package jsontree

import (
	"bytes"
	"encoding/json"
	"testing"
	"unicode/utf8"
)

func TestParse(t *testing.T) {
	var tr Tree
	src := `{"a":[1,2.5e3,"x\u00e9\"y",true,false,null],"b\n":{"c":{}},"d":[]}`
	if err := tr.Parse([]byte(src)); err != nil {
		t.Fatal(err)
	}
	a := tr.Field(0, "a")
	if tr.Kind(a) != Array || tr.Len(a) != 6 {
		t.Fatalf("a: %v %d", tr.Kind(a), tr.Len(a))
	}
	s := tr.Next(tr.Next(tr.First(a)))
	if tr.Str(s) != "xé\"y" || !tr.StrEqual(s, "xé\"y") || string(tr.Text(tr.Next(tr.First(a)))) != "2.5e3" {
		t.Errorf("string %q", tr.Str(s))
	}
	if b := tr.Field(0, "b\n"); tr.Kind(b) != Object || tr.Key(b) != "b\n" || tr.Field(b, "c") == 0 {
		t.Errorf("escaped key not found")
	}
	if tr.Field(0, "zz") != 0 || tr.Field(a, "a") != 0 {
		t.Error("absent member found")
	}
	for _, bad := range []string{``, `{`, `{"a"}`, `{"a":1,}`, `[1 2]`, `"\x"`, "\"\x01\"", `01`, `1.`, `-`, `tru`, `{} {}`, `"\ud800`} {
		if err := tr.Parse([]byte(bad)); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// FuzzTree checks the decoder against encoding/json: the same inputs are
// valid, and strings decode to the same text.
//
//	go test -run '^$' -fuzz FuzzTree -fuzztime 60s -parallel 1 ./fhir/view/internal/jsontree/
func FuzzTree(f *testing.F) {
	for _, s := range []string{`{"a":[1,"b",{"c":null}]}`, `"\ud83d\ude00"`, `[-0.5e+3,true]`, `{"a":"\u0000"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var tr Tree
		err := tr.Parse(data)
		valid := json.Valid(data)
		if (err == nil) != valid {
			if err == nil && !valid && depthOK(data) {
				t.Fatalf("accepted invalid JSON %q", data)
			}
			if err != nil && valid && depthOK(data) {
				t.Fatalf("refused valid JSON %q: %v", data, err)
			}
			return
		}
		if err == nil && tr.Kind(0) == String {
			var s string
			// encoding/json replaces invalid UTF-8 and lone surrogates;
			// compare only where neither is involved.
			if json.Unmarshal(data, &s) == nil && utf8.Valid(data) && !bytes.Contains(data, []byte(`\u`)) && s != tr.Str(0) {
				t.Fatalf("string %q, encoding/json says %q", tr.Str(0), s)
			}
		}
	})
}

// depthOK reports whether data nests within maxDepth (deeper input is
// refused on purpose).
func depthOK(data []byte) bool {
	d, m := 0, 0
	for _, c := range data {
		switch c {
		case '[', '{':
			d++
			m = max(m, d)
		case ']', '}':
			d--
		}
	}
	return m <= maxDepth
}
