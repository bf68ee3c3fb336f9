package auth

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// maskJWT and maskOpaque are the tokens of the masking tests: a JWT, and a
// reference token with the characters JSON writers escape.
var (
	maskJWT    = signedJWT(`{"client_id":"my.trusted.app/service","scope":"read","jti":"a1b2c3d4e5"}`, "0f9e8d7c6b5a49382716")
	maskOpaque = "Rk9P+YmFyL2Jheg/cXV4+cXV1eA==/Y29yZ2U+Z3JhdWx0"
)

// signedJWT is a JWT of claims with a signature made of sig.
func signedJWT(claims, sig string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"RS256","typ":"JWT"}`)) + "." + enc([]byte(claims)) + "." + enc([]byte(sig+sig))
}

// newMaskServer is a token endpoint at /token issuing tokens (one per
// request, the last one again when they run out) and api for the rest.
func newMaskServer(t *testing.T, api http.HandlerFunc, tokens ...string) *httptest.Server {
	var mu sync.Mutex
	mux := http.NewServeMux()
	mux.HandleFunc("/token", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		tok := tokens[0]
		if len(tokens) > 1 {
			tokens = tokens[1:]
		}
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token":"`+tok+`","token_type":"Bearer","expires_in":3600}`)
	})
	mux.HandleFunc("/", api)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// readerViews is what a reader of text shows of it: the text itself, and
// the text as JSON, XML and HTML readers decode it (when they do), written
// independently of the masker's decoders.
func readerViews(text string) map[string]string {
	views := map[string]string{"raw": text, "HTML": html.UnescapeString(text)}
	var v any
	if json.Unmarshal([]byte(text), &v) == nil {
		b, _ := json.Marshal(v)
		var sb strings.Builder
		collectStrings(v, &sb)
		views["JSON strings"] = sb.String()
		views["JSON re-encoded"] = string(b)
	}
	var x struct {
		Inner string `xml:",innerxml"`
		Text  string `xml:",chardata"`
		Msg   string `xml:"message"`
	}
	if xml.Unmarshal([]byte(text), &x) == nil {
		views["XML"] = x.Text + " " + x.Msg
	}
	if u, err := url.QueryUnescape(text); err == nil {
		views["URL-decoded"] = u
	}
	if s, ok := views["JSON strings"]; ok {
		var again strings.Builder
		for _, l := range strings.Split(s, "\n") {
			var d string
			if json.Unmarshal([]byte(`"`+l+`"`), &d) == nil {
				again.WriteString(d + "\n")
			}
		}
		views["JSON strings decoded again"] = again.String()
	}
	var pairs strings.Builder
	for i := 0; i < len(text); i++ {
		if text[i] == '\\' && i+1 < len(text) {
			i++
		}
		pairs.WriteByte(text[i])
	}
	views["quoted-pairs"] = pairs.String()
	return views
}

func collectStrings(v any, sb *strings.Builder) {
	switch v := v.(type) {
	case string:
		sb.WriteString(v + "\n")
	case map[string]any:
		for k, x := range v {
			sb.WriteString(k + "\n")
			collectStrings(x, sb)
		}
	case []any:
		for _, x := range v {
			collectStrings(x, sb)
		}
	}
}

// tokenRuns lists the runs of 8 bytes or more of token, or of its base64
// and URL-encoded forms, in any reader's view of text.
func tokenRuns(token, text string) []string {
	forms := []string{token, url.QueryEscape(token), base64.StdEncoding.EncodeToString([]byte(token)),
		base64.RawURLEncoding.EncodeToString([]byte(token))}
	var out []string
	for name, view := range readerViews(text) {
		for _, f := range forms {
			for i := 0; i+8 <= len(f); i++ {
				if strings.Contains(view, f[i:i+8]) {
					out = append(out, fmt.Sprintf("%s view holds %q", name, f[i:i+8]))
					break
				}
			}
		}
	}
	return out
}

