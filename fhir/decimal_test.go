package fhir_test

import (
	"encoding/json"
	"testing"

	"github.com/cockroachdb/apd/v3"

	"github.com/bcda-go/bcda/fhir"
)

func TestDecimal(t *testing.T) {
	for _, tt := range []struct {
		in   string
		ok   bool
		want string // String of the result: the source text when no exponent is used
	}{
		{"123.40", true, "123.40"}, // trailing zeros are precision in FHIR; kept
		{"0.010", true, "0.010"},
		{"-0.5", true, "-0.5"},
		{"257663.58", true, "257663.58"},
		{"12345678901234567890.123456789", true, "12345678901234567890.123456789"},
		{"1e2", true, "1E+2"}, // same value and precision, exponent respelled
		{"NaN", false, ""},
		{"", false, ""},
		{"12,5", false, ""},
	} {
		n := json.Number(tt.in)
		d, ok := fhir.Decimal(&n)
		if ok != tt.ok || (ok && d.String() != tt.want) {
			t.Errorf("Decimal(%q) = %v, %v; want %q, %v", tt.in, d, ok, tt.want, tt.ok)
		}
	}
	if d, ok := fhir.Decimal(nil); ok || d != nil {
		t.Errorf("Decimal(nil) = %v, %v", d, ok)
	}
}

// TestDecimalExact adds an amount a float64 cannot hold exactly (0.1) ten
// times and compares the sum with the exact value.
func TestDecimalExact(t *testing.T) {
	var sum apd.Decimal
	for range 10 {
		n := json.Number("0.10")
		d, _ := fhir.Decimal(&n)
		if _, err := apd.BaseContext.Add(&sum, &sum, d); err != nil {
			t.Fatal(err)
		}
	}
	one := apd.New(1, 0)
	if sum.Cmp(one) != 0 || sum.String() != "1.00" {
		t.Errorf("ten times 0.10 = %s (Cmp 1 = %d), want 1.00", sum.String(), sum.Cmp(one))
	}
}

// TestPaymentRoundTrip puts an amount read with Payment back into a model and
// checks that the JSON is unchanged.
func TestPaymentRoundTrip(t *testing.T) {
	in := `{"resourceType":"ExplanationOfBenefit","payment":{"amount":{"value":1047.50,"currency":"USD"}}}`
	var e fhir.ExplanationOfBenefit
	if err := json.Unmarshal([]byte(in), &e); err != nil {
		t.Fatal(err)
	}
	paid, ok := fhir.Payment(&e)
	if !ok || paid.String() != "1047.50" {
		t.Fatalf("Payment = %v, %v", paid, ok)
	}
	back := json.Number(paid.String())
	e.Payment.Amount.Value = &back
	out, err := json.Marshal(e.Payment.Amount)
	if err != nil || string(out) != `{"value":1047.50,"currency":"USD"}` {
		t.Errorf("re-marshalled amount %s, %v", out, err)
	}
	if _, ok := fhir.Payment(&fhir.ExplanationOfBenefit{}); ok {
		t.Error("Payment of an EOB without payment")
	}
}
