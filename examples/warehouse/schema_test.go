package main

import (
	"encoding/json"
	"testing"
)

func TestTextValue(t *testing.T) {
	cases := []struct {
		typ  string
		in   any
		want any
		bad  bool
	}{
		{"date", "2024-03-05", "2024-03-05", false},
		{"date", "2024-03", "2024-03-01", false},
		{"date", "2024", "2024-01-01", false},
		{"date", "2024-13-01", nil, true},
		{"date", "2024-03-05T10:00:00Z", nil, true},
		{"dateTime", "2024-03-05T10:00:00.123+02:00", "2024-03-05T10:00:00.123+02:00", false},
		{"dateTime", "2024-03-05", "2024-03-05", false},
		{"dateTime", "2024", "2024-01-01", false},
		{"instant", "yesterday", nil, true},
		{"decimal", json.Number("12.50"), "12.50", false},
		{"decimal", json.Number("1e400x"), nil, true},
		{"decimal", json.Number("-0.5"), "-0.5", false},
		{"decimal", json.Number("123456789012345678901234567890"), nil, true},
		{"decimal", json.Number("1e3"), nil, true},
		{"decimal", json.Number("1.5E3"), nil, true},
		{"positiveInt", int64(7), "7", false},
		{"boolean", true, "true", false},
		{"string", "x", "x", false},
		{"code", nil, nil, false},
		{"string", []any{"a"}, nil, true},
	}
	for _, c := range cases {
		got, err := textValue(c.typ, c.in)
		if (err != nil) != c.bad || got != c.want {
			t.Errorf("textValue(%s, %#v) = %#v, %v; want %#v, error %v", c.typ, c.in, got, err, c.want, c.bad)
		}
	}
}

func TestGroup(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -5: "-5"} {
		if got := group(n); got != want {
			t.Errorf("group(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestParseTarget(t *testing.T) {
	for in, want := range map[string][2]string{
		"w.duckdb":            {"duckdb", "w.duckdb"},
		"duckdb:/tmp/x":       {"duckdb", "/tmp/x"},
		"postgres://u@h/db":   {"postgres", "postgres://u@h/db"},
		"postgresql://u@h/db": {"postgres", "postgresql://u@h/db"},
		"parquet:out":         {"parquet", "out"},
		"csv:out":             {"csv", "out"},
		"mysql://u@h/db":      {"", ""},
		"csv:":                {"", ""},
	} {
		kind, where, err := parseTarget(in)
		if kind != want[0] || where != want[1] || (err != nil) != (want[0] == "") {
			t.Errorf("parseTarget(%q) = %q, %q, %v; want %q, %q", in, kind, where, err, want[0], want[1])
		}
	}
}
