module github.com/bcda-go/bcda

go 1.25.0

require (
	github.com/cenkalti/backoff/v4 v4.3.0
	github.com/goccy/go-json v0.12.0
	github.com/hashicorp/go-retryablehttp v0.7.8
	github.com/jarcoal/httpmock v1.4.2
	github.com/samply/golang-fhir-models/fhir-models v0.3.2
)

require (
	github.com/cockroachdb/apd/v3 v3.2.3 // indirect
	github.com/hashicorp/go-cleanhttp v0.5.2 // indirect
)
