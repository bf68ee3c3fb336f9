package auth

import (
	"strings"
	"testing"
)

// jwtLike is a token of the size and alphabet of an RS256 JWT.
var jwtLike = strings.Repeat("eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9", 8) + "." + strings.Repeat("Ab3-_xYz", 43)

// BenchmarkNewMasker: a Masker of a JWT-sized token, built and used on
// one URL-sized text (what the request log does for each new token).
func BenchmarkNewMasker(b *testing.B) {
	u := "https://demo.example/odata/Crm_Sales_SalesOrders?$top=1000&$skip=2000"
	for b.Loop() {
		m := NewMasker(jwtLike)
		if m.String(u) != u {
			b.Fatal("masked a clean URL")
		}
	}
}
