package export

import (
	"fmt"
	"strconv"

	"github.com/bcda-go/bcda/fhir"
)

// The saved folder's layout. Download writes one flat folder:
//
//	Coverage-001.ndjson
//	ExplanationOfBenefit-001.ndjson
//	ExplanationOfBenefit-002.ndjson
//	OperationOutcome-error-001.ndjson
//	Patient-001.ndjson
//	manifest.json
//
// Output files are named "<Type>-<NNN>.ndjson", error and deleted files
// "<Type>-error-<NNN>.ndjson" and "<Type>-deleted-<NNN>.ndjson", numbered
// from 1 in manifest order within their type and kind, zero-padded to three
// digits (more when a type has more than 999 files). Why this shape:
//   - every file of a type sorts together and a glob ("Patient-*.ndjson",
//     or DuckDB's read_json('dir/Patient-*.ndjson')) finds them without
//     reading anything;
//   - the kind in the name keeps an error list's OperationOutcomes apart from
//     data, whatever the server calls its files (BCDA names them
//     "<uuid>.ndjson", "<uuid>-error.ndjson" and "warnings-and-info.ndjson":
//     ../shared/reference/bcda-server.md §7);
//   - one flat folder has one mode to set and one directory to sync.
//
// BCDA's own name stays in manifest.json (each entry's url), so a file can
// always be traced back to the server's listing.

// SavedManifestName is the file Download writes into its folder last, once
// every file is in place: a folder without it holds an unfinished download.
const SavedManifestName = "manifest.json"

// layoutName is the saved name of the n-th (1-based) file of its kind and
// type, of total such files.
func layoutName(kind FileKind, typ fhir.ResourceType, n, total int) string {
	width := max(3, len(strconv.Itoa(total)))
	if kind == KindOutput {
		return fmt.Sprintf("%s-%0*d.ndjson", typ, width, n)
	}
	return fmt.Sprintf("%s-%s-%0*d.ndjson", typ, kind, width, n)
}

// checkTypeName refuses a manifest type that cannot be part of a file name:
// the server chooses it, and it must not reach outside the folder. FHIR
// resource type names are ASCII letters and digits, starting upper-case.
func checkTypeName(t fhir.ResourceType) error {
	s := string(t)
	if s == "" || s[0] < 'A' || s[0] > 'Z' || len(s) > 64 {
		return fmt.Errorf("export: manifest file type %q is not a resource type name", s)
	}
	for _, c := range s {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return fmt.Errorf("export: manifest file type %q is not a resource type name", s)
		}
	}
	return nil
}
