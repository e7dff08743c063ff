package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Issue is one issue of an OperationOutcome found in an error file.
type Issue struct {
	// File is the error file's name in the download folder; Line its
	// 1-based line.
	File string
	Line int
	// Severity is fatal, error, warning or information.
	Severity string
	// Code is the issue type code ("not-found", "processing", …), possibly empty.
	Code string
	// Message is the diagnostics, or the details text when there are none.
	// Treat it as PHI: BCDA's error diagnostics name the beneficiary's MBI
	// (reference/bcda-server.md §7.3), so it belongs in the error file, not
	// in a log.
	Message string
}

// String formats the issue as "file:line: severity (code): message".
func (i Issue) String() string {
	return fmt.Sprintf("%s:%d: %s (%s): %s", i.File, i.Line, i.Severity, i.Code, i.Message)
}

// maxIssues bounds the issues kept per kind in a DownloadResult; the counts
// stay exact.
const maxIssues = 1000

type wireOutcome struct {
	ResourceType string `json:"resourceType"`
	Issue        []struct {
		Severity    string `json:"severity"`
		Code        string `json:"code"`
		Diagnostics string `json:"diagnostics"`
		Details     struct {
			Text string `json:"text"`
		} `json:"details"`
	} `json:"issue"`
}

// readIssues parses an NDJSON file of OperationOutcomes into r's errors and
// warnings. Lines are read one at a time, whatever their length.
func readIssues(src io.Reader, name string, r *DownloadResult) error {
	br := bufio.NewReaderSize(src, 64<<10)
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if t := bytes.TrimSpace(b); len(t) > 0 {
			var oo wireOutcome
			if jerr := json.Unmarshal(t, &oo); jerr != nil {
				return fmt.Errorf("export: %s line %d: %w", name, line, jerr)
			}
			if oo.ResourceType != "" && oo.ResourceType != "OperationOutcome" {
				return fmt.Errorf("export: %s line %d: resourceType %q, want OperationOutcome", name, line, oo.ResourceType)
			}
			for _, is := range oo.Issue {
				msg := is.Diagnostics
				if msg == "" {
					msg = is.Details.Text
				}
				issue := Issue{File: name, Line: line, Severity: is.Severity, Code: is.Code, Message: msg}
				switch strings.ToLower(is.Severity) {
				case "warning", "information":
					r.WarningCount++
					if len(r.Warnings) < maxIssues {
						r.Warnings = append(r.Warnings, issue)
					}
				default:
					r.ErrorCount++
					if len(r.Errors) < maxIssues {
						r.Errors = append(r.Errors, issue)
					}
				}
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
