package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bcda-go/bcda/fhir/view"
)

// table is the database table a view fills: its name is the view's name,
// one column per view column, typed from the column's FHIR type.
type table struct {
	name     string
	resource string // the FHIR resource type the view reads
	key      int    // index of the column holding the resource's key
	cols     []view.Column
	view     *view.View
}

// newTable describes the table of a compiled view. The key column, whose
// path is getResourceKey(), ties each row to the resource it came from, so
// that an incremental load can replace a changed resource's rows.
func newTable(v *view.View) (*table, error) {
	t := &table{name: v.Name(), resource: v.Resource(), key: -1, cols: v.Columns(), view: v}
	for i, c := range t.cols {
		if c.Collection {
			return nil, fmt.Errorf("view %s: column %s is a collection; a table column holds one value", t.name, c.Name)
		}
		if c.Path == "getResourceKey()" && t.key < 0 {
			t.key = i
		}
	}
	if t.key < 0 {
		return nil, fmt.Errorf("view %s: no column is getResourceKey(), so its rows cannot be tied to their resource", t.name)
	}
	return t, nil
}

// dialect holds what differs between the databases the loader writes.
type dialect struct {
	text    string // the SQL type of text columns
	decimal string // exact decimals
}

var (
	duckdbDialect   = dialect{text: "VARCHAR", decimal: "DECIMAL(38,9)"}
	postgresDialect = dialect{text: "TEXT", decimal: "NUMERIC"}
)

// sqlType maps a FHIR primitive type to a column type. Dates become DATE and
// dateTime/instant TIMESTAMPTZ (partial values are stored at their first
// day, see normalize); decimals stay exact.
func (d dialect) sqlType(fhirType string) string {
	switch fhirType {
	case "boolean":
		return "BOOLEAN"
	case "integer", "positiveInt", "unsignedInt", "integer64":
		return "BIGINT"
	case "decimal":
		return d.decimal
	case "date":
		return "DATE"
	case "dateTime", "instant":
		return "TIMESTAMPTZ"
	default:
		return d.text
	}
}

// quoteIdent quotes an SQL identifier. View and column names are already
// restricted to [A-Za-z][A-Za-z0-9_]* by the ViewDefinition format.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// createSQL is the CREATE TABLE statement of t.
func (t *table) createSQL(d dialect) string {
	return t.create("CREATE TABLE IF NOT EXISTS", t.name, func(c view.Column) string { return d.sqlType(c.Type) })
}

// stageSQL creates the all-text staging table rows are first written to.
// It is an ordinary table created inside the load's transaction: no other
// session sees it, and a rollback or a crash removes it.
func (t *table) stageSQL(d dialect) string {
	return t.create("CREATE TABLE", stageName(t.name), func(view.Column) string { return d.text })
}

// create is "<verb> name (column type, …)" with t's columns.
func (t *table) create(verb, name string, typeOf func(view.Column) string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s (", verb, quoteIdent(name))
	for i, c := range t.cols {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %s", quoteIdent(c.Name), typeOf(c))
	}
	b.WriteString(")")
	return b.String()
}

// columnNames are t's column names, in order.
func (t *table) columnNames() []string {
	names := make([]string, len(t.cols))
	for i, c := range t.cols {
		names[i] = c.Name
	}
	return names
}

// insertFromStageSQL moves the staged rows into the table, casting each text
// value to its column's type in one set-based statement.
func (t *table) insertFromStageSQL(d dialect) string {
	var names, casts strings.Builder
	for i, c := range t.cols {
		if i > 0 {
			names.WriteString(", ")
			casts.WriteString(", ")
		}
		names.WriteString(quoteIdent(c.Name))
		if typ := d.sqlType(c.Type); typ == d.text {
			casts.WriteString(quoteIdent(c.Name))
		} else {
			fmt.Fprintf(&casts, "CAST(%s AS %s)", quoteIdent(c.Name), typ)
		}
	}
	return fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s",
		quoteIdent(t.name), names.String(), casts.String(), quoteIdent(stageName(t.name)))
}

func stageName(table string) string { return "bcda_stage_" + table }

// keysTable is the staging table of the keys of every resource a load
// read, per resource type: the resources whose old rows it replaces.
const keysTable = "bcda_stage_resource_keys"

// textRow converts a view row to the staging form: each value a string or
// nil, already checked against its column's type so that the final cast
// cannot fail. A value that does not fit its type is an error, which makes
// the whole resource a bad one.
func (t *table) textRow(r view.Row) ([]any, error) {
	out := make([]any, 0, len(t.cols))
	for i, c := range t.cols {
		s, err := textValue(c.Type, r[i])
		if err != nil {
			return nil, fmt.Errorf("view %s, column %s: %w", t.name, c.Name, err)
		}
		out = append(out, s)
	}
	return out, nil
}

// textValue renders one value as the text the database casts to the
// column's type: nil stays nil (NULL). Its errors describe a bad value
// without quoting it: values are beneficiaries' data (a birth date, an
// MBI) and errors reach the terminal and logs.
func textValue(fhirType string, v any) (any, error) {
	switch v := v.(type) {
	case nil:
		return nil, nil
	case bool:
		return strconv.FormatBool(v), nil
	case int64:
		return strconv.FormatInt(v, 10), nil
	case json.Number:
		if _, err := strconv.ParseFloat(string(v), 64); err != nil {
			return nil, fmt.Errorf("a value of %d characters is not a decimal", len(v))
		}
		// DECIMAL(38,9) holds 29 digits before the point; a larger value
		// (only a corrupt line has one) would fail the whole load's final
		// cast, so it makes its own line bad instead.
		if intPart, _, _ := strings.Cut(strings.TrimLeft(string(v), "-+"), "."); len(intPart) > 29 || strings.ContainsAny(string(v), "eE") {
			return nil, fmt.Errorf("a decimal of %d characters is outside the range kept (29 digits before the point, no exponent)", len(v))
		}
		return string(v), nil
	case string:
		return normalize(fhirType, v)
	case json.RawMessage:
		return string(v), nil
	default:
		return nil, fmt.Errorf("unexpected %T value", v)
	}
}

// normalize checks a date, dateTime or instant and completes a partial one
// (FHIR allows "2024" and "2024-03") to its first day, which is what a DATE
// or TIMESTAMPTZ column can hold. Other types pass through.
func normalize(fhirType, s string) (any, error) {
	switch fhirType {
	case "date", "dateTime", "instant":
	default:
		return s, nil
	}
	day := s
	switch len(s) {
	case 4:
		day = s + "-01-01"
	case 7:
		day = s + "-01"
	}
	if len(day) == 10 {
		if _, err := time.Parse(time.DateOnly, day); err != nil {
			return nil, fmt.Errorf("a value of %d characters is not a FHIR %s", len(s), fhirType)
		}
		return day, nil
	}
	if fhirType == "date" {
		return nil, fmt.Errorf("a value of %d characters is not a FHIR date", len(s))
	}
	if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
		return nil, fmt.Errorf("a value of %d characters is not a FHIR %s", len(s), fhirType)
	}
	return s, nil
}