func everyOther(s string, esc func(r rune) string) string {
	var b strings.Builder
	for i, r := range s {
		if i%2 == 0 {
			b.WriteString(esc(r))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func uEsc(r rune) string { return fmt.Sprintf(`\u%04X`, r) }

// maskEchoes are the forms of issue 13's hostile API, and more.
var maskEchoes = []struct {
	name string
	body func(tok string) string
}{
	{"raw", func(t string) string { return `{"message":"bad ` + t + `"}` }},
	{"System.Text.Json", func(t string) string {
		return `{"message":"bad ` + uEsc(rune(t[0])) + strings.ReplaceAll(t[1:], "+", `\u002B`) + `"}`
	}},
	{"slashes escaped", func(t string) string { return `{"message":"` + strings.ReplaceAll(t, "/", `\/`) + `"}` }},
	{"every other character \\u", func(t string) string { return `{"error":{"message":"` + everyOther(t, uEsc) + `"}}` }},
	{"escaped twice", func(t string) string {
		return `{"message":"` + strings.ReplaceAll(everyOther(t, uEsc), `\`, `\\`) + `"}`
	}},
	{"URL-encoded", func(t string) string { return `{"message":"` + url.QueryEscape(t) + `"}` }},
	{"every byte %XX", func(t string) string {
		return "bad " + everyOther(t, func(r rune) string { return fmt.Sprintf("%%%02x", r) })
	}},
	{"base64", func(t string) string { return "x " + base64.StdEncoding.EncodeToString([]byte(t)) + " y" }},
	{"a cut", func(t string) string { return `{"message":"…` + t[10:22] + `…"}` }},
	{"XML references", func(t string) string {
		return `<error><message>` + everyOther(t, func(r rune) string { return fmt.Sprintf("&#x%x;", r) }) + `</message></error>`
	}},
	{"HTML references without ;", func(t string) string {
		return `<title>` + everyOther(t, func(r rune) string { return fmt.Sprintf("&#%d", r) }) + `</title>`
	}},
	{"named references", func(t string) string {
		return `<title>` + strings.NewReplacer("_", "&lowbar;", ".", "&period;", "+", "&plus;", "/", "&sol;", "=", "&equals;").Replace(t) + `</title>`
	}},
	{"XML comments and CDATA", func(t string) string {
		var b strings.Builder
		for i := 0; i < len(t); i += 5 {
			piece := t[i:min(i+5, len(t))]
			if i%10 == 0 {
				b.WriteString("<![CDATA[" + piece + "]]>")
			} else {
				b.WriteString(piece + "<!-- -->")
			}
		}
		return `<error><message>` + b.String() + `</message></error>`
	}},
	{"header quoted-pairs", func(t string) string {
		return `Bearer error_description="` + everyOther(t, func(r rune) string { return `\` + string(r) }) + `"`
	}},
}

func TestMaskerEchoes(t *testing.T) {
	for _, tok := range []string{maskJWT, maskOpaque} {
		m := NewMasker("another-token-0123456789", tok)
		for _, e := range maskEchoes {
			t.Run(e.name, func(t *testing.T) {
				in := e.body(tok)
				if len(tokenRuns(tok, in)) == 0 {
					t.Fatalf("the echo %q holds no trace of the token: the test is wrong", in)
				}
				out := m.String(in)
				for _, l := range tokenRuns(tok, out) {
					t.Errorf("masked %q:\n%s\n%s", in, out, l)
				}
				if json.Valid([]byte(in)) && !json.Valid([]byte(out)) {
					t.Errorf("masked JSON is no longer JSON: %s", out)
				}
				if xml.Unmarshal([]byte(in), new(struct{})) == nil && xml.Unmarshal([]byte(out), new(struct{})) != nil {
					t.Errorf("masked XML is no longer XML: %s", out)
				}
				if !strings.Contains(out, "…") {
					t.Errorf("masked %q to %q; want the mask's …", in, out)
				}
			})
		}
	}
}

func TestMaskerMarks(t *testing.T) {
	m := NewMasker(maskJWT)
	tests := []struct{ name, in, want string }{
		{"clean", `{"error":{"code":"X","message":"no such set"}}`, `{"error":{"code":"X","message":"no such set"}}`},
		{"raw", "token " + maskJWT + ".", "token " + Mask(maskJWT) + "."},
		{"escape kept whole", `"\u0065` + maskJWT[1:] + `"`, `"` + Mask(maskJWT) + `"`},
		{"access_token in JSON", `{"access_token":"abc123xyz","token_type":"Bearer"}`, `{"access_token":"REDACTED","token_type":"Bearer"}`},
		{"escaped field name", `{"acc\u0065ss_token" : "abc\u0031xyz"}`, `{"acc\u0065ss_token" : "REDACTED"}`},
		{"refresh_token in a form", `refresh_token=r-1%2B2&x=1`, `refresh_token=REDACTED&x=1`},
		{"id_token in a fragment", `https://app/cb#ID_TOKEN=eyJx.y.z`, `https://app/cb#ID_TOKEN=REDACTED`},
		{"field already masked", `access_token=REDACTED`, `access_token=REDACTED`},
		{"prose", `the access_token is missing`, `the access_token is missing`},
		{"invalid UTF-8 around a field", "\xd8\xffACCESS_TOKEN=ab\xd8cd", "\xd8\xffACCESS_TOKEN=REDACTED"},
	}
	for _, tt := range tests {
		if got := m.String(tt.in); got != tt.want {
			t.Errorf("%s: got %s; want %s", tt.name, got, tt.want)
		}
	}
	clean := []byte(`{"value":[]}`)
	if got := m.Bytes(clean); &got[0] != &clean[0] {
		t.Error("Bytes copied a clean body; want it returned as it is")
	}
	if got := (*Masker)(nil).String(`{"id_token":"x1"}`); got != `{"id_token":"REDACTED"}` {
		t.Errorf("nil Masker: got %s; want the field masked", got)
	}
}

// TestLinkHoldsToken: the transport refuses a URL holding the token's
// secret part, and only that: a URL may carry another JWT of the issuer.
func TestLinkHoldsToken(t *testing.T) {
	var st sentTokens
	st.add(maskJWT)
	other := signedJWT(`{"client_id":"my.trusted.app/service","scope":"read","jti":"zzzz"}`, "11223344556677889900")
	sig := maskJWT[strings.LastIndexByte(maskJWT, '.')+1:]
	tests := []struct {
		url  string
		want bool
	}{
		{"https://h/odata/Items?$skiptoken=10", false},
		{"https://h/odata/Verify(token='" + other + "')", false},
		{"https://h/odata/" + maskJWT + "(1)", true},
		{"https://h/odata/Items?$skiptoken=" + url.QueryEscape(maskJWT), true},
		{"https://h/odata/Items?x=" + sig[3:15], true},
	}
	for _, tt := range tests {
		u, _ := url.Parse(tt.url)
		if got := st.inURL(u); got != tt.want {
			t.Errorf("inURL(%s) = %v; want %v", tt.url, got, tt.want)
		}
	}
}

// TestErrorResponsesMasked: through the Transport, an error response's
// body and headers lose the token sent and the one before it (a replay),
// in each echo; a successful response is untouched.
func TestErrorResponsesMasked(t *testing.T) {
	for _, e := range maskEchoes {
		t.Run(e.name, func(t *testing.T) {
			var seen []string
			srv := newMaskServer(t, func(w http.ResponseWriter, r *http.Request) {
				tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
				seen = append(seen, tok)
				w.Header().Set("X-Echo", e.body(tok))
				w.WriteHeader(http.StatusInternalServerError)
				io.WriteString(w, e.body(tok))
			}, maskOpaque)
			s := NewSource(Config{ClientID: "c", ClientSecret: testSecret, TokenURL: srv.URL + "/token", ServiceURL: srv.URL})
			resp, err := s.Client().Get(srv.URL + "/x")
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if len(seen) != 1 || seen[0] != maskOpaque {
				t.Fatalf("the API saw tokens %q; want one", seen)
			}
			for _, out := range []string{string(b), resp.Header.Get("X-Echo")} {
				for _, l := range tokenRuns(seen[0], out) {
					t.Errorf("the response holds the token: %s\n%s", out, l)
				}
			}
		})
	}
}

// FuzzMasker: a random token (of the characters RFC 6750 allows), sent
// back in a random form, cut at a random point, inside random text: no
// reader's view of the masked text holds 8 bytes in a row of the token,
// and masked JSON stays JSON.
func FuzzMasker(f *testing.F) {
	for i := range maskEchoes {
		f.Add(maskOpaque, `{"m":"`, `"}`, uint8(i), uint16(0), uint16(0xffff))
		f.Add(maskJWT, "", "", uint8(i), uint16(3), uint16(40))
	}
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/="
	f.Fuzz(func(t *testing.T, seed, before, after string, how uint8, from, n uint16) {
		if len(seed) < 24 || len(seed) > 300 || len(before)+len(after) > 500 {
			return
		}
		tok := []byte(seed)
		for i, c := range tok {
			tok[i] = alphabet[int(c)%len(alphabet)]
		}
		token := string(tok)
		echo := maskEchoes[int(how)%len(maskEchoes)].body(token)
		if int(from) < len(echo) {
			echo = echo[from:min(len(echo), int(from)+int(n))]
		}
		in := before + echo + after
		out := NewMasker(token).String(in)
		for _, l := range tokenRuns(token, out) {
			t.Fatalf("masked %q:\n%q\n%s", in, out, l)
		}
		if json.Valid([]byte(in)) && !json.Valid([]byte(out)) {
			t.Fatalf("masked JSON %q is no longer JSON: %q", in, out)
		}
		if !bytes.Equal(NewMasker(token).Bytes([]byte(in)), []byte(out)) {
			t.Fatal("Bytes and String differ")
		}
	})
}

// TestMaskerReplayMasksBoth: after a replay, an error body echoing the
// token replaced (revoked by the 401) is masked as well as the new one.
func TestMaskerReplayMasksBoth(t *testing.T) {
	var mu = make(chan struct{}, 1)
	mu <- struct{}{}
	var first string
	srv := newMaskServer(t, func(w http.ResponseWriter, r *http.Request) {
		<-mu
		defer func() { mu <- struct{}{} }()
		tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		if first == "" {
			first = tok
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusInternalServerError)
		io.WriteString(w, `{"message":"old `+uEsc(rune(first[0]))+first[1:]+`, new `+tok+`"}`)
	}, maskOpaque, maskJWT)
	s := NewSource(Config{ClientID: "c", ClientSecret: testSecret, TokenURL: srv.URL + "/token", ServiceURL: srv.URL})
	req, _ := http.NewRequestWithContext(context.Background(), "GET", srv.URL+"/x", nil)
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if first == "" || len(tokenRuns(first, string(b))) > 0 || strings.Count(string(b), "…") != 2 {
		t.Errorf("after a replay the body is %s; want both tokens masked", b)
	}
}
