package origin

import (
	"net/url"
	"testing"
)

func TestSame(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"https://sandbox.bcda.cms.gov", "https://sandbox.bcda.cms.gov/data/1/a.ndjson", true},
		{"https://sandbox.bcda.cms.gov", "https://SANDBOX.bcda.cms.gov:443/api", true},
		{"HTTPS://sandbox.bcda.cms.gov", "https://sandbox.bcda.cms.gov", true},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080/x", true},
		{"http://example.com", "http://example.com:80/", true},
		{"https://sandbox.bcda.cms.gov", "http://sandbox.bcda.cms.gov", false},
		{"https://sandbox.bcda.cms.gov", "https://sandbox.bcda.cms.gov:8443", false},
		{"https://sandbox.bcda.cms.gov", "https://sandbox.bcda.cms.gov.evil.example", false},
		{"https://sandbox.bcda.cms.gov", "https://files.example.com/a.ndjson", false},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8081", false},
		{"http://[::1]:8080", "http://[::1]:8080/x", true},
	}
	for _, tt := range tests {
		a, _ := url.Parse(tt.a)
		b, _ := url.Parse(tt.b)
		if got := Same(a, b); got != tt.want {
			t.Errorf("Same(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
	if Same(nil, &url.URL{}) || Same(&url.URL{}, nil) {
		t.Error("a nil URL matched")
	}
}
