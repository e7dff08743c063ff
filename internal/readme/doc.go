// Package readme holds the tests that keep README.md honest: every Go
// snippet in the README is the text of a function in snippets_test.go,
// which the Go compiler checks and the tests run against the offline BCDA.
// Edit a snippet there, then copy it into the README; the test says where
// they differ.
package readme
