package fhir

import r4 "github.com/samply/golang-fhir-models/fhir-models/fhir"

// IssueMessage returns the human-readable message of one OperationOutcome
// issue: its diagnostics, else its details.text, else the display of its
// first details coding that has one; "" when the issue carries none.
//
// BCDA puts the message in different places by version
// (../shared/reference/bcda-server.md §8 "Error body shapes", from
// CMSgov/bcda-app responseutils/writer.go, v2/writer.go, v3/writer.go):
// v1 fills diagnostics only, v2 diagnostics plus details, v3 details.text
// only; the lines of an error file carry diagnostics (§7.3) and v3's
// warnings-and-info file details.text (§7.4). Read it through this function
// rather than one field.
func IssueMessage(issue r4.OperationOutcomeIssue) string {
	if issue.Diagnostics != nil && *issue.Diagnostics != "" {
		return *issue.Diagnostics
	}
	if d := issue.Details; d != nil {
		if d.Text != nil && *d.Text != "" {
			return *d.Text
		}
		for _, c := range d.Coding {
			if c.Display != nil && *c.Display != "" {
				return *c.Display
			}
		}
	}
	return ""
}
