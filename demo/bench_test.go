package demo

import (
	"crypto/rand"
	"crypto/rsa"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// BenchmarkNewCold measures New in a fresh process: data generation and the
// RSA key, which run concurrently.
func BenchmarkNewCold(b *testing.B) {
	for b.Loop() {
		dataOnce, keyOnce = sync.Once{}, sync.Once{}
		New(Options{})
	}
}

// BenchmarkNewWarm measures New once data and key exist (every later New).
func BenchmarkNewWarm(b *testing.B) {
	New(Options{})
	for b.Loop() {
		New(Options{})
	}
}

// BenchmarkGenerate measures the data generation alone.
func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		generate()
	}
}

// BenchmarkRSAKey measures the 2048-bit key generation alone.
func BenchmarkRSAKey(b *testing.B) {
	for b.Loop() {
		if _, err := rsa.GenerateKey(rand.Reader, 2048); err != nil {
			b.Fatal(err)
		}
	}
}

// benchPage serves one page of rows rows through the handler and reports rows/s.
func benchPage(b *testing.B, path, accept string, rows int) {
	s := NewServer(Options{TokenTTL: 3600e9})
	defer s.Close()
	tok := getToken(b, s, "")
	h := s.Handler()
	req := httptest.NewRequest("GET", "http://127.0.0.1/api/domain/odata/"+path, nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	var size int
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("got %d: %s", w.Code, w.Body)
		}
		size = w.Body.Len()
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
	b.SetBytes(int64(size))
}

func BenchmarkPageCustomers1000(b *testing.B) {
	benchPage(b, "Crm_Sales_Customers?$top=1000&$count=true", "", 1000)
}

func BenchmarkPageCustomers1000IEEE754(b *testing.B) {
	benchPage(b, "Crm_Sales_Customers?$top=1000&$count=true", "application/json;IEEE754Compatible=true", 1000)
}

func BenchmarkPageOrdersOrdered1000(b *testing.B) {
	benchPage(b, "Crm_Sales_SalesOrders?$top=1000&$orderby=DocumentDate%20desc&$expand=Lines&$filter=State%20in%20('Released','Completed')", "", 1000)
}

func BenchmarkPageWideAll(b *testing.B) {
	benchPage(b, "General_Wide_Records?$top=1000", "", nWide)
}
