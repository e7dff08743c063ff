package view

// The ViewDefinition structure, as the logical model in FHIR/sql-on-fhir-v2
// input/fsh/models.fsh defines it.

// Definition is a parsed ViewDefinition. [Parse] fills it from JSON; it can
// also be built in Go and passed to [Compile].
type Definition struct {
	URL         string     // canonical URL (required by the Shareable profile)
	Name        string     // the view's name, ^[A-Za-z][A-Za-z0-9_]*$
	Title       string     // human title
	Status      string     // draft | active | retired | unknown
	Description string     // markdown
	Resource    string     // the FHIR resource type the view reads, e.g. "ExplanationOfBenefit"
	FHIRVersion []string   // FHIR versions the view is meant for (e.g. "4.0.1")
	Constants   []Constant // values usable in FHIRPath as %name
	Select      []Select   // at least one
	Where       []Where    // every path must be true for a resource to be included
}

// Select is one selection structure: columns, nested selects and a union,
// evaluated for each item of ForEach, ForEachOrNull or Repeat (at most one
// of them), or once for its parent's focus when none is set.
type Select struct {
	Column        []Column
	Select        []Select // nested selects, cross-joined with this one's columns
	ForEach       string   // FHIRPath: one row per item, none when empty
	ForEachOrNull string   // FHIRPath: one row per item, one row of nulls when empty
	Repeat        []string // FHIRPath paths followed recursively to any depth
	UnionAll      []Select // branches whose rows are concatenated; same columns in each
}

// Column is a column of a view: in a [Definition] it says how to compute
// the column; from [View.Columns] it describes the output.
type Column struct {
	Name        string // column name, ^[A-Za-z][A-Za-z0-9_]*$, unique in the view
	Path        string // FHIRPath expression, relative to the select's focus
	Type        string // FHIR type such as "string", "integer", "decimal", "boolean", "date"; "" = untyped
	Collection  bool   // the column holds a list ([]any) of every value the path yields
	Description string
	Tags        []Tag // metadata such as {"ansi/type", "DATE"}
}

// Tag is a name/value pair attached to a column, such as a database type
// hint ("ansi/type").
type Tag struct {
	Name  string
	Value string
}

// Where is a filter: a resource is included only if Path is true for it.
type Where struct {
	Path        string
	Description string
}

// Constant is a value usable in the view's FHIRPath expressions as %Name.
// Type is the FHIR type of its value[x] element ("code", "integer",
// "dateTime", …) and Value its JSON text: the string itself for string
// types, the number as written for numeric ones, "true" or "false".
type Constant struct {
	Name  string
	Type  string
	Value string
}
